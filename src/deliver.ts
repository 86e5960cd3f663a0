/**
 * What a run leaves behind, once the verdict is made: the SARIF and the JSON report written (and
 * kept as a workflow artifact), code scanning, the pull-request comment, the job summary, the
 * annotations, the step's outputs and where each went. main.ts calls these in its story; nothing
 * here decides anything about the verdict.
 */
import * as core from './workflow-commands.js'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { CheckResults } from './checks/run.js'
import type { ScannedSubject } from './findings/model.js'
import { uploadReportArtifact, type ArtifactOutcome } from './github/artifact.js'
import type { GitHubConnection } from './github/connect.js'
import { publishResults, type PublishResult } from './github/publish.js'
import type { Inputs } from './inputs/read.js'
import { log } from './log.js'
import type { Policy, Verdict } from './policy/types.js'
import { selectAnnotations } from './report/annotations.js'
import { describeRun, JSON_REPORT_STREAMED, jsonReportValue } from './report/json-report.js'
import { jsonPieces, type StreamPath } from './report/json-pieces.js'
import type { Destinations } from './report/log-verdict.js'
import { renderSarif, renderSarifLazily } from './report/sarif.js'
import type { SarifLog } from './report/sarif-types.js'
import { renderSummary } from './report/summary.js'
import type { Scanned } from './scanners/scan.js'
import type { SigningReport } from './sign/run.js'
import type { RunPaths } from './workspace/run-dirs.js'

