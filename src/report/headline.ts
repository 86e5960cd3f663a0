/**
 * The headline: one sentence a person takes in at once, the same in the job summary, the
 * pull-request comment, the log's verdict block and the step's error. It counts what blocks by kind
 * and says why and where ("4 findings block: 3 admission-rule violations in
 * examples/k8s/deployment.yaml, 1 fixable CRITICAL vulnerability in debian-vuln:1"); the tables list
 * every finding. Pure, and plain text: each reporter escapes it for where it goes. No finding ID is
 * named, so nothing is ever cut in the middle of one; places are shortened whole-segment first.
 */
import { ADMISSION_SUBJECT } from '../checks/admission/rules.js'
import { hasFix, type Finding } from '../findings/model.js'
import { SEVERITIES, compareSeverity, severityRank, type Severity } from '../findings/severity.js'
import { triggersRebuild } from '../policy/evaluate.js'
import type { Decision, Verdict } from '../policy/types.js'
import { shortenRun } from './markdown/escape.js'

/** Longest place (file path, image) the headline names; longer ones keep their last segments. */
const PLACE_MAX = 60
/** Places a group names one by one; more become "in 3 files". */
const PLACES_NAMED = 2

interface Why {
  /** "fixable CRITICAL vulnerability", and its plural. */
  one: string
  many: string
}

const plural = (n: number, why: Why) => `${n} ${n === 1 ? why.one : why.many}`

/** Why a blocking finding blocks, as a noun phrase for its kind of problem. */
function whyItBlocks(d: Decision): Why {
  const f = d.finding
  const sev = f.severity
  if (d.deadline) {
    const what = whyByKind(f)
    return { one: `${what.one} past its deadline`, many: `${what.many} past their deadline` }
  }
  if (f.kind === 'vuln') {
    return hasFix(f)
      ? { one: `fixable ${sev} vulnerability`, many: `fixable ${sev} vulnerabilities` }
      : { one: `${sev} vulnerability without a fix`, many: `${sev} vulnerabilities without a fix` }
  }
  return whyByKind(f)
}

function whyByKind(f: Finding): Why {
  const sev = f.severity
  if (f.kind === 'coverage') return { one: 'unchecked file', many: 'unchecked files' }
  if (f.ruleId === 'CG-BASE-IMAGE-UNRESOLVED')
    return { one: 'base image that cannot be resolved', many: 'base images that cannot be resolved' }
  if (f.ruleId.startsWith('CG-BASE-IMAGE'))
    return { one: 'base-image rule violation', many: 'base-image rule violations' }
  if (f.subject === ADMISSION_SUBJECT)
    return { one: 'admission-rule violation', many: 'admission-rule violations' }
  if (f.tool === 'gator')
    return { one: 'Gatekeeper constraint violation', many: 'Gatekeeper constraint violations' }
  switch (f.kind) {
    case 'vuln':
      return { one: `${sev} vulnerability`, many: `${sev} vulnerabilities` }
    case 'secret':
      return { one: `${sev} secret`, many: `${sev} secrets` }
    case 'lint':
      return { one: `${sev} Dockerfile lint finding`, many: `${sev} Dockerfile lint findings` }
    default:
      return { one: `${sev} misconfiguration`, many: `${sev} misconfigurations` }
  }
}

/** A path no longer than PLACE_MAX: whole trailing segments behind "…/", else cut in the middle. */
export function shortenPath(path: string): string {
  return shortenRun(path, PLACE_MAX)
}

