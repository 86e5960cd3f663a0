/**
 * One leg's container-gate JSON report, read back for the fleet aggregate: what the leg decided
 * (its outcome, its policy, each finding's action), the images it scanned and the base each was
 * built FROM. Only the fields the aggregate uses are kept, so a 2,000-finding report costs what its
 * distinct findings cost, not its JSON. Pure: the text is read elsewhere (read-legs.ts).
 */
import { ConfigurationError, messageOf } from '../errors.js'
import type { FindingKind } from '../findings/model.js'
import {
  normalizeSeverity,
  zeroSeverityCounts,
  type Severity,
  type SeverityCounts
} from '../findings/severity.js'
import type { DecisionAction } from '../policy/types.js'
import { JSON_REPORT_TOOL, JSON_REPORT_VERSION } from '../report/json-report.js'
import { isObject, obj, objects, parseJson, str, strings, type JsonObject } from '../scanners/json-input.js'

/** A finding as the leg decided it: the fields the fleet's rows, ranking and rebuild list read. */
export interface LegFinding {
  kind: FindingKind
  tool: string
  ruleId: string
  severity: Severity
  title: string
  primaryUrl?: string
  package?: { name: string; installedVersion?: string; fixedVersion?: string; class?: string }
  /** The image it was found in; absent for findings in files (Dockerfiles, manifests). */
  image?: string
  subject: string
  file?: string
  startLine?: number
  /** The leg's decision, kept as it was made (its policy, its first-seen dates). */
  action: DecisionAction
}

export interface LegReport {
  /** The report file, as the glob matched it. */
  file: string
  leg: string
  mode: string
  /** The leg's policy: a file path or "built-in defaults". */
  policy: string
  outcome: 'pass' | 'fail'
  reason: string
  counts: SeverityCounts
  rebuildRequired: boolean
  /** The images the leg scanned (by reference, then on disk), as its inputs gave them. */
  images: string[]
  /** The base (final-stage FROM) of each scanned image the report can pair with a Dockerfile. */
  bases: Map<string, string>
  findings: LegFinding[]
}

const ACTIONS: readonly DecisionAction[] = ['block', 'warn', 'record', 'ignore']

function notOurs(file: string, why: string): ConfigurationError {
  return new ConfigurationError(
    `Input 'report': ${JSON.stringify(file)} is not a container-gate JSON report (${why}). Expected the report-file of a container-gate leg (its output report-file, uploaded as an artifact).`
  )
}

function legFinding(raw: JsonObject): LegFinding | undefined {
  const decision = obj(raw, 'decision')
  const action = decision ? str(decision, 'action') : undefined
  const ruleId = str(raw, 'ruleId')
  if (!ruleId || !action || !(ACTIONS as readonly string[]).includes(action)) return undefined
  const pkg = obj(raw, 'package')
  const name = pkg ? str(pkg, 'name') : undefined
  const line = raw.startLine
  return {
    kind: (str(raw, 'kind') ?? 'vuln') as FindingKind,
    tool: str(raw, 'tool') ?? '',
    ruleId,
    severity: normalizeSeverity(raw.severity),
    title: str(raw, 'title') ?? '',
    ...(str(raw, 'primaryUrl') ? { primaryUrl: str(raw, 'primaryUrl') } : {}),
    ...(pkg && name
      ? {
          package: {
            name,
            ...(str(pkg, 'installedVersion') ? { installedVersion: str(pkg, 'installedVersion') } : {}),
            ...(str(pkg, 'fixedVersion') ? { fixedVersion: str(pkg, 'fixedVersion') } : {}),
            ...(str(pkg, 'class') ? { class: str(pkg, 'class') } : {})
          }
        }
      : {}),
    ...(str(raw, 'image') ? { image: str(raw, 'image') } : {}),
    subject: str(raw, 'subject') ?? '',
    ...(str(raw, 'file') ? { file: str(raw, 'file') } : {}),
    ...(typeof line === 'number' ? { startLine: line } : {}),
    action: action as DecisionAction
  }
}

