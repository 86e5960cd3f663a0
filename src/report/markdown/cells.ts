/**
 * Table cells and row order shared by the summary and the comment, so both show a finding in the
 * same words and the same order. Pure; every untrusted value goes through escape.ts.
 */
import type { Finding } from '../../findings/model.js'
import { compareSeverity, type Severity } from '../../findings/severity.js'
import type { Decision } from '../../policy/types.js'
import { escapeCell, escapeInline, safeLink } from './escape.js'
import { originWhere } from './origin.js'

const SEVERITY_ICON: Record<Severity, string> = {
  CRITICAL: '🟥',
  HIGH: '🟧',
  MEDIUM: '🟨',
  LOW: '🟦',
  UNKNOWN: '⬜'
}

/** The icon and the word joined by a no-break space: "🟥 CRITICAL" never splits over two lines. */
export function severityCell(severity: Severity): string {
  return `${SEVERITY_ICON[severity]}&nbsp;${severity}`
}

/** Most severe first, then by rule, package and place, so output is stable from run to run. */
export function compareDecisions(a: Decision, b: Decision): number {
  const fa = a.finding
  const fb = b.finding
  return (
    compareSeverity(fa.severity, fb.severity) ||
    compareStrings(fa.ruleId, fb.ruleId) ||
    compareStrings(fa.package?.name ?? '', fb.package?.name ?? '') ||
    compareStrings(fa.subject, fb.subject) ||
    compareStrings(fa.file ?? '', fb.file ?? '') ||
    (fa.startLine ?? 0) - (fb.startLine ?? 0)
  )
}

/** Code-unit order of two strings, for stable sorts. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Whether a decision was suppressed by an explicit ignore or by ignore-unfixed. */
export function isSuppressed(d: Decision): boolean {
  return d.suppressedBy !== undefined
}

export function packageCell(f: Finding): string {
  return f.package ? escapeCell(f.package.name) : '—'
}

function versionCell(f: Finding): string {
  if (!f.package) return '—'
  const installed = escapeCell(f.package.installedVersion ?? '?', 60)
  const fixed = f.package.fixedVersion ? escapeCell(f.package.fixedVersion, 60) : '_no fix_'
  return `${installed} → ${fixed}`
}

/** Where the finding is: file and line for repository files, otherwise the scanned subject. */
export function whereCell(f: Finding): string {
  // An image finding on the Dockerfile line that brought it in: the line and its instruction.
  if (f.origin) return escapeCell(originWhere({ ...f, origin: f.origin }))
  if (f.file) return escapeCell(f.startLine ? `${f.file}:${f.startLine}` : f.file)
  // Trivy's target usually extends the subject ("alpine:3.9 (alpine 3.9.4)"): show it alone then.
  if (!f.target || f.target === f.subject) return escapeCell(f.subject)
  return escapeCell(f.target.startsWith(f.subject) ? f.target : `${f.subject} (${f.target})`)
}

/**
 * The rule ID, linked to its advisory when the host is known. Written exactly as the tool reports
 * it, never with look-alike characters that would keep it on one line: people copy it from here
 * into the policy's ignores, where a non-breaking hyphen would silently match nothing.
 */
export function ruleCell(f: Finding): string {
  return safeLink(f.ruleId, f.primaryUrl)
}

/** Rule IDs longer than this may wrap: a wider column would push the table off-screen. */
const RULE_WIDTH_CAP = 32
/** A figure space (U+2007): a digit's width and, unlike a space, never a place to break a line. */
const FIGURE_SPACE = '&#8199;'

/**
 * The "Rule" column's header, widened with figure spaces to the longest rule ID in the table. A
 * browser never makes a column narrower than its widest unbreakable cell, so the header holds
 * the column open and "CVE-2019-1822" stays on one line, while the IDs themselves stay exactly as
 * the tool wrote them (see ruleCell). Rule IDs are capitals, digits and hyphens, a little wider
 * than a digit (measured in Chromium with GitHub's stylesheet: a quarter more keeps an all-capitals
 * "CG-BASE-IMAGE-NOT-ALLOWED" on one line); the header's own four letters are subtracted.
 */
export function ruleHeader(ruleIds: Iterable<string>): string {
  let longest = 0
  for (const id of ruleIds) longest = Math.max(longest, Math.min(id.length, RULE_WIDTH_CAP))
  const pad = Math.max(0, Math.ceil(longest * 1.25) - 4)
  // Half before and half after: GitHub centres header text, so the word stays centred.
  const before = FIGURE_SPACE.repeat(Math.floor(pad / 2))
  return `${before}Rule${FIGURE_SPACE.repeat(pad - Math.floor(pad / 2))}`
}

export function titleOf(f: Finding): string {
  return escapeCell(f.message && f.message !== f.title ? f.message : f.title || f.description, 120)
}

/** What a deadline's clock counted from, in words. */
const CLOCK_WORDS: Record<NonNullable<Decision['deadline']>['clock'], (date: string) => string> = {
  'first-seen': date => `counted from ${date}, when code scanning first saw it`,
  published: date => `counted from ${date}, when the advisory was published`,
  now: () => 'counted from today: no earlier date is known'
}

/** "blocks on 2026-05-01 (12 days left, counted from 2026-04-01, when code scanning first saw it)". */
export function deadlineText(d: Decision): string {
  if (!d.deadline) return 'no deadline — warns only'
  const { blocksOn, daysLeft, clock, clockDate } = d.deadline
  const left = daysLeft > 1 ? `${daysLeft} days left` : daysLeft === 1 ? '1 day left' : 'blocks from today'
  return `blocks on ${escapeInline(blocksOn, 10)} (**${left}**, ${CLOCK_WORDS[clock](escapeInline(clockDate.slice(0, 10), 10))})`
}

/** A table row of a finding's usual cells (severity, rule, place, package, versions) and a last one: the
 * place comes right after the rule, so a comment narrower than the table still shows where. */
export function findingRow(d: Decision, last: string): string {
  const f = d.finding
  return `| ${severityCell(f.severity)} | ${ruleCell(f)} | ${whereCell(f)} | ${packageCell(f)} | ${versionCell(f)} | ${last} |`
}