/** An image by its last path segment ("debian-vuln:1"), a digest shown by its first 12 hex digits. */
export function shortImage(ref: string): string {
  const name = ref.slice(ref.lastIndexOf('/') + 1)
  return shortenPath(name.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1…'))
}

/** Where a finding is, in a few words: its repository file, else the image (or path) scanned. */
function placeOf(f: Finding, long: boolean): { text: string; isFile: boolean } {
  if (f.file) return { text: shortenPath(f.file), isFile: true }
  const subject = f.image ?? f.subject
  const looksLikeImage = f.kind === 'vuln' || f.kind === 'secret' || f.image !== undefined
  return {
    text: looksLikeImage && !long ? shortImage(subject) : shortenPath(subject),
    isFile: !looksLikeImage
  }
}

/** "in a.yaml", "in a.yaml and b.yaml", "in 3 files" (images, places). */
function where(places: ReadonlyArray<{ text: string; isFile: boolean }>): string {
  const unique = [...new Map(places.map(p => [p.text, p])).values()].sort((a, b) =>
    a.text < b.text ? -1 : a.text > b.text ? 1 : 0
  )
  if (unique.length <= PLACES_NAMED) return `in ${unique.map(p => p.text).join(' and ')}`
  const noun = unique.every(p => p.isFile) ? 'files' : unique.every(p => !p.isFile) ? 'images' : 'places'
  return `in ${unique.length} ${noun}`
}

interface Group {
  why: Why
  decisions: Decision[]
  severity: Severity
}

/** Blocking decisions grouped by why they block, most severe first, then the largest group. */
function groupByWhy(decisions: readonly Decision[]): Group[] {
  const groups = new Map<string, Group>()
  for (const d of decisions) {
    const why = whyItBlocks(d)
    const group = groups.get(why.one) ?? { why, decisions: [], severity: d.finding.severity }
    group.decisions.push(d)
    if (compareSeverity(d.finding.severity, group.severity) < 0) group.severity = d.finding.severity
    groups.set(why.one, group)
  }
  return [...groups.values()].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.decisions.length - a.decisions.length ||
      (a.why.one < b.why.one ? -1 : 1)
  )
}

/**
 * "3 admission-rule violations in examples/k8s/deployment.yaml, 1 fixable CRITICAL vulnerability in
 * debian-vuln:1". Two images whose short names collide are named in full.
 */
export function describeGroups(decisions: readonly Decision[]): string {
  const shortNames = new Map<string, Set<string>>()
  for (const d of decisions) {
    const f = d.finding
    if (f.file) continue
    const short = shortImage(f.image ?? f.subject)
    shortNames.set(short, (shortNames.get(short) ?? new Set()).add(f.image ?? f.subject))
  }
  const ambiguous = (f: Finding) => (shortNames.get(shortImage(f.image ?? f.subject))?.size ?? 0) > 1
  return groupByWhy(decisions)
    .map(
      g =>
        `${plural(g.decisions.length, g.why)} ${where(g.decisions.map(d => placeOf(d.finding, ambiguous(d.finding))))}`
    )
    .join(', ')
}

const FINDING: Why = { one: 'finding', many: 'findings' }

function passHeadline(verdict: Verdict): string {
  const parts: string[] = []
  const warnings = verdict.warnings
  if (warnings.length > 0) {
    const deadlines = warnings.flatMap(w => (w.deadline ? [w.deadline.blocksOn] : [])).sort()
    const first = deadlines[0]
    const when = first
      ? `the first blocks on ${first}`
      : warnings.length === 1
        ? 'no deadline — warns only'
        : 'no deadline — they warn only'
    parts.push(`${plural(warnings.length, { one: 'warning', many: 'warnings' })} (${when})`)
  }
  const recorded = verdict.decisions.filter(d => d.action === 'record').length
  const ignored = verdict.decisions.filter(d => d.action === 'ignore').length
  if (recorded > 0) parts.push(`${recorded} recorded`)
  if (ignored > 0) parts.push(`${ignored} ignored`)
  if (verdict.decisions.length === 0) return 'No finding blocks: nothing was found'
  return `No finding blocks: ${parts.join(', ')}`
}

function monitorHeadline(verdict: Verdict): string {
  const rebuilds = verdict.decisions.filter(triggersRebuild)
  if (rebuilds.length === 0) {
    const counts = SEVERITIES.filter(s => verdict.counts[s] > 0).map(s => `${verdict.counts[s]} ${s}`)
    return `No rebuild required: no base (OS) package has a fixable CRITICAL vulnerability${counts.length ? ` (found: ${counts.join(', ')})` : ''}`
  }
  return `Rebuild required: ${describeGroups(rebuilds).replace(/ in /, ' in the base (OS) packages of ')}`
}

/** The one sentence for a verdict (plain text; the caller escapes it for markdown or the log). */
export function headline(verdict: Verdict): string {
  if (verdict.mode === 'monitor') return monitorHeadline(verdict)
  const blocking = verdict.blocking
  if (blocking.length === 0) return passHeadline(verdict)
  const verb = blocking.length === 1 ? 'blocks' : 'block'
  return `${plural(blocking.length, FINDING)} ${verb}: ${describeGroups(blocking)}`
}