/**
 * Which base each image was built FROM: every image, when the leg's Dockerfiles all resolve to one
 * base; image i from Dockerfile i, when the leg listed as many Dockerfiles as images (a plan's
 * group); otherwise none (the aggregate then cannot attribute that leg's findings to a base).
 */
function pairBases(inputs: JsonObject, images: readonly string[], report: JsonObject): Map<string, string> {
  const recorded = objects(report, 'baseImages')
  const byFile = new Map<string, string>()
  for (const b of recorded) {
    const file = str(b, 'dockerfile')
    const image = str(b, 'image')
    // One platform's base stands for the file: platforms of one build share their base's tag.
    if (file && image && image !== 'scratch' && !byFile.has(file)) byFile.set(file, image)
  }
  const distinct = [...new Set(byFile.values())]
  if (distinct.length === 1) return new Map(images.map(i => [i, distinct[0]!]))
  const dockerfiles = strings(inputs, 'dockerfiles')
  const pairs = new Map<string, string>()
  if (dockerfiles.length !== images.length) return pairs
  images.forEach((image, i) => {
    const base = byFile.get(dockerfiles[i]!)
    if (base) pairs.set(image, base)
  })
  return pairs
}

/** Reads one leg's report; anything that is not a container-gate report of this version is an error naming the file. */
export function parseLegReport(text: string, file: string): LegReport {
  let json
  try {
    json = parseJson(text, JSON.stringify(file))
  } catch (error) {
    throw new ConfigurationError(`Input 'report': ${messageOf(error)}`)
  }
  if (!isObject(json)) throw notOurs(file, 'it is not a JSON object')
  const version = json.version
  const verdict = obj(json, 'verdict')
  const inputs = obj(json, 'inputs')
  if (typeof version !== 'number' || !verdict || !inputs || !Array.isArray(json.findings))
    throw notOurs(file, 'it has no version, inputs, verdict and findings')
  if (version !== JSON_REPORT_VERSION || json.tool !== JSON_REPORT_TOOL)
    throw new ConfigurationError(
      `Input 'report': ${JSON.stringify(file)} is a container-gate report of version ${version}; this aggregate reads version ${JSON_REPORT_VERSION}. Run the legs and the aggregate with the same container-gate release.`
    )
  const outcome = str(verdict, 'outcome')
  const leg = str(json, 'leg')
  if ((outcome !== 'pass' && outcome !== 'fail') || !leg) throw notOurs(file, 'it has no leg name or outcome')
  const counts = zeroSeverityCounts()
  const rawCounts = obj(verdict, 'counts')
  for (const s of Object.keys(counts) as Severity[]) {
    const n = rawCounts?.[s]
    if (typeof n === 'number') counts[s] = n
  }
  const images = [...strings(inputs, 'images'), ...strings(inputs, 'imageInputs')]
  const mode = str(inputs, 'mode') ?? 'gate'
  const findings = objects(json, 'findings')
    .map(legFinding)
    .filter((f): f is LegFinding => f !== undefined)
  // A gate-mode leg passes exactly when nothing blocks (policy/evaluate.ts): a report that says
  // otherwise was edited after the leg wrote it, and the fleet must not pass on its word.
  const blocking = findings.filter(f => f.action === 'block').length
  if (mode !== 'monitor' && outcome === 'pass' && blocking > 0)
    throw new ConfigurationError(
      `Input 'report': ${JSON.stringify(file)} says the leg passed, yet ${blocking} of its findings block${blocking === 1 ? 's' : ''} (mode ${JSON.stringify(mode)}): a leg's report is not to be edited. Aggregate the reports the legs uploaded, as they wrote them.`
    )
  return {
    file,
    leg,
    mode,
    policy: str(json, 'policy') ?? 'unknown',
    outcome,
    reason: str(verdict, 'reason') ?? '',
    counts,
    rebuildRequired: verdict.rebuildRequired === true,
    images,
    bases: pairBases(inputs, images, json),
    findings
  }
}
