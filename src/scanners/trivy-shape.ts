/**
 * What the gate reads of a Trivy JSON report, as a shape for the streaming reader (json-stream.ts):
 * the report's identity (SchemaVersion, ArtifactName, ArtifactType, Metadata.Reference) and, per
 * result, its Target, Class and Type and the fields trivy.ts turns into Findings. Everything else
 * (the package lists, CVSS vectors, references, the code lines of a misconfiguration) is checked and
 * dropped as it is read. Texts repeated across findings are interned as they are read, so the kept
 * tree holds one copy of each advisory text. trivyFindings reads the result as it reads a full parse.
 */
import type { Intern } from '../findings/intern.js'
import { isObject, type Json, type JsonObject } from './json-input.js'
import type { Shape } from './json-stream.js'

/** Per field: keep the value (`'text'` interns a string), or keep only some fields of an object. */
type Pick = { readonly [key: string]: 'value' | 'text' | Pick | { each: Pick } }

const VULNERABILITY: Pick = {
  VulnerabilityID: 'text',
  VendorIDs: 'value',
  Severity: 'text',
  Title: 'text',
  Description: 'text',
  PrimaryURL: 'text',
  PkgName: 'value',
  PkgID: 'value',
  InstalledVersion: 'value',
  FixedVersion: 'value',
  PkgIdentifier: { PURL: 'value' },
  Status: 'text',
  PublishedDate: 'text',
  LastModifiedDate: 'text',
  // maxCvss reads every source's scores.
  CVSS: { each: { V3Score: 'value', V40Score: 'value' } },
  Layer: { DiffID: 'text' }
}

const MISCONFIGURATION: Pick = {
  ID: 'text',
  AVDID: 'text',
  Severity: 'text',
  Title: 'text',
  Description: 'text',
  Resolution: 'text',
  Message: 'text',
  PrimaryURL: 'text',
  Status: 'text',
  CauseMetadata: { StartLine: 'value', EndLine: 'value' }
}

const SECRET: Pick = {
  RuleID: 'text',
  Severity: 'text',
  Title: 'text',
  Category: 'text',
  StartLine: 'value',
  EndLine: 'value'
}

/**
 * The listed fields of an object, present ones only (absent stays absent: the parser tells "no
 * field" from "empty"). A value of another type than the pick expects is kept as it is, for the
 * parser's own type checks to skip it, as they do for a full parse.
 */
function picked(value: Json, pick: Pick, intern: Intern): Json {
  if (!isObject(value)) return value
  const kept: JsonObject = {}
  for (const key of Object.keys(pick)) {
    if (!Object.hasOwn(value, key)) continue
    const field = value[key]!
    const how = pick[key]!
    if (how === 'value') kept[key] = field
    else if (how === 'text') kept[key] = typeof field === 'string' ? intern(field) : field
    else if ('each' in how && isObject(field)) {
      const each = how.each as Pick
      const inner: JsonObject = {}
      for (const [name, entry] of Object.entries(field)) inner[name] = picked(entry, each, intern)
      kept[key] = inner
    } else kept[key] = picked(field, how as Pick, intern)
  }
  return kept
}

const elements = (pick: Pick, intern: Intern): Shape => ({
  kind: 'array',
  each: { kind: 'keep', map: value => picked(value, pick, intern) }
})

export function trivyReportShape(intern: Intern): Shape {
  const keep: Shape = { kind: 'keep' }
  return {
    kind: 'object',
    keys: {
      SchemaVersion: keep,
      ArtifactName: keep,
      ArtifactType: keep,
      Metadata: { kind: 'object', keys: { Reference: keep } },
      Results: {
        kind: 'array',
        each: {
          kind: 'object',
          keys: {
            Target: keep,
            Class: { kind: 'keep', map: v => (typeof v === 'string' ? intern(v) : v) },
            Type: { kind: 'keep', map: v => (typeof v === 'string' ? intern(v) : v) },
            Vulnerabilities: elements(VULNERABILITY, intern),
            Misconfigurations: elements(MISCONFIGURATION, intern),
            Secrets: elements(SECRET, intern)
          }
        }
      }
    }
  }
}
