/**
 * Markdown blocks shared by the job summary and the pull-request comment, so both say the same
 * thing in the same words. Everything here is pure: a Verdict (and a few facts) in, strings out.
 *
 * Every piece of text that came from a scanner, an image or a policy file is untrusted: a package
 * name, an advisory title or a hadolint message can contain markdown, HTML, `@mentions`, issue
 * references or URLs, and bidi or zero-width characters that make it read as something else.
 * `escapeInline` turns such text into one inert line; nothing untrusted is ever placed in an HTML
 * attribute or a code span, and a URL becomes a link target only through links.ts.
 */
import type { Finding, ScannedSubject } from '../findings/model.js'
import {
  SEVERITIES,
  compareSeverity,
  zeroSeverityCounts,
  type Severity,
  type SeverityCounts
} from '../findings/severity.js'
import type { Decision, IgnoreRule, Verdict } from '../policy/types.js'
import { revealInvisible } from '../invisible.js'
import { ADVISORY_LINK, markdownLink } from './links.js'

/** Longest run of untrusted text kept in one table cell; the rest is elided with an ellipsis. */
export const CELL_MAX = 160

const ZWSP = '&#8203;'
const NEEDS_ESCAPE = /[&<>"@#\\`*_[\]|~$]|:\/\/|gh-|www\.|^[-+=]|^\d+[.)]/i
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/**
 * Renders untrusted text as inert inline markdown: one line, HTML escaped, markdown punctuation
 * escaped, bidi controls and zero-width characters shown as `<U+202E>` (invisible.ts), and the
 * auto-linkers of GitHub defeated (a zero-width space after `@`, inside `://`, `www.`, `#123` and
 * `GH-123`, which GitHub would otherwise turn into mentions and links).
 */
export function escapeInline(raw: unknown, max = CELL_MAX): string {
  let text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw)
  // Shown, not obeyed: a reviewer must see that a name carries a direction override or a hidden
  // character. Control characters and line breaks would end a table row or start a new block.
  text = revealInvisible(text).replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim()
  if (text.length > max) {
    const chars = Array.from(text)
    if (chars.length > max) text = chars.slice(0, max - 1).join('') + '…'
  }
  // Most cells (versions, package names, dates) contain nothing to escape: skip the slow path.
  if (!NEEDS_ESCAPE.test(text)) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    const rest = text.slice(i + 1, i + 4)
    switch (c) {
      case '&':
        out += '&amp;'
        break
      case '<':
        out += '&lt;'
        break
      case '>':
        out += '&gt;'
        break
      case '"':
        out += '&quot;'
        break
      case '@':
        out += '@' + ZWSP
        break
      case ':':
        out += rest.startsWith('//') ? ':' + ZWSP : ':'
        break
      case '#':
        out += /^\d/.test(rest) ? '#' + ZWSP : '\\#'
        break
      case '-':
        out += /gh$/i.test(text.slice(Math.max(0, i - 2), i)) && /^\d/.test(rest) ? '-' + ZWSP : '-'
        break
      case '.':
        out += /(^|[^a-z0-9])www$/i.test(text.slice(Math.max(0, i - 4), i)) ? ZWSP + '.' : '.'
        break
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
      case '$':
        out += '\\' + c
        break
      default:
        out += c
    }
  }
  // A leading list, heading or setext marker would change the block when the text starts a line.
  return out.replace(/^([+=-])/, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
}

/**
 * Untrusted text of several paragraphs (an advisory's description) as inert markdown: each paragraph
 * escaped like a cell, blank lines between them kept.
 */
export function escapeParagraphs(raw: unknown, max: number): string {
  const text = typeof raw === 'string' ? raw : ''
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map(paragraph => escapeInline(paragraph, max))
    .filter(paragraph => paragraph !== '')
    .join('\n\n')
}

/** A link only for https URLs on known advisory hosts (links.ts); anything else is shown as plain text. */
export function safeLink(label: string, url: string | undefined): string {
  return markdownLink(escapeInline(label), url, ADVISORY_LINK)
}

const SEVERITY_ICON: Record<Severity, string> = {
  CRITICAL: '🟥',
  HIGH: '🟧',
  MEDIUM: '🟨',
  LOW: '🟦',
  UNKNOWN: '⬜'
}

