/**
 * The fleet's job summary and pull-request comment: the verdict, the legs that did not report, what
 * to fix first (bases ranked by what a rebuild clears), the monitor-mode rebuild list, one row per
 * distinct finding with the images it is in, and every leg. Both fit GitHub's limits (1 MiB, 65,536
 * characters) by the same assembler as a single run's, which says what it left out. Pure; every
 * value from a leg's report is untrusted and goes through escape.ts.
 */
import { severityCell } from '../report/markdown/cells.js'
import { assemble, rowsOf, textBlock, type Block } from '../report/markdown/assemble.js'
import { escapeCell, escapeInline, safeLink } from '../report/markdown/escape.js'
import { COMMENT_LIMIT } from '../report/comment.js'
import { CONTEXT_LINK, markdownLink } from '../report/markdown/links.js'
import { SUMMARY_LIMIT } from '../report/summary.js'
import type { FleetFinding, FleetResult, LegVerdict } from './aggregate.js'

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** At most `max` names escaped, then how many more. */
function listCell(names: Iterable<string>, max = 3): string {
  const all = [...names]
  const shown = all.slice(0, max).map(n => escapeCell(n, 80))
  return shown.join(', ') + (all.length > max ? `, +${all.length - max} more` : '')
}

function verdictBlock(result: FleetResult): Block {
  const t = result.totals
  const icon = result.outcome === 'pass' ? '✅' : '❌'
  const legs = `${plural(t.legs.reported, 'leg')} reported of ${plural(t.legs.expected, 'expected leg')}, ${plural(t.images, 'image')}`
  const findings = `${plural(t.occurrences, 'finding')} in all, ${plural(t.distinct, 'distinct finding')}; ${plural(t.blocking.distinct, 'distinct blocking finding')} in ${plural(t.blocking.occurrences, 'place')}`
  return textBlock(
    `### ${icon} container-gate fleet: ${result.outcome}\n\n${escapeInline(result.reason, 2000)}.\n\n${legs}. ${findings}.\n`
  )
}

function missingBlock(result: FleetResult): Block | undefined {
  if (result.missing.length === 0) return undefined
  return {
    head: `\n#### Legs that did not report (${result.missing.length})\n\nNo report was found for these legs (a cancelled or crashed job, or a missing artifact): the fleet cannot vouch for their images.\n\n| Leg |\n|---|\n`,
    rows: rowsOf(result.missing, name => `| ${escapeCell(name)} |`),
    moreLabel: n => `${n} more missing legs`
  }
}

function notesBlock(result: FleetResult): Block | undefined {
  const notes: string[] = []
  if (result.policies.length > 0)
    notes.push(
      `The legs did not all use the same policy; each leg's decisions are its own: ${result.policies.map(p => `${escapeInline(p.policy, 200)} (${listCell(p.legs, 5)})`).join('; ')}.`
    )
  if (result.unexpected.length > 0)
    notes.push(
      `Reports from legs that were not expected (counted all the same): ${listCell(result.unexpected, 10)}.`
    )
  return notes.length > 0 ? textBlock(`\n${notes.map(n => `> [!NOTE]\n> ${n}\n`).join('\n')}`) : undefined
}

function basesBlock(result: FleetResult): Block | undefined {
  const ranked = result.bases.filter(b => b.clears > 0)
  if (ranked.length === 0) return undefined
  return {
    head: `\n#### What to fix first: base images\n\nRebuilding on a fixed base clears the blocking findings in OS packages that have a fix, in every image built FROM it.\n\n| Base image | Blocking findings cleared | Distinct | Images built FROM it |\n|---|---:|---:|---:|\n`,
    rows: rowsOf(ranked, b => `| ${escapeCell(b.base)} | ${b.clears} | ${b.distinct} | ${b.images} |`),
    moreLabel: n => `${n} more base images`
  }
}

