/**
 * The job summary: what the step decided and why, in the page people open from the run. Pure: the
 * caller writes the string with `core.summary.addRaw(...).write()`.
 */
import type { ScannedSubject } from '../findings/model.js'
import type { Verdict } from '../policy/types.js'
import { assemble, textBlock, type Block } from './markdown/assemble.js'
import * as blocks from './markdown/blocks.js'
import { headline } from './headline.js'
import { escapeInline } from './markdown/escape.js'
import { signingBlock } from './markdown/signing.js'
import type { SigningReport } from '../sign/run.js'
import { CONTEXT_LINK, markdownLink } from './markdown/links.js'

/** GitHub rejects a step summary larger than 1 MiB. */
export const SUMMARY_LIMIT = 1024 * 1024

export interface SummaryMeta {
  /** Every tool and subject that was scanned, so clean subjects show a row of zeros. */
  subjects?: readonly ScannedSubject[]
  /** Path of the SARIF file written by this step. */
  sarifFile?: string
  /** Path of the JSON report written by this step. */
  reportFile?: string
  /** The workflow artifact holding both, when it was uploaded: the files on the runner are gone
   * once the job ends, so this is where the summary sends people. */
  artifactUrl?: string
  /** Said when the summary had to be shortened: where the complete list is. */
  truncatedNote?: string
  /** Notes from publishing (results dropped to fit code scanning's limits, missing permissions). */
  notes?: readonly string[]
  /** What signing did (sign: true): signed, withheld because the gate failed, or failed. */
  signing?: SigningReport
  /** Size limit in bytes; defaults to GitHub's 1 MiB. Tests pass smaller limits. */
  limit?: number
}

/** Renders the job summary markdown for a verdict. */
export function renderSummary(verdict: Verdict, meta: SummaryMeta = {}): string {
  const everything = meta.artifactUrl
    ? `the ${markdownLink('workflow artifact', meta.artifactUrl, CONTEXT_LINK)} (the SARIF and the JSON report)`
    : `${meta.sarifFile ? `the SARIF file (${escapeInline(meta.sarifFile)})` : 'the SARIF file'}${
        meta.reportFile ? ` and the JSON report (${escapeInline(meta.reportFile)})` : ''
      }`
  const shortened =
    meta.truncatedNote ??
    `This summary was shortened to fit GitHub's 1 MiB limit. Every finding is in ${everything} and in code scanning.`
  const parts: Array<Block | undefined> = [
    blocks.verdictBlock(verdict, headline(verdict)),
    blocks.severityTableBlock(verdict, meta.subjects),
    blocks.notesBlock(meta.notes),
    signingBlock(meta.signing),
    ...blocks.actionBlocks(verdict),
    ...blocks.setAsideBlocks(verdict),
    filesBlock(meta)
  ]
  return assemble(parts, meta.limit ?? SUMMARY_LIMIT, shortened)
}

/** Where the complete results are: the artifact when there is one, else the files on the runner. */
function filesBlock(meta: SummaryMeta): Block | undefined {
  if (meta.artifactUrl)
    return textBlock(
      `\n<sub>Every finding with its decision: ${markdownLink('the SARIF and the JSON report (workflow artifact)', meta.artifactUrl, CONTEXT_LINK)}</sub>\n`
    )
  const files: string[] = []
  if (meta.sarifFile) files.push(`SARIF: ${escapeInline(meta.sarifFile)}`)
  if (meta.reportFile) files.push(`JSON report: ${escapeInline(meta.reportFile)}`)
  return files.length > 0
    ? textBlock(`\n<sub>${files.join(' · ')} (on the runner, gone when the job ends)</sub>\n`)
    : undefined
}
