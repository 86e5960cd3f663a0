/**
 * Everything the action tells GitHub, in order: first-seen dates before the policy decides; then
 * SARIF to code scanning (and wait for it), then the pull-request comment with new/fixed against the
 * base branch. Nothing here can fail the step: every problem comes back as a warning (already
 * logged), and the verdict is never touched.
 */
import type { Finding, ScannedSubject } from '../findings/model.js'
import type { CommentMode, GitHubSettings } from '../inputs/read.js'
import { log, type Logger } from '../log.js'
import type { Verdict } from '../policy/types.js'
import type { BaseDiff } from '../report/base-diff.js'
import { renderComment } from '../report/comment.js'
import { toolOfDriver } from '../report/sarif.js'
import type { SarifLog } from '../report/sarif-types.js'
import type { SigningReport } from '../sign/run.js'
import { execTool } from '../tools/exec.js'
import { compareWithBase, fetchFirstSeen } from './baseline.js'
import type { GitHubClient } from './client.js'
import { commentKey, commentMarker, upsertComment } from './comment.js'
import type { GitHubConnection } from './connect.js'
import { uploadTarget } from './context.js'
import { categoryOfRun, droppedNotes, type DroppedResults } from './sarif-limits.js'
import { uploadSarif, waitForProcessing } from './sarif-upload.js'
import type { PublishWarning, RunContext } from './types.js'

/**
 * First-seen dates for the policy's deadlines, from the default branch's code-scanning alerts of
 * the tools that found something; undefined when not on GitHub.
 */
export async function readFirstSeen(
  gh: GitHubConnection | undefined,
  settings: GitHubSettings,
  findings: readonly Finding[]
): Promise<Map<string, string> | undefined> {
  if (!gh) return undefined
  const { firstSeen } = await fetchFirstSeen({
    client: gh.client,
    ctx: gh.ctx,
    findings,
    categoryPrefix: settings.sarifCategory,
    logger: log
  })
  return firstSeen
}

/** The commit the workspace holds, to tell a pull request's head checkout from its merge commit. */
async function gitHead(workspace: string): Promise<string | undefined> {
  try {
    const result = await execTool('git', ['rev-parse', 'HEAD'], { cwd: workspace })
    const sha = result.stdout.trim()
    return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined
  } catch {
    return undefined
  }
}

/** Publishes the run's results as the inputs ask; undefined when not on GitHub. */
export async function publishResults(
  gh: GitHubConnection | undefined,
  settings: GitHubSettings,
  report: {
    verdict: Verdict
    /** Made only when connected: the log of a large run is tens of MiB. */
    sarif: () => SarifLog
    subjects: readonly ScannedSubject[]
    workspace: string
    startedAt: Date
    /** What signing did, for the comment. */
    signing?: SigningReport
    /** The workflow artifact holding the SARIF and the JSON report, linked from the comment. */
    artifactUrl?: string
  }
): Promise<PublishResult | undefined> {
  if (!gh) return undefined
  return publish({
    client: gh.client,
    ctx: gh.ctx,
    verdict: report.verdict,
    sarif: report.sarif(),
    categoryPrefix: settings.sarifCategory,
    subjects: report.subjects,
    upload: settings.uploadSarif,
    waitForProcessing: settings.waitForProcessing,
    comment: gh.ctx.pullRequest ? settings.comment : 'off',
    commentKey: commentKey({
      workflow: gh.ctx.workflow,
      job: gh.ctx.job,
      matrix: settings.matrix,
      override: settings.commentKey
    }),
    checkoutSha: await gitHead(report.workspace),
    startedAt: report.startedAt.toISOString(),
    ...(report.signing ? { signing: report.signing } : {}),
    ...(report.artifactUrl ? { artifactUrl: report.artifactUrl } : {}),
    logger: log
  })
}

export interface PublishOptions {
  client: GitHubClient
  ctx: RunContext
  verdict: Verdict
  /** The SARIF renderSarif produced (the same object written to sarif-file). */
  sarif: SarifLog
  /** `sarif-category` input: the prefix of every category. */
  categoryPrefix: string
  subjects: readonly ScannedSubject[]
  upload: boolean
  waitForProcessing: boolean
  comment: CommentMode
  /** From commentKey({ workflow, job, matrix, override }). */
  commentKey: string
  /** The commit actually scanned (git rev-parse HEAD), to tell a head checkout from the merge commit. */
  checkoutSha?: string
  /** ISO 8601 time the analysis started. */
  startedAt: string
  /** What signing did (sign: true), for the comment. */
  signing?: SigningReport
  /** The workflow artifact holding the SARIF and the JSON report. */
  artifactUrl?: string
  logger: Logger
  sleep?: (ms: number) => Promise<void>
  /** Passed to waitForProcessing (default 2 minutes). */
  processingTimeoutMs?: number
}