function rebuildBlock(result: FleetResult): Block | undefined {
  if (result.rebuild.length === 0) return undefined
  return {
    head: `\n#### Rebuild required (${result.rebuild.length})\n\nMonitor mode: these images have a CRITICAL vulnerability with a fix in their OS packages (output rebuild-images).\n\n| Image | Leg | Base | Fixable CRITICAL |\n|---|---|---|---|\n`,
    rows: rowsOf(
      result.rebuild,
      r =>
        `| ${escapeCell(r.image)} | ${escapeCell(r.leg)} | ${r.base ? escapeCell(r.base) : '—'} | ${listCell(r.vulnerabilities, 5)} |`
    ),
    moreLabel: n => `${n} more images to rebuild`
  }
}

const ACTION_CELL = { block: '❌ blocks', warn: '⚠️ warns', record: 'recorded', ignore: 'ignored' } as const

function findingRow(f: FleetFinding): string {
  const pkg = f.packageName ? `${escapeCell(f.packageName)} ${escapeCell(f.installedVersion ?? '')}` : '—'
  const fix = f.fixedVersion ? escapeCell(f.fixedVersion) : '—'
  const base =
    f.bases.size === 1 && f.images.size > 1
      ? `shared: ${escapeCell([...f.bases][0])}`
      : f.bases.size > 0
        ? listCell(f.bases, 2)
        : '—'
  return `| ${severityCell(f.severity)} | ${ACTION_CELL[f.action]} | ${safeLink(f.ruleId, f.primaryUrl)} | ${pkg} | ${fix} | ${f.images.size}: ${listCell(f.images)} | ${base} |`
}

function findingsBlock(result: FleetResult): Block {
  return {
    head: `\n#### Findings across the fleet (${result.findings.length} distinct)\n\nOne row per vulnerability and package version, however many images have it; each decision is the legs' own.\n\n| Severity | Decision | Rule | Package | Fixed in | Images | From base |\n|---|---|---|---|---|---|---|\n`,
    rows: rowsOf(result.findings, findingRow),
    moreLabel: n => `${n} more distinct findings`
  }
}

const OUTCOME_CELL = { pass: '✅ pass', fail: '❌ fail', missing: '⛔ did not report' } as const

function legRow(l: LegVerdict): string {
  return `| ${escapeCell(l.leg)} | ${OUTCOME_CELL[l.outcome]} | ${escapeCell(l.mode ?? '—')} | ${l.blocking ?? '—'} | ${l.images ? listCell(l.images, 2) : '—'} |`
}

function legsBlock(result: FleetResult): Block {
  return {
    head: `\n<details><summary>Every leg (${result.legs.length})</summary>\n\n| Leg | Outcome | Mode | Blocking | Images |\n|---|---|---|---:|---|\n`,
    rows: rowsOf(result.legs, legRow),
    tail: '\n</details>\n',
    moreLabel: n => `${n} more legs`
  }
}

function blocks(result: FleetResult): Array<Block | undefined> {
  return [
    verdictBlock(result),
    missingBlock(result),
    notesBlock(result),
    basesBlock(result),
    rebuildBlock(result),
    legsBlock(result),
    findingsBlock(result)
  ]
}

const WHERE_ELSE =
  "every leg's verdict is in the output leg-verdicts, the totals in fleet-totals, and every finding in the legs' JSON reports"

/** The job summary of the aggregate, within GitHub's 1 MiB. */
export function renderFleetSummary(result: FleetResult, limit = SUMMARY_LIMIT): string {
  return assemble(
    blocks(result),
    limit,
    `This summary was shortened to fit GitHub's 1 MiB limit: ${WHERE_ELSE}.`
  )
}

/** The fleet's one pull-request comment, marker first, within 65,536 characters. */
export function renderFleetComment(
  result: FleetResult,
  marker: string,
  runUrl?: string,
  limit = COMMENT_LIMIT
): string {
  const head = `${marker}\n`
  const foot = runUrl
    ? `\n<sub>The whole fleet's summary is on the ${markdownLink('workflow run', runUrl, CONTEXT_LINK)}.</sub>\n`
    : ''
  const room = limit - head.length - foot.length
  return (
    head +
    assemble(
      blocks(result),
      room,
      `This comment was shortened to fit GitHub's 65,536-character limit: the job summary has more, and ${WHERE_ELSE}.`
    ) +
    foot
  )
}
