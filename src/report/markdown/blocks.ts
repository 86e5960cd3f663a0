/**
 * The markdown blocks the job summary and the pull-request comment share, so both say the same
 * thing in the same words: the verdict line, the severity table and one table per kind of
 * decision. Pure: a Verdict (and a few facts) in, blocks out (assemble.ts fits them to a limit).
 */
import type { ScannedSubject } from '../../findings/model.js'
import { SEVERITIES, zeroSeverityCounts, type SeverityCounts } from '../../findings/severity.js'
import type { Decision, IgnoreRule, Verdict } from '../../policy/types.js'
import { fixedRows, rowsOf, textBlock, type Block } from './assemble.js'
import {
  compareDecisions,
  compareStrings,
  deadlineText,
  findingRow,
  isSuppressed,
  packageCell,
  ruleCell,
  ruleHeader,
  severityCell,
  titleOf,
  whereCell
} from './cells.js'
import { escapeCell, escapeInline } from './escape.js'

function table(columns: string[]): string {
  return `| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n`
}

/** The first line: outcome, the headline (report/headline.ts) and, in monitor mode, whether a rebuild is due. */
export function verdictBlock(verdict: Verdict, headline: string): Block {
  const icon = verdict.outcome === 'fail' ? '❌' : verdict.warnings.length > 0 ? '⚠️' : '✅'
  // The headline is short by construction and never cut: a cut would land in the middle of a name.
  const lines = [`### ${icon} container-gate: ${verdict.outcome}`, '', escapeInline(headline, 10_000)]
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
  const sorted = [...rows.values()].sort(
    (a, b) => compareStrings(a.tool, b.tool) || compareStrings(a.subject, b.subject)
  )
  const head = table(['Tool', 'Subject', ...SEVERITIES.map(s => s.charAt(0) + s.slice(1).toLowerCase())])
  const body = sorted.map(
    r =>
      `| ${escapeCell(r.tool)} | ${escapeCell(r.subject)} | ${SEVERITIES.map(s => r.counts[s]).join(' | ')} |`
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

function blockingBlock(verdict: Verdict): Block | undefined {
  if (verdict.blocking.length === 0) return undefined
  const list = decisionsOf(verdict.blocking)
  return {
    head:
      `\n#### Blocking (${list.length})\n\n` +
      table([
        'Severity',
        ruleHeader(list.map(d => d.finding.ruleId)),
        'Where',
        'Package',
        'Installed → fixed',
        'Why it blocks'
      ]),
    rows: rowsOf(list, d => findingRow(d, escapeCell(d.rule))),
    moreLabel: n => `${n} more blocking findings`
  }
}

function warningsBlock(verdict: Verdict): Block | undefined {
  if (verdict.warnings.length === 0) return undefined
  const list = [...verdict.warnings].sort(
    (a, b) =>
      (a.deadline?.daysLeft ?? Infinity) - (b.deadline?.daysLeft ?? Infinity) || compareDecisions(a, b)
  )
  return {
    head:
      `\n#### Warnings (${list.length})\n\n` +
      table([
        'Severity',
        ruleHeader(list.map(d => d.finding.ruleId)),
        'Where',
        'Package',
        'Installed → fixed',
        'Deadline'
      ]),
    rows: rowsOf(list, d => findingRow(d, deadlineText(d))),
    moreLabel: n => `${n} more warnings`
  }
}

function ignoredBlock(verdict: Verdict): Block | undefined {
  const list = decisionsOf(verdict.decisions.filter(isSuppressed))
  if (list.length === 0) return undefined
  return {
    head:
      `\n#### Ignored (${list.length})\n\n` +
      table([
        'Severity',
        ruleHeader(list.map(d => d.finding.ruleId)),
        'Where',
        'Package',
        'Reason',
        'Ignored by',
        'Expires'
      ]),
    rows: rowsOf(list, d => {
      const s = d.suppressedBy as NonNullable<Decision['suppressedBy']>
      return `| ${severityCell(d.finding.severity)} | ${ruleCell(d.finding)} | ${whereCell(d.finding)} | ${packageCell(d.finding)} | ${escapeCell(s.reason)} | ${escapeCell(s.source, 80)} | ${s.expires ? escapeInline(s.expires, 10) : '—'} |`
    }),
    moreLabel: n => `${n} more ignored findings`
  }
}

function expiredIgnoresBlock(expired: readonly IgnoreRule[]): Block | undefined {
  if (expired.length === 0) return undefined
  return {
    head:
      `\n#### Expired ignores (${expired.length})\n\nThese entries no longer apply; renew them with a reason or remove them.\n\n` +
      table([ruleHeader(expired.map(r => r.id)), 'Expired', 'Reason', 'Written in']),
    rows: rowsOf(
      expired,
      r =>
        `| ${escapeCell(r.id)} | ${r.expires ? escapeInline(r.expires, 10) : '—'} | ${escapeCell(r.reason)} | ${escapeCell(r.source, 80)} |`
    ),
    moreLabel: n => `${n} more expired ignores`
  }
}

/** Findings folded away in a <details>: those the policy records, and those its tiers ignore. */
function foldedBlock(
  verdict: Verdict,
  action: 'record' | 'ignore',
  words: { title: string; intro: string; more: string }
): Block | undefined {
  const list = decisionsOf(verdict.decisions.filter(d => !isSuppressed(d) && d.action === action))
  if (list.length === 0) return undefined
  return {
    head:
      `\n<details><summary>${words.title} (${list.length})</summary>\n\n${words.intro}` +
      table([
        'Severity',
        ruleHeader(list.map(d => d.finding.ruleId)),
        'Where',
        'Package',
        'Installed → fixed',
        'Title'
      ]),
    rows: rowsOf(list, d => findingRow(d, titleOf(d.finding))),
    tail: '\n</details>\n',
    moreLabel: n => `${n} more ${words.more}`
  }
}

function recordedBlock(verdict: Verdict): Block | undefined {
  return foldedBlock(verdict, 'record', {
    title: 'Recorded, not blocking',
    intro: '',
    more: 'recorded findings'
  })
}

/** Severities the policy's tiers set to `ignore` (LOW by default): listed, never warning or blocking. */
function tierIgnoredBlock(verdict: Verdict): Block | undefined {
  return foldedBlock(verdict, 'ignore', {
    title: "Ignored by the policy's tiers",
    intro:
      "_The policy's tiers ignore these severities: they are listed and counted, never warn or block._\n\n",
    more: 'findings ignored by tier'
  })
}

/** Notes from publishing; before the long tables so truncation never hides them. */
export function notesBlock(notes: readonly string[] | undefined): Block | undefined {
  if (!notes || notes.length === 0) return undefined
  return textBlock('\n' + notes.map(n => `> [!NOTE]\n> ${escapeInline(n, 500)}\n`).join('\n'))
}

/** What needs action, in the order both reports show it: the blocking findings, then the warnings. */
export function actionBlocks(verdict: Verdict): Array<Block | undefined> {
  return [blockingBlock(verdict), warningsBlock(verdict)]
}

/** What was set aside, after everything else: expired ignores, ignored and recorded findings. */
export function setAsideBlocks(verdict: Verdict): Array<Block | undefined> {
  return [
    expiredIgnoresBlock(verdict.expiredIgnores),
    ignoredBlock(verdict),
    recordedBlock(verdict),
    tierIgnoredBlock(verdict)
  ]
}
