/**
 * SARIF 2.1.0 for GitHub code scanning. One run per tool and subject, each with its own
 * `automationDetails.id` (the category), so no upload ever carries two runs with the same tool and
 * category — GitHub rejects that since July 2025. A subject scanned with no findings still gets an
 * empty run, which is how code scanning learns that its earlier alerts are fixed.
 *
 * Levels come from the verdict: block → error, warn → warning, record → note; findings the policy
 * ignored are not reported. The SARIF, the summary and the gate therefore show the same set.
 */
import { createHash } from 'node:crypto'
import { categoryOf } from '../findings/category.js'
import type { Finding, FindingTool, ScannedSubject } from '../findings/model.js'
import { compareSeverity, type Severity } from '../findings/severity.js'
import type { Decision, DecisionAction, Verdict } from '../policy/types.js'
import type { SarifLog, SarifResult, SarifRule, SarifRun } from './sarif-types.js'
import { originSentence } from './markdown/origin.js'
import { revealInvisible } from '../invisible.js'
import { ADVISORY_LINK, linkTarget, markdownLink } from './markdown/links.js'
import { escapeInline, escapeParagraphs } from './markdown/escape.js'

export interface SarifMeta {
  /** Prefix of every category (the `sarif-category` input). */
  categoryPrefix: string
  /** Every tool+subject that was scanned or imported, including those without findings. */
  subjects: readonly ScannedSubject[]
  toolVersions: Partial<Record<FindingTool, string>>
}

const TOOL_INFO: Record<FindingTool, { name: string; uri: string }> = {
  trivy: { name: 'Trivy', uri: 'https://github.com/aquasecurity/trivy' },
  hadolint: { name: 'hadolint', uri: 'https://github.com/hadolint/hadolint' },
  gator: { name: 'gator', uri: 'https://github.com/open-policy-agent/gatekeeper' },
  cosign: { name: 'cosign', uri: 'https://github.com/sigstore/cosign' },
  kustomize: { name: 'kustomize', uri: 'https://github.com/kubernetes-sigs/kustomize' },
  crane: { name: 'crane', uri: 'https://github.com/google/go-containerregistry' },
  'container-gate': { name: 'container-gate', uri: 'https://github.com/container-gate/container-gate' }
}

/** The SARIF driver name a tool's results are uploaded under (code scanning's `tool_name`). */
export function driverName(tool: FindingTool): string {
  return TOOL_INFO[tool].name
}

/** The tool a SARIF driver name stands for; undefined for a name this action does not write. */
export function toolOfDriver(name: string): FindingTool | undefined {
  return (Object.keys(TOOL_INFO) as FindingTool[]).find(tool => TOOL_INFO[tool].name === name)
}

/** The SARIF driver names this action writes, for looking up its own code-scanning alerts. */
export const TOOL_DRIVER_NAMES: readonly string[] = Object.values(TOOL_INFO).map(t => t.name)

/** GitHub maps security-severity onto its own scale: ≥9 critical, ≥7 high, ≥4 medium, >0 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.1'
}

const LEVEL: Record<Exclude<DecisionAction, 'ignore'>, SarifResult['level']> = {
  block: 'error',
  warn: 'warning',
  record: 'note'
}

/** A stable pseudo-path for an image: no tag or digest, so alerts keep their identity when the
 * tag moves; ':' would make the URI look absolute (localhost:5000/...). */
function imageUri(image: string): string {
  const name = image.replace(/@sha256:[0-9a-f]+$/i, '').replace(/:[^/:]+$/, '')
  return name.replace(/:/g, '_').replace(/^\/+/, '')
}

/** Where a finding is shown: its repository file (an image finding's Dockerfile line), or the image. */
function locationUri(f: Finding): { uri: string; line: number; endLine: number } {
  if (f.file) return { uri: f.file, line: f.startLine ?? 1, endLine: f.endLine ?? f.startLine ?? 1 }
  return { uri: imageUri(f.image ?? f.subject), line: 1, endLine: 1 }
}

/** For an image finding on a Dockerfile line: the image, as a logical and a related location. */
function imageLocations(f: Finding): Pick<SarifResult, 'relatedLocations'> & {
  logicalLocations?: NonNullable<SarifResult['locations'][number]['logicalLocations']>
} {
  if (!f.origin || !f.image) return {}
  return {
    logicalLocations: [{ name: f.image, kind: 'module' }],
    relatedLocations: [
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: imageUri(f.image) } },
        message: { text: messageText(`The image scanned: ${f.image}`) }
      }
    ]
  }
}

/**
 * The rule's texts. Code scanning renders `help.markdown`: untrusted text in it is escaped as in the
 * summary and comment (markdown/escape.ts), and `helpUri` and the link in the help pass the same link rule
 * (markdown/links.ts): a report's PrimaryURL is shown only when it is https on a known advisory host.
 */