/** What every stage of a run is told: the inputs, this run's folders and the policy. */
export interface Settings {
  inputs: Inputs
  paths: RunPaths
  policy: Policy
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export interface Written {
  /** The SARIF log as written, made again when code scanning needs it (renderSarif is pure). */
  sarif: () => SarifLog
  sarifFile: string
  reportFile: string
  artifact: ArtifactOutcome
}

const CHUNK = 1 << 16

/**
 * Writes a report as JSON in chunks of about 1 MiB (report/json-pieces.ts), so neither the whole
 * text nor its UTF-8 copy is ever held: the file's bytes are those of writeFile(JSON.stringify(value,
 * null, 2)). A piece is never split, so a character is never cut between two chunks.
 */
export async function writeJsonFile(
  file: string,
  value: unknown,
  paths: readonly StreamPath[],
  chunk = CHUNK
): Promise<void> {
  const handle = await open(file, 'w')
  try {
    let pending: string[] = []
    let size = 0
    for (const piece of jsonPieces(value, paths)) {
      pending.push(piece)
      size += piece.length
      if (size < chunk) continue
      await handle.writeFile(pending.join(''))
      pending = []
      size = 0
    }
    if (pending.length > 0) await handle.writeFile(pending.join(''))
  } finally {
    await handle.close()
  }
}

/** The SARIF's results are written one at a time (the log is kept whole for code scanning). */
const SARIF_STREAMED = [['runs', '*', 'results']]

/** The SARIF and the JSON report, written to this run's folder and kept as a workflow artifact. */
export async function writeReports(
  { inputs, paths, policy }: Settings,
  run: { verdict: Verdict; subjects: ScannedSubject[]; scanned: Scanned; now: Date; checked: CheckResults }
): Promise<Written> {
  const { verdict, scanned } = run
  const sarifFile = join(paths.outDir, 'container-gate.sarif')
  const reportFile = join(paths.outDir, 'container-gate-report.json')
  const sarifMeta = {
    categoryPrefix: inputs.github.sarifCategory,
    subjects: run.subjects,
    toolVersions: scanned.versions
  }
  const lazy = renderSarifLazily(verdict, sarifMeta)
  await writeJsonFile(sarifFile, lazy, SARIF_STREAMED)
  const scans = scanned.outcomes.map(o => ({
    tool: o.job.tool,
    label: o.job.label,
    exitCode: o.exitCode,
    reportFile: o.reportFile
  }))
  const meta = {
    generatedAt: run.now,
    policySource: policy.source,
    toolVersions: scanned.versions as Record<string, string>,
    scans,
    imported: inputs.reports,
    sarifFile,
    job: process.env.GITHUB_JOB ?? '',
    baseImages: run.checked.baseImages
  }
  await writeJsonFile(reportFile, jsonReportValue(describeRun(inputs), verdict, meta), JSON_REPORT_STREAMED)
  log.info(`SARIF: ${sarifFile} (${count(lazy.runs.length, 'run')}).`)
  log.info(`JSON report: ${reportFile}.`)
  const artifact = await uploadReportArtifact({
    enabled: inputs.github.uploadArtifact,
    files: [sarifFile, reportFile],
    rootDirectory: paths.outDir,
    matrix: inputs.github.matrix,
    commentKey: inputs.github.commentKey,
    logger: log
  })
  return { sarif: () => renderSarif(verdict, sarifMeta), sarifFile, reportFile, artifact }
}

/** The job summary, after publishing so it can say what code scanning refused or what was dropped. */
async function writeSummary(
  inputs: Inputs,
  verdict: Verdict,
  report: { subjects: ScannedSubject[]; written: Written; notes: string[]; signing?: SigningReport }
): Promise<string | undefined> {
  if (!inputs.summary) return "the input 'summary' is false"
  if (!process.env.GITHUB_STEP_SUMMARY) return 'this run has no job summary (GITHUB_STEP_SUMMARY is not set)'
  const { sarifFile, reportFile, artifact } = report.written
  const summary = renderSummary(verdict, {
    subjects: report.subjects,
    sarifFile,
    reportFile,
    ...(artifact.url ? { artifactUrl: artifact.url } : {}),
    notes: report.notes,
    ...(report.signing ? { signing: report.signing } : {})
  })
  await core.summary.addRaw(summary).write()
  return undefined
}

/** Annotations on the diff for blocking findings and warnings that have a file and line. */
function annotate(verdict: Verdict): void {
  const picked = selectAnnotations(verdict)
  const where = (a: (typeof picked.errors)[number]) => ({
    title: a.title,
    file: a.file,
    startLine: a.startLine,
    endLine: a.endLine
  })
  for (const a of picked.errors) log.error(a.message, where(a))
  for (const a of picked.warnings) log.warning(a.message, where(a))
  if (picked.omittedNote) log.info(picked.omittedNote)
}

export interface Published {
  github?: PublishResult
  summarySkipped?: string
}

/** Code scanning, the pull-request comment, the job summary and the annotations on the diff. */
export async function publishEverywhere(
  { inputs, paths }: Settings,
  github: GitHubConnection | undefined,
  run: {
    verdict: Verdict
    subjects: ScannedSubject[]
    written: Written
    notes: string[]
    now: Date
    signing?: SigningReport
  }
): Promise<Published> {
  const { verdict, subjects, written, signing } = run
  if (!github) log.info('GitHub: not connected (no repository or token, or nothing to publish there).')
  const published = await publishResults(github, inputs.github, {
    verdict,
    sarif: written.sarif,
    subjects,
    workspace: paths.workspace,
    startedAt: run.now,
    ...(written.artifact.url ? { artifactUrl: written.artifact.url } : {}),
    ...(signing ? { signing } : {})
  })
  const notes = [...run.notes, ...(published?.notes ?? [])]
  const summarySkipped = await writeSummary(inputs, verdict, { subjects, written, notes, signing })
  annotate(verdict)
  return { ...(published ? { github: published } : {}), ...(summarySkipped ? { summarySkipped } : {}) }
}

export function setOutputs(
  verdict: Verdict,
  written: Written,
  published: PublishResult | undefined,
  signing: SigningReport | undefined
): void {
  core.setOutput('verdict', verdict.outcome)
  core.setOutput('blocking-count', verdict.blocking.length)
  core.setOutput('critical', verdict.counts.CRITICAL)
  core.setOutput('high', verdict.counts.HIGH)
  core.setOutput('medium', verdict.counts.MEDIUM)
  core.setOutput('low', verdict.counts.LOW)
  core.setOutput('rebuild-required', verdict.rebuildRequired)
  core.setOutput('sarif-file', written.sarifFile)
  core.setOutput('report-file', written.reportFile)
  core.setOutput('sarif-ids', (published?.sarifIds ?? []).join(','))
  core.setOutput('comment-url', published?.commentUrl ?? '')
  core.setOutput('artifact-url', written.artifact.url ?? '')
  const signed = signing?.images.filter(i => i.signed && i.pinned) ?? []
  core.setOutput('signed', signed.map(i => i.pinned).join('\n'))
  core.setOutput('attestations', signed.flatMap(i => i.attestations.map(t => `${i.pinned} ${t}`)).join('\n'))
}

/** Where each result went, for the verdict block. */
export function destinations(inputs: Inputs, written: Written, published: Published): Destinations {
  const gh = published.github
  const ghSkipped = 'not connected to GitHub (no repository or token)'
  return {
    sarifFile: written.sarifFile,
    reportFile: written.reportFile,
    sarifIds: gh?.sarifIds ?? [],
    sarifSkipped: !inputs.github.uploadSarif ? "the input 'upload-sarif' is false" : ghSkipped,
    ...(written.artifact.url ? { artifactUrl: written.artifact.url } : {}),
    ...(written.artifact.skipped ? { artifactSkipped: written.artifact.skipped } : {}),
    ...(published.summarySkipped ? { summarySkipped: published.summarySkipped } : {}),
    ...(gh?.commentUrl ? { commentUrl: gh.commentUrl } : {}),
    commentSkipped:
      inputs.github.comment === 'off' ? "the input 'comment' is off" : gh ? 'not a pull request' : ghSkipped
  }
}
