/**
 * The job summary: what the step decided and why, in the page people open from the run. Pure: the
 * caller writes the string with `core.summary.addRaw(...).write()`.
 */
import type { ScannedSubject } from '../findings/model.js'
import type { Verdict } from '../policy/types.js'
import { assemble, textBlock, type Block } from './markdown/assemble.js'
import * as blocks from './markdown/blocks.js'
import { escapeInline } from './markdown/escape.js'
import { signingBlock } from './markdown/signing.js'
import type { SigningReport } from '../sign/run.js'

/** GitHub rejects a step summary larger than 1 MiB. */
export const SUMMARY_LIMIT = 1024 * 1024

export interface SummaryMeta {
  /** Every tool and subject that was scanned, so clean subjects show a row of zeros. */
  subjects?: readonly ScannedSubject[]
  /** Path of the SARIF file written by this step. */
  sarifFile?: string
  /** Path of the JSON report written by this step. */
  reportFile?: string
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
  const shortened =
    meta.truncatedNote ??
    `This summary was shortened to fit GitHub's 1 MiB limit. Every finding is in ${
      meta.sarifFile ? `the SARIF file (${escapeInline(meta.sarifFile)})` : 'the SARIF file'
    }${meta.reportFile ? ` and the JSON report (${escapeInline(meta.reportFile)})` : ''} and in code scanning.`
  const parts: Array<Block | undefined> = [
    blocks.verdictBlock(verdict),
    blocks.severityTableBlock(verdict, meta.subjects),
    blocks.notesBlock(meta.notes),
    signingBlock(meta.signing),
    ...blocks.actionBlocks(verdict),
    ...blocks.setAsideBlocks(verdict),
    filesBlock(meta)
  ]
  return assemble(parts, meta.limit ?? SUMMARY_LIMIT, shortened)
}

function filesBlock(meta: SummaryMeta): Block | undefined {
  const files: string[] = []
  if (meta.sarifFile) files.push(`SARIF: ${escapeInline(meta.sarifFile)}`)
  if (meta.reportFile) files.push(`JSON report: ${escapeInline(meta.reportFile)}`)
  return files.length > 0 ? textBlock(`\n<sub>${files.join(' · ')}</sub>\n`) : undefined
}