function ruleFor(f: Finding): SarifRule {
  const href = linkTarget(f.primaryUrl, ADVISORY_LINK)
  const lines = [plainText(f.title), '', plainText(f.description)]
  if (href) lines.push('', `More: ${href}`)
  const id = escapeInline(f.ruleId, 200)
  const md = [`**${id}**: ${escapeInline(f.title, 1000)}`, '', escapeParagraphs(f.description, 6000)]
  if (href) md.push('', markdownLink(id, f.primaryUrl, ADVISORY_LINK))
  const tags = ['security', f.kind === 'vuln' ? 'vulnerability' : f.kind]
  if (f.package?.class) tags.push(f.package.class)
  return {
    id: f.ruleId,
    name: f.ruleId.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: truncate(plainText(f.title), 1000) },
    fullDescription: { text: truncate(plainText(f.description || f.title), 4000) },
    ...(href ? { helpUri: href } : {}),
    help: { text: truncate(lines.join('\n'), 8000), markdown: truncate(md.join('\n'), 8000) },
    defaultConfiguration: { level: 'warning' },
    properties: { tags, precision: 'very-high', 'security-severity': SECURITY_SEVERITY[f.severity] }
  }
}

function messageFor(d: Decision, mode: Verdict['mode']): string {
  const f = d.finding
  const parts: string[] = []
  if (f.kind === 'vuln' && f.package) {
    const fix = f.package.fixedVersion ? `fixed in ${f.package.fixedVersion}` : 'no fix yet'
    parts.push(`${f.package.name} ${f.package.installedVersion ?? ''}: ${f.ruleId} (${f.severity}), ${fix}.`)
    parts.push(f.title)
  } else {
    parts.push(`${f.ruleId} (${f.severity}): ${f.message ?? f.title}`)
  }
  if (f.image) parts.push(`Image: ${f.image}; target: ${f.target}.`)
  const origin = originSentence(d, mode)
  if (origin) parts.push(origin)
  parts.push(decisionText(d))
  return parts.join('\n')
}

function decisionText(d: Decision): string {
  if (d.action === 'block') return `Blocks: ${d.rule}.`
  if (d.action === 'warn' && d.deadline) {
    return `Warning: ${d.rule}; blocks on ${d.deadline.blocksOn} (${d.deadline.daysLeft} days left).`
  }
  if (d.action === 'warn') return `Warning: ${d.rule}.`
  return `Recorded: ${d.rule}.`
}

/**
 * Stays the same while the finding does. An image finding on a Dockerfile line is keyed by what
 * survives a rebuild of that Dockerfile (the file, the instruction's text, package, rule), never by
 * the image's tag, digest or layers, which every rebuild changes.
 */
function fingerprint(f: Finding): string {
  if (f.origin) {
    const key = [f.tool, f.ruleId, 'dockerfile', f.origin.dockerfile, f.origin.instruction, f.package?.name]
    return createHash('sha256').update(key.join('\0')).digest('hex').slice(0, 32)
  }
  const { startLine: _s, endLine: _e, ...stable } = f
  const key = [
    stable.tool,
    stable.ruleId,
    stable.subject,
    stable.target,
    stable.package?.name,
    stable.file
  ].join('\0')
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

/** One result: the finding at its location, its decision as the level, a stable fingerprint. */
function resultFor(d: Decision, ruleIndex: number, mode: Verdict['mode']): SarifResult {
  const f = d.finding
  const loc = locationUri(f)
  const { logicalLocations, relatedLocations } = imageLocations(f)
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[d.action as Exclude<DecisionAction, 'ignore'>],
    message: { text: messageText(messageFor(d, mode)) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: loc.uri },
          region: { startLine: loc.line, endLine: Math.max(loc.endLine, loc.line) }
        },
        ...(logicalLocations ? { logicalLocations } : {})
      }
    ],
    ...(relatedLocations ? { relatedLocations } : {}),
    partialFingerprints: { 'containerGateFinding/v1': fingerprint(f) },
    properties: {
      severity: f.severity,
      decision: d.action,
      ...(f.package ? { package: f.package.name } : {}),
      ...(f.package?.installedVersion ? { installedVersion: f.package.installedVersion } : {}),
      ...(f.package?.fixedVersion ? { fixedVersion: f.package.fixedVersion } : {}),
      ...(d.deadline ? { blocksOn: d.deadline.blocksOn } : {})
    }
  }
}

/** A run whose results are made one at a time as they are written (renderSarifLazily). */
export type LazySarifRun = Omit<SarifRun, 'results'> & { results: Iterable<SarifResult> }

