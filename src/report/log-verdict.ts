/**
 * The verdict block: the last thing the step prints, plain text for the raw log and the terminal
 * (`npm run demo`). The headline, the counts, what blocks and what warns (one aligned line each,
 * the first ones only), and where every result went. Pure: lines out, which the caller prints
 * through the log boundary (every value in them can come from outside).
 */
import { SEVERITIES } from '../findings/severity.js'
import type { Decision, Verdict } from '../policy/types.js'
import { headline, shortenPath, shortImage } from './headline.js'

/** Findings listed one per line before "… and N more". */
const LISTED = 15

/** Where each result went (or why it did not), as main learnt it. */
export interface Destinations {
  sarifFile: string
  reportFile: string
  /** Code-scanning upload IDs; empty when nothing was uploaded. */
  sarifIds: readonly string[]
  /** Why the SARIF was not uploaded, when it was not. */
  sarifSkipped?: string
  artifactUrl?: string
  artifactSkipped?: string
  /** Why no job summary was written, when none was. */
  summarySkipped?: string
  commentUrl?: string
  commentSkipped?: string
}

/** Where a finding is, in a few words: "examples/k8s/deployment.yaml:19", "libidn2-0 in debian-vuln:1". */
function placeText(d: Decision): string {
  const f = d.finding
  if (f.file) return shortenPath(f.startLine ? `${f.file}:${f.startLine}` : f.file)
  const image = shortImage(f.image ?? f.subject)
  return f.package ? `${f.package.name} in ${image}` : image
}

/** The last column: what to do about it (a fix), or when it blocks. */
function noteText(d: Decision): string {
  const fixed = d.finding.package?.fixedVersion
  if (d.action === 'warn') return d.deadline ? `blocks on ${d.deadline.blocksOn}` : 'no deadline — warns only'
  return fixed ? `fixed in ${fixed}` : d.rule
}

type Row = [severity: string, rule: string, place: string, note: string]

function rowOf(d: Decision): Row {
  return [d.finding.severity, d.finding.ruleId, placeText(d), noteText(d)]
}

const length = (text: string) => Array.from(text).length

/** Column widths over every row of both lists, so the blocking and warning lines align. */
function widths(rows: readonly Row[]): number[] {
  return [0, 1, 2].map(c => Math.min(44, Math.max(0, ...rows.map(r => length(r[c]!)))))
}

function findingLines(title: string, list: readonly Decision[], columns: readonly number[]): string[] {
  if (list.length === 0) return []
  const pad = (text: string, c: number) => text + ' '.repeat(Math.max(0, columns[c]! - length(text)))
  const lines = list
    .slice(0, LISTED)
    .map(rowOf)
    .map(r => `  ${pad(r[0], 0)}  ${pad(r[1], 1)}  ${pad(r[2], 2)}  ${r[3]}`.trimEnd())
  if (list.length > LISTED)
    lines.push(`  … and ${list.length - LISTED} more (the job summary and the JSON report list them all)`)
  return [`${title} (${list.length}):`, ...lines]
}

function countsLine(verdict: Verdict): string {
  const counts = SEVERITIES.map(s => `${verdict.counts[s]} ${s}`).join(', ')
  const suppressed = verdict.decisions.filter(d => d.suppressedBy).length
  const byTier = verdict.decisions.filter(d => d.action === 'ignore' && !d.suppressedBy).length
  const recorded = verdict.decisions.filter(d => d.action === 'record').length
  const aside = [
    `${recorded} recorded`,
    ...(byTier > 0 ? [`${byTier} ignored by tier`] : []),
    ...(suppressed > 0 ? [`${suppressed} ignored explicitly`] : []),
    ...(verdict.expiredIgnores.length === 1 ? ['1 expired ignore'] : []),
    ...(verdict.expiredIgnores.length > 1 ? [`${verdict.expiredIgnores.length} expired ignores`] : [])
  ]
  return `Findings: ${counts} (${aside.join(', ')})`
}

function destinationLines(to: Destinations): string[] {
  const row = (label: string, text: string) => `  ${label.padEnd(12)} ${text}`
  const sarifNote =
    to.sarifIds.length > 0
      ? `uploaded to code scanning, ${to.sarifIds.length} analyses`
      : `not uploaded to code scanning${to.sarifSkipped ? `: ${to.sarifSkipped}` : ''}`
  return [
    'Where the results went:',
    row('SARIF', `${to.sarifFile} (${sarifNote})`),
    row('JSON report', to.reportFile),
    row('Artifact', to.artifactUrl ?? `not uploaded: ${to.artifactSkipped ?? 'unknown reason'}`),
    row('Job summary', to.summarySkipped ? `not written: ${to.summarySkipped}` : 'written'),
    row('PR comment', to.commentUrl ?? `none: ${to.commentSkipped ?? 'unknown reason'}`)
  ]
}

/** The verdict block, line by line. */
export function verdictLines(verdict: Verdict, to: Destinations): string[] {
  const listed = [...verdict.blocking.slice(0, LISTED), ...verdict.warnings.slice(0, LISTED)]
  const columns = widths(listed.map(rowOf))
  return [
    `=== container-gate: ${verdict.outcome} ===`,
    headline(verdict),
    countsLine(verdict),
    ...findingLines('Blocking', verdict.blocking, columns),
    ...findingLines('Warnings', verdict.warnings, columns),
    ...destinationLines(to)
  ]
}