export function severityCell(severity: Severity): string {
  return `${SEVERITY_ICON[severity]} ${severity}`
}

/** Most severe first, then by rule, package and place, so output is stable from run to run. */
export function compareDecisions(a: Decision, b: Decision): number {
  const fa = a.finding
  const fb = b.finding
  return (
    compareSeverity(fa.severity, fb.severity) ||
    cmp(fa.ruleId, fb.ruleId) ||
    cmp(fa.package?.name ?? '', fb.package?.name ?? '') ||
    cmp(fa.subject, fb.subject) ||
    cmp(fa.file ?? '', fb.file ?? '') ||
    (fa.startLine ?? 0) - (fb.startLine ?? 0)
  )
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Whether a decision was suppressed by an explicit ignore or by ignore-unfixed. */
export function isSuppressed(d: Decision): boolean {
  return d.suppressedBy !== undefined
}

export function packageCell(f: Finding): string {
  return f.package ? escapeInline(f.package.name) : '—'
}

export function versionCell(f: Finding): string {
  if (!f.package) return '—'
  const installed = escapeInline(f.package.installedVersion ?? '?', 60)
  const fixed = f.package.fixedVersion ? escapeInline(f.package.fixedVersion, 60) : '_no fix_'
  return `${installed} → ${fixed}`
}

/** Where the finding is: file and line for repository files, otherwise the scanned subject. */
export function whereCell(f: Finding): string {
  if (f.file) return escapeInline(f.startLine ? `${f.file}:${f.startLine}` : f.file)
  // Trivy's target usually extends the subject ("alpine:3.9 (alpine 3.9.4)"): show it alone then.
  if (!f.target || f.target === f.subject) return escapeInline(f.subject)
  return escapeInline(f.target.startsWith(f.subject) ? f.target : `${f.subject} (${f.target})`)
}

export function ruleCell(f: Finding): string {
  return safeLink(f.ruleId, f.primaryUrl)
}

function titleOf(f: Finding): string {
  return escapeInline(f.message && f.message !== f.title ? f.message : f.title || f.description, 120)
}

/**
 * Table rows rendered on demand: a 60,000-finding verdict must not format (and escape) 60,000 rows
 * for a comment that keeps a few hundred of them.
 */
export interface Rows {
  readonly length: number
  get(index: number): string
}

export function rowsOf<T>(items: readonly T[], render: (item: T) => string): Rows {
  return { length: items.length, get: index => render(items[index]!) }
}

export function fixedRows(rows: readonly string[]): Rows {
  return rowsOf(rows, row => row)
}

/** A titled group of table rows: rendered whole when it fits, shortened row by row when it does not. */
export interface Block {
  /** Lines before the rows (heading, table header). */
  head: string
  rows: Rows
  /** Lines after the rows (closing `</details>`). */
  tail?: string
  /** What a shortened block says about the rows left out: "N more blocking findings". */
  moreLabel?: (omitted: number) => string
}

export function textBlock(text: string): Block {
  return { head: text, rows: fixedRows([]) }
}

function table(columns: string[]): string {
  return `| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n`
}

/** The first line: outcome, the one-line reason and, in monitor mode, whether a rebuild is due. */
export function verdictBlock(verdict: Verdict): Block {
  const icon = verdict.outcome === 'fail' ? '❌' : verdict.warnings.length > 0 ? '⚠️' : '✅'
  const lines = [`### ${icon} container-gate: ${verdict.outcome}`, '', escapeInline(verdict.reason, 300)]
  if (verdict.rebuildRequired) {
    lines.push('', '🔁 **Rebuild required**: a base (OS) package has a CRITICAL vulnerability with a fix.')
  }
  return textBlock(lines.join('\n') + '\n')
}

/** Counts by severity per tool and subject over findings that were not suppressed. */
export function severityTableBlock(verdict: Verdict, subjects: readonly ScannedSubject[] = []): Block {
  const rows = new Map<string, { tool: string; subject: string; counts: SeverityCounts }>()
  const rowFor = (tool: string, subject: string) => {
    const key = `${tool}\u0000${subject}`
    let row = rows.get(key)
    if (!row) {
      row = { tool, subject, counts: zeroSeverityCounts() }
      rows.set(key, row)
    }
    return row
  }
  for (const s of subjects) rowFor(s.tool, s.subject)
  for (const d of verdict.decisions) {
    if (!isSuppressed(d)) rowFor(d.finding.tool, d.finding.subject).counts[d.finding.severity]++
  }
  const sorted = [...rows.values()].sort((a, b) => cmp(a.tool, b.tool) || cmp(a.subject, b.subject))
  const head = table(['Tool', 'Subject', ...SEVERITIES.map(s => s.charAt(0) + s.slice(1).toLowerCase())])
  const body = sorted.map(
    r =>
      `| ${escapeInline(r.tool)} | ${escapeInline(r.subject)} | ${SEVERITIES.map(s => r.counts[s]).join(' | ')} |`
  )
  const total = `| **Total** | | ${SEVERITIES.map(s => `**${verdict.counts[s]}**`).join(' | ')} |`
  return {
    head: '\n' + head,
    rows: fixedRows(
      sorted.length === 0 ? ['| _nothing scanned_ | | 0 | 0 | 0 | 0 | 0 |', total] : [...body, total]
    ),
    moreLabel: n => `${n} more subjects`
  }
}

function decisionsOf(list: readonly Decision[]): Decision[] {
  return [...list].sort(compareDecisions)
}

export function blockingBlock(verdict: Verdict): Block | undefined {
  if (verdict.blocking.length === 0) return undefined
  const list = decisionsOf(verdict.blocking)
  return {
    head:
      `\n#### Blocking (${list.length})\n\n` +
      table(['Severity', 'Rule', 'Package', 'Installed → fixed', 'Where', 'Why it blocks']),
    rows: rowsOf(
      list,
      d =>
        `| ${severityCell(d.finding.severity)} | ${ruleCell(d.finding)} | ${packageCell(d.finding)} | ${versionCell(d.finding)} | ${whereCell(d.finding)} | ${escapeInline(d.rule)} |`
    ),
    moreLabel: n => `${n} more blocking findings`
  }
}

/** "blocks on 2026-05-01 (12 days left, counted from first seen 2026-04-01)". */
export function deadlineText(d: Decision): string {
  if (!d.deadline) return escapeInline(d.rule)
  const { blocksOn, daysLeft, clock, clockDate } = d.deadline
  const left = daysLeft > 1 ? `${daysLeft} days left` : daysLeft === 1 ? '1 day left' : 'blocks from today'
  return `blocks on ${escapeInline(blocksOn, 10)} (**${left}**, counted from ${clock.replace('-', ' ')} ${escapeInline(clockDate.slice(0, 10), 10)})`
}

export function warningsBlock(verdict: Verdict): Block | undefined {
  if (verdict.warnings.length === 0) return undefined
  const list = [...verdict.warnings].sort(
    (a, b) =>
      (a.deadline?.daysLeft ?? Infinity) - (b.deadline?.daysLeft ?? Infinity) || compareDecisions(a, b)
  )
  return {
    head:
      `\n#### Warnings (${list.length})\n\n` +
      table(['Severity', 'Rule', 'Package', 'Installed → fixed', 'Where', 'Deadline']),
    rows: rowsOf(
      list,
      d =>
        `| ${severityCell(d.finding.severity)} | ${ruleCell(d.finding)} | ${packageCell(d.finding)} | ${versionCell(d.finding)} | ${whereCell(d.finding)} | ${deadlineText(d)} |`
    ),
    moreLabel: n => `${n} more warnings`
  }
}

export function ignoredBlock(verdict: Verdict): Block | undefined {
  const list = decisionsOf(verdict.decisions.filter(isSuppressed))
  if (list.length === 0) return undefined
  return {
    head:
      `\n#### Ignored (${list.length})\n\n` +
      table(['Severity', 'Rule', 'Package', 'Where', 'Reason', 'Ignored by', 'Expires']),
    rows: rowsOf(list, d => {
      const s = d.suppressedBy as NonNullable<Decision['suppressedBy']>
      return `| ${severityCell(d.finding.severity)} | ${ruleCell(d.finding)} | ${packageCell(d.finding)} | ${whereCell(d.finding)} | ${escapeInline(s.reason)} | ${escapeInline(s.source, 80)} | ${s.expires ? escapeInline(s.expires, 10) : '—'} |`
    }),
    moreLabel: n => `${n} more ignored findings`
  }
}

export function expiredIgnoresBlock(expired: readonly IgnoreRule[]): Block | undefined {
  if (expired.length === 0) return undefined
  return {
    head:
      `\n#### Expired ignores (${expired.length})\n\nThese entries no longer apply; renew them with a reason or remove them.\n\n` +
      table(['Rule', 'Expired', 'Reason', 'Written in']),
    rows: rowsOf(
      expired,
      r =>
        `| ${escapeInline(r.id)} | ${r.expires ? escapeInline(r.expires, 10) : '—'} | ${escapeInline(r.reason)} | ${escapeInline(r.source, 80)} |`
    ),
    moreLabel: n => `${n} more expired ignores`
  }
}

/** Findings the policy records without blocking or warning, folded away in a <details>. */
export function recordedBlock(verdict: Verdict): Block | undefined {
  const list = decisionsOf(
    verdict.decisions.filter(d => !isSuppressed(d) && (d.action === 'record' || d.action === 'ignore'))
  )
  if (list.length === 0) return undefined
  return {
    head:
      `\n<details><summary>Recorded, not blocking (${list.length})</summary>\n\n` +
      table(['Severity', 'Rule', 'Package', 'Installed → fixed', 'Where', 'Title']),
    rows: rowsOf(
      list,
      d =>
        `| ${severityCell(d.finding.severity)} | ${ruleCell(d.finding)} | ${packageCell(d.finding)} | ${versionCell(d.finding)} | ${whereCell(d.finding)} | ${titleOf(d.finding)} |`
    ),
    tail: '\n</details>\n',
    moreLabel: n => `${n} more recorded findings`
  }
}

/** Size of a string as GitHub counts it; bytes are an upper bound for UTF-16 characters too. */
export function sizeOf(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * Joins blocks in order within `limit` bytes. When a block does not fit, as many of its rows as fit
 * are kept and a line says how many were left out; later blocks are reduced to that line. A final
 * visible note says the output was shortened and where the rest is.
 */
export function assemble(
  blocks: ReadonlyArray<Block | undefined>,
  limit: number,
  shortenedNote: string
): string {
  const present = blocks.filter((b): b is Block => b !== undefined)
  const full = renderWhole(present, limit)
  if (full !== undefined) return full

  const note = `\n> [!WARNING]\n> ${shortenedNote}\n`
  // Room for the note and for one "N more" line per block, so the skeleton always fits.
  const moreLine = (b: Block, n: number) =>
    `| _… ${b.moreLabel ? b.moreLabel(n) : `${n} more`} not shown_ |\n`
  let budget = limit - sizeOf(note) - present.reduce((sum, b) => sum + sizeOf(moreLine(b, 9_999_999)), 0)
  let out = ''
  let exhausted = false
  for (const b of present) {
    const tail = b.tail ?? ''
    const headSize = sizeOf(b.head) + sizeOf(tail)
    if (exhausted || headSize > budget) {
      exhausted = true
      if (b.rows.length > 0 && b.moreLabel) out += `\n_${b.moreLabel(b.rows.length)} not shown._\n`
      continue
    }
    budget -= headSize
    out += b.head
    let kept = 0
    for (let i = 0; i < b.rows.length; i++) {
      const row = b.rows.get(i)
      const size = sizeOf(row) + 1
      if (size > budget) break
      out += row + '\n'
      budget -= size
      kept++
    }
    if (kept < b.rows.length) {
      out += moreLine(b, b.rows.length - kept)
      exhausted = true
    }
    out += tail
  }
  return out + note
}

/** Every block in full, or undefined as soon as the text passes `limit` (rows beyond are never built). */
function renderWhole(blocks: readonly Block[], limit: number): string | undefined {
  const parts: string[] = []
  let size = 0
  const add = (text: string): boolean => {
    parts.push(text)
    size += sizeOf(text)
    return size <= limit
  }
  for (const b of blocks) {
    if (!add(b.head)) return undefined
    for (let i = 0; i < b.rows.length; i++) if (!add(b.rows.get(i) + '\n')) return undefined
    if (!add(b.tail ?? '')) return undefined
  }
  return parts.join('')
}