export interface LazySarifLog extends Omit<SarifLog, 'runs'> {
  runs: LazySarifRun[]
}

function runFor(
  subject: ScannedSubject,
  decisions: readonly Decision[],
  meta: SarifMeta,
  mode: Verdict['mode'],
  lazy: boolean
): LazySarifRun {
  const info = TOOL_INFO[subject.tool]
  const rules: SarifRule[] = []
  const ruleIndex = new Map<string, number>()
  // Most severe first, so a consumer that truncates keeps what matters.
  const ordered = [...decisions].sort((a, b) => compareSeverity(a.finding.severity, b.finding.severity))
  const reported: Decision[] = []
  const indexes: number[] = []
  for (const d of ordered) {
    if (d.action === 'ignore') continue
    const f = d.finding
    let index = ruleIndex.get(f.ruleId)
    if (index === undefined) {
      index = rules.length
      ruleIndex.set(f.ruleId, index)
      rules.push(ruleFor(f))
    } else if (compareSeverity(f.severity, severityOfRule(rules[index]!)) < 0) {
      rules[index] = ruleFor(f)
    }
    reported.push(d)
    indexes.push(index)
  }
  // The rules come before the results in the log, and a result needs only its rule's index: the
  // results can be made after the rules are known, one at a time when written.
  function* each(): Generator<SarifResult> {
    for (let i = 0; i < reported.length; i++) yield resultFor(reported[i]!, indexes[i]!, mode)
  }
  return {
    tool: {
      driver: {
        name: info.name,
        informationUri: info.uri,
        ...(meta.toolVersions[subject.tool] ? { version: meta.toolVersions[subject.tool] } : {}),
        rules
      }
    },
    automationDetails: { id: categoryOf(meta.categoryPrefix, subject.tool, subject.subject) },
    columnKind: 'utf16CodeUnits',
    results: lazy ? each() : [...each()],
    properties: { subject: subject.subject }
  }
}

function severityOfRule(rule: SarifRule): Severity {
  const score = rule.properties?.['security-severity']
  const entry = Object.entries(SECURITY_SEVERITY).find(([, v]) => v === score)
  return (entry?.[0] as Severity | undefined) ?? 'UNKNOWN'
}

/** The whole SARIF log for a verdict. Pure. */
export function renderSarif(verdict: Verdict, meta: SarifMeta): SarifLog {
  return sarifLog(verdict, meta, false) as SarifLog
}

/**
 * The same log with each run's results made one at a time as they are iterated (once): written
 * streamed, a log of 50,000 results is never held whole. Code scanning needs renderSarif's.
 */
export function renderSarifLazily(verdict: Verdict, meta: SarifMeta): LazySarifLog {
  return sarifLog(verdict, meta, true)
}

function sarifLog(verdict: Verdict, meta: SarifMeta, lazy: boolean): LazySarifLog {
  const keyOf = (tool: string, subject: string) => `${tool}\0${subject}`
  const subjects = new Map<string, ScannedSubject>()
  for (const s of meta.subjects) subjects.set(keyOf(s.tool, s.subject), s)
  const byRun = new Map<string, Decision[]>()
  for (const d of verdict.decisions) {
    const key = keyOf(d.finding.tool, d.finding.subject)
    if (!subjects.has(key)) subjects.set(key, { tool: d.finding.tool, subject: d.finding.subject })
    const list = byRun.get(key)
    if (list) list.push(d)
    else byRun.set(key, [d])
  }
  // Two subjects can slug to one category ("app:1" and "app-1"): merge them into one run rather than
  // emit two runs GitHub would reject.
  const runs = new Map<string, { subject: ScannedSubject; decisions: Decision[] }>()
  for (const [key, subject] of subjects) {
    const category = `${subject.tool}\0${categoryOf(meta.categoryPrefix, subject.tool, subject.subject)}`
    const entry = runs.get(category) ?? { subject, decisions: [] }
    // A loop, not push(...spread): spreading 100k+ decisions would overflow the call stack.
    for (const d of byRun.get(key) ?? []) entry.decisions.push(d)
    runs.set(category, entry)
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [...runs.values()].map(r => runFor(r.subject, r.decisions, meta, verdict.mode, lazy))
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** Plain texts people read in code scanning: hidden and bidi characters shown (invisible.ts). */
function plainText(text: string | undefined): string {
  return revealInvisible(text ?? '')
}

/**
 * A result message is plain text in which SARIF reads `[text](target)` as an embedded link (§3.11.6,
 * to a related location or a URI): literal brackets are escaped with a backslash, as the format asks,
 * so finding text can never become a link.
 */
export function messageText(text: string): string {
  return plainText(text)
    .replace(/\\(?=[[\]])/g, '\\\\')
    .replace(/[[\]]/g, '\\$&')
}
