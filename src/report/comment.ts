/**
 * The pull-request comment: the summary's blocks plus what changed against the base branch, under a
 * hidden marker that lets the next run find and edit it. Pure; github/comment.ts posts it.
 */
import type { ScannedSubject } from '../findings/model.js'
import { normalizeSeverity } from '../findings/severity.js'
import type { Verdict } from '../policy/types.js'
import type { AlertSummary, BaseDiff } from './base-diff.js'
import { CONTEXT_LINK, markdownLink } from './markdown/links.js'
import { assemble, rowsOf, textBlock, type Block } from './markdown/assemble.js'
import * as blocks from './markdown/blocks.js'
import { headline } from './headline.js'
import { compareDecisions, findingRow, ruleHeader, severityCell } from './markdown/cells.js'
import { signingBlock } from './markdown/signing.js'
import type { SigningReport } from '../sign/run.js'
import { escapeCell, escapeInline } from './markdown/escape.js'

/** GitHub refuses comment bodies over 65,536 characters: the one place that says so (github/
 * comment.ts cuts anything longer as a last guard). */
export const COMMENT_LIMIT = 65_536

export interface CommentMeta {
  /** The hidden marker line (`<!-- container-gate:<key> -->`), first in the body. */
  marker: string
  subjects?: readonly ScannedSubject[]
  /** New and fixed against the base branch; absent when the base's alerts could not be read. */
  diff?: BaseDiff
  baseRef?: string
  /** https://github.com (or the GHES host): alert links must live under it. */
  serverUrl?: string
  /** Link to this pull request's code-scanning alerts (built from trusted context). */
  codeScanningUrl?: string
  /** Link to the workflow run, whose job summary has everything. */
  runUrl?: string
  /** Link to the workflow artifact with the SARIF and the JSON report. */
  artifactUrl?: string
  /** Short commit the comment describes. */
  commit?: string
  notes?: readonly string[]
  /** What signing did (sign: true), said as in the summary. */
  signing?: SigningReport
  limit?: number
}

/** A link we built from the run's own context (server URL, owner, repo): the rule of markdown/links.ts. */
function trustedLink(label: string, url: string | undefined): string {
  return markdownLink(label, url, CONTEXT_LINK)
}

function addedBlock(diff: BaseDiff, base: string): Block {
  const list = [...diff.added].sort(compareDecisions)
  const action = { block: '❌ blocks', warn: '⚠️ warns', record: 'recorded', ignore: 'ignored' } as const
  return {
    head:
      `\n#### New compared with ${base} (${list.length})\n\n` +
      (diff.notCompared > 0
        ? `_${diff.notCompared === 1 ? '1 finding is' : `${diff.notCompared} findings are`} in categories ${base} has no analysis for yet, so ${diff.notCompared === 1 ? 'it is' : 'they are'} not compared._\n\n`
        : '') +
      (diff.unread > 0
        ? `_${base} has more code-scanning alerts than were read, so the comparison is partial: ${diff.unread === 1 ? '1 finding matches' : `${diff.unread} findings match`} none of those read and ${diff.unread === 1 ? 'is' : 'are'} not counted as new._\n\n`
        : '') +
      (list.length === 0
        ? '_Nothing new._\n'
        : `| Severity | ${ruleHeader(list.map(d => d.finding.ruleId))} | Where | Package | Installed → fixed | Decision |\n|---|---|---|---|---|---|\n`),
    rows: rowsOf(list, d => findingRow(d, action[d.action])),
    moreLabel: n => `${n} more new findings`
  }
}

function fixedBlock(fixed: readonly AlertSummary[], base: string, serverUrl: string | undefined): Block {
  const alertLink = (a: AlertSummary) =>
    serverUrl && a.htmlUrl.startsWith(serverUrl.replace(/\/+$/, '') + '/')
      ? trustedLink(`#${a.number}`, a.htmlUrl)
      : `#${a.number}`
  return {
    head:
      `\n#### Fixed compared with ${base} (${fixed.length})\n\n` +
      (fixed.length === 0
        ? '_Nothing fixed._\n'
        : `| Severity | ${ruleHeader(fixed.map(a => a.ruleId))} | Where | Alert |\n|---|---|---|---|\n`),
    rows: rowsOf(fixed, a => {
      const sev = a.severity ? severityCell(normalizeSeverity(a.severity)) : '—'
      return `| ${sev} | ${escapeCell(a.ruleId)} | ${escapeCell(a.path)} | ${alertLink(a)} |`
    }),
    moreLabel: n => `${n} more fixed alerts`
  }
}

/** Renders the comment body (marker first), at most `limit` characters. */
export function renderComment(verdict: Verdict, meta: CommentMeta): string {
  const base = escapeInline(meta.baseRef || 'the base branch', 100)
  const links: string[] = []
  if (meta.codeScanningUrl)
    links.push(trustedLink('Code-scanning alerts for this pull request', meta.codeScanningUrl))
  if (meta.runUrl) links.push(trustedLink('workflow run and full job summary', meta.runUrl))
  if (meta.artifactUrl) links.push(trustedLink('SARIF and JSON report (artifact)', meta.artifactUrl))
  const footer = textBlock(
    `\n<sub>${[meta.commit ? `Commit ${escapeInline(meta.commit, 40)}` : '', ...links].filter(Boolean).join(' · ')}</sub>\n`
  )
  const shortened = `This comment was shortened to fit GitHub's 65,536-character limit. The complete list is in ${
    meta.runUrl ? trustedLink("the run's job summary", meta.runUrl) : "the run's job summary"
  } and in code scanning.`
  const parts: Array<Block | undefined> = [
    textBlock(meta.marker + '\n'),
    blocks.verdictBlock(verdict, headline(verdict)),
    footer,
    blocks.severityTableBlock(verdict, meta.subjects),
    blocks.notesBlock(meta.notes),
    signingBlock(meta.signing),
    ...blocks.actionBlocks(verdict),
    meta.diff ? addedBlock(meta.diff, base) : undefined,
    meta.diff ? fixedBlock(meta.diff.fixed, base, meta.serverUrl) : undefined,
    ...blocks.setAsideBlocks(verdict)
  ]
  return assemble(parts, Math.min(meta.limit ?? COMMENT_LIMIT, COMMENT_LIMIT), shortened)
}
