/**
 * An imported Trivy report read in chunks (json-stream.ts) straight into Findings: each
 * vulnerability, misconfiguration and secret becomes a Finding as it is read, and its JSON (with
 * the package lists, CVSS vectors and references the gate does not read) is garbage at once. Only
 * the Findings and one copy of each rule text (findings/intern.ts) outlive the read, so memory goes
 * to what the gate keeps: building a tree first made the runtime grow its young generation to
 * 128 MiB for the survivors.
 *
 * What a Finding says about where it is (target, subject, image, file, layer, package class) comes
 * from the report's and the result's own fields, which Trivy writes before the findings but JSON
 * does not order: those are set once the whole report is read, so a report with its fields in any
 * order gives the Findings trivyFindings gives for it (the tests compare both on every fixture).
 */
import { ToolError } from '../errors.js'
import type { Intern } from '../findings/intern.js'
import type { Finding } from '../findings/model.js'
import { isObject, str, type Json, type JsonObject } from './json-input.js'
import type { Shape } from './json-stream.js'
import {
  fileOf,
  imageOf,
  isTrivyReport,
  misconfFinding,
  secretFinding,
  vulnFinding,
  type TrivyParseContext
} from './trivy.js'

/** The findings of one result, by kind, in the order trivyFindings lists them. */
interface ResultFindings {
  vulns: Finding[]
  misconfs: Finding[]
  secrets: Finding[]
}

/** Set when the report is read: the builders get placeholders, in the same key order. */
const PENDING = { target: '', subject: '', image: '(pending)' }
const PENDING_LOCATED = { ...PENDING, file: undefined }

export interface TrivyStream {
  shape: Shape
  /**
   * The Findings, once the reader has ended with `kept` (the report's own fields, and its Results
   * with their Target, Class and Type). `context` names the subject from those fields.
   */
  findings(kept: Json, file: string, context: (report: JsonObject) => TrivyParseContext): Finding[]
}

export function trivyStream(intern: Intern): TrivyStream {
  let results: ResultFindings[] = []
  let current: ResultFindings = { vulns: [], misconfs: [], secrets: [] }
  /** An array whose objects `add` turns into Findings; `open` starts the list over. */
  const each = (add: (entry: JsonObject) => void, open: () => void): Shape => ({
    kind: 'array',
    open,
    each: {
      kind: 'keep',
      map: value => {
        if (isObject(value)) add(value)
        return undefined as unknown as Json
      }
    }
  })
  const keep: Shape = { kind: 'keep' }
  const text: Shape = { kind: 'keep', map: v => (typeof v === 'string' ? intern(v) : v) }
  const shape: Shape = {
    kind: 'object',
    keys: {
      SchemaVersion: keep,
      ArtifactName: keep,
      ArtifactType: keep,
      Metadata: { kind: 'object', keys: { Reference: keep } },
      Results: {
        kind: 'array',
        // A repeated key keeps its last value, as JSON.parse does: start over.
        open: () => (results = []),
        each: {
          kind: 'object',
          open: () => {
            current = { vulns: [], misconfs: [], secrets: [] }
            results.push(current)
          },
          keys: {
            Target: keep,
            Class: text,
            Type: text,
            Vulnerabilities: each(
              v => current.vulns.push(vulnFinding(v, {}, PENDING, intern)),
              () => (current.vulns = [])
            ),
            Misconfigurations: each(
              m => {
                // Passed checks appear only with --include-non-failures; they are not findings.
                if (str(m, 'Status') !== 'PASS')
                  current.misconfs.push(misconfFinding(m, PENDING_LOCATED, intern))
              },
              () => (current.misconfs = [])
            ),
            Secrets: each(
              s => current.secrets.push(secretFinding(s, PENDING_LOCATED, intern)),
              () => (current.secrets = [])
            )
          }
        }
      }
    }
  }
  return { shape, findings: (kept, file, context) => placed(kept, results, file, context) }
}

/** The findings with what the report and each result say about where they are. */
function placed(
  kept: Json,
  results: readonly ResultFindings[],
  file: string,
  context: (report: JsonObject) => TrivyParseContext
): Finding[] {
  if (!isTrivyReport(kept)) {
    throw new ToolError(
      `${file} is not a Trivy JSON report: expected an object with SchemaVersion 2 and Results.`
    )
  }
  const ctx = context(kept)
  const image = imageOf(kept, ctx)
  const findings: Finding[] = []
  // The results that were objects, in order: the ones the reader entered (and `results` lists).
  const entered = Array.isArray(kept.Results) ? kept.Results.filter(isObject) : []
  entered.forEach((result, i) => {
    const found = results[i]!
    const target = str(result, 'Target') ?? ctx.subject
    const file = image ? undefined : fileOf(target, ctx)
    // A field that was not an array (the last of repeated keys wins) lists nothing, as objects() says.
    const listed = (key: string, list: Finding[]) => (Array.isArray(result[key]) ? list : [])
    const place = (f: Finding) => {
      f.target = target
      f.subject = ctx.subject
      f.image = image
      findings.push(f)
    }
    for (const f of listed('Vulnerabilities', found.vulns)) {
      if (!image) f.layer = undefined
      f.package!.class = str(result, 'Class')
      f.package!.ecosystem = str(result, 'Type')
      place(f)
    }
    for (const f of [...listed('Misconfigurations', found.misconfs), ...listed('Secrets', found.secrets)]) {
      f.file = file
      place(f)
    }
  })
  return findings
}