export interface PublishResult {
  /** Output `sarif-ids`. */
  sarifIds: string[]
  /** Output `comment-url`. */
  commentUrl?: string
  dropped: DroppedResults[]
  diff?: BaseDiff
  warnings: PublishWarning[]
  /** Sentences for the job summary's notes: dropped results and warnings. */
  notes: string[]
}

/** Keeps one warning per missing permission (a fork's token refuses everything alike). */
function dedupeWarnings(warnings: readonly PublishWarning[]): PublishWarning[] {
  const seen = new Set<string>()
  return warnings.filter(w => {
    const key = w.permission ?? `${w.feature}:${w.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

interface Uploaded {
  sarifIds: string[]
  dropped: DroppedResults[]
  warnings: PublishWarning[]
}

/** Uploads the SARIF within GitHub's limits and, when asked, waits until code scanning processed it. */
async function uploadResults(opts: PublishOptions): Promise<Uploaded> {
  const { client, ctx, logger } = opts
  const up = await uploadSarif({
    client,
    ctx,
    target: uploadTarget(ctx, opts.checkoutSha),
    sarif: opts.sarif,
    startedAt: opts.startedAt,
    logger
  })
  const sarifIds = up.uploaded.map(u => u.id)
  const warnings = [...up.warnings]
  if (opts.waitForProcessing && sarifIds.length > 0) {
    const waited = await waitForProcessing({
      client,
      ctx,
      ids: sarifIds,
      logger,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      ...(opts.processingTimeoutMs !== undefined ? { timeoutMs: opts.processingTimeoutMs } : {})
    })
    warnings.push(...waited.warnings)
  }
  return { sarifIds, dropped: up.dropped, warnings }
}

/** Renders the comment body (with what publishing had to say) and keeps the one comment up to date. */
async function writeComment(
  opts: PublishOptions,
  pr: NonNullable<RunContext['pullRequest']>,
  diff: BaseDiff | undefined,
  notes: string[]
): Promise<{ url?: string; warnings: PublishWarning[] }> {
  const { client, ctx, logger } = opts
  const repoUrl = `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}`
  const body = renderComment(opts.verdict, {
    marker: commentMarker(opts.commentKey),
    subjects: opts.subjects,
    ...(diff ? { diff } : {}),
    baseRef: pr.baseRef,
    serverUrl: ctx.serverUrl,
    codeScanningUrl: `${repoUrl}/security/code-scanning?query=${encodeURIComponent(`is:open pr:${pr.number}`)}`,
    ...(ctx.runId ? { runUrl: `${repoUrl}/actions/runs/${ctx.runId}` } : {}),
    ...(opts.artifactUrl ? { artifactUrl: opts.artifactUrl } : {}),
    commit: (opts.checkoutSha ?? ctx.sha).slice(0, 7),
    notes,
    ...(opts.signing ? { signing: opts.signing } : {})
  })
  return upsertComment({ client, ctx, key: opts.commentKey, body, mode: opts.comment, logger })
}

export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const uploaded: Uploaded = opts.upload
    ? await uploadResults(opts)
    : { sarifIds: [], dropped: [], warnings: [] }
  const warnings = [...uploaded.warnings]
  let commentUrl: string | undefined
  let diff: BaseDiff | undefined
  const pr = opts.ctx.pullRequest
  if (opts.comment !== 'off' && pr) {
    if (pr.baseRef) {
      const compared = await compareWithBase({
        client: opts.client,
        ctx: opts.ctx,
        logger: opts.logger,
        verdict: opts.verdict,
        categoryPrefix: opts.categoryPrefix,
        baseBranch: pr.baseRef,
        tools: opts.sarif.runs.flatMap(r => toolOfDriver(r.tool.driver.name) ?? []),
        categories: opts.sarif.runs.map(categoryOfRun)
      })
      warnings.push(...compared.warnings)
      diff = compared.diff
    }
    const notes = [...droppedNotes(uploaded.dropped), ...dedupeWarnings(warnings).map(w => w.message)]
    const written = await writeComment(opts, pr, diff, notes)
    warnings.push(...written.warnings)
    commentUrl = written.url
  }
  const unique = dedupeWarnings(warnings)
  for (const w of unique) opts.logger.warning(w.message)
  return {
    sarifIds: uploaded.sarifIds,
    ...(commentUrl ? { commentUrl } : {}),
    dropped: uploaded.dropped,
    ...(diff ? { diff } : {}),
    warnings: unique,
    notes: [...droppedNotes(uploaded.dropped), ...unique.map(w => w.message)]
  }
}
