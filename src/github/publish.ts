/**
 * Everything the action tells GitHub, in order: SARIF to code scanning (and wait for it), then the
 * pull-request comment with new/fixed against the base branch. Nothing here can fail the step:
 * every problem comes back as a warning (already logged), and the verdict is never touched.
 */
import type { Finding, ScannedSubject } from '../findings/model.js'
import type { Verdict } from '../policy/types.js'
import { renderComment } from '../report/comment.js'
import type { SarifLog } from '../report/sarif-types.js'
import type { BaseDiff } from '../report/base-diff.js'
import { diffAgainstBase, firstSeenFor, listAlerts, listAnalyzedCategories } from './alerts.js'
import type { GitHubClient } from './client.js'
import type { CommentMode } from '../inputs/read.js'
import { commentMarker, upsertComment } from './comment.js'
import { uploadTarget } from './context.js'
import { categoryOfRun, droppedNotes, type DroppedResults } from './sarif-limits.js'
import { uploadSarif, waitForProcessing } from './sarif-upload.js'
import type { Logger, PublishWarning, RunContext } from './types.js'

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
export function dedupeWarnings(warnings: readonly PublishWarning[]): PublishWarning[] {
  const seen = new Set<string>()
  return warnings.filter(w => {
    const key = w.permission ?? `${w.feature}:${w.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const { client, ctx, verdict, logger } = opts
  const warnings: PublishWarning[] = []
  const sarifIds: string[] = []
  let dropped: DroppedResults[] = []
  const categories = opts.sarif.runs.map(categoryOfRun)

  if (opts.upload) {
    const target = uploadTarget(ctx, opts.checkoutSha)
    const up = await uploadSarif({
      client,
      ctx,
      target,
      sarif: opts.sarif,
      startedAt: opts.startedAt,
      logger
    })
    dropped = up.dropped
    warnings.push(...up.warnings)
    sarifIds.push(...up.uploaded.map(u => u.id))
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
  }

  let commentUrl: string | undefined
  let diff: BaseDiff | undefined
  const pr = ctx.pullRequest
  if (opts.comment !== 'off' && pr) {
    if (pr.baseRef) {
      const toolNames = [...new Set(opts.sarif.runs.map(r => r.tool.driver.name))]
      const ref = `refs/heads/${pr.baseRef}`
      const analyzed = await listAnalyzedCategories({ client, ctx, ref, toolNames })
      const base =
        analyzed.warnings.length === 0 && analyzed.categories.size > 0
          ? await listAlerts({
              client,
              ctx,
              logger,
              categoryPrefix: opts.categoryPrefix,
              ref,
              toolNames,
              feature: 'base-alerts'
            })
          : { alerts: [], warnings: [] }
      warnings.push(...analyzed.warnings, ...base.warnings)
      if (analyzed.warnings.length === 0 && base.warnings.length === 0) {
        diff = diffAgainstBase(verdict, base.alerts, opts.categoryPrefix, categories, analyzed.categories)
      }
    }
    const notes = [...droppedNotes(dropped), ...dedupeWarnings(warnings).map(w => w.message)]
    const body = renderComment(verdict, {
      marker: commentMarker(opts.commentKey),
      subjects: opts.subjects,
      ...(diff ? { diff } : {}),
      baseRef: pr.baseRef,
      serverUrl: ctx.serverUrl,
      codeScanningUrl: `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/security/code-scanning?query=${encodeURIComponent(`is:open pr:${pr.number}`)}`,
      ...(ctx.runId ? { runUrl: `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}` } : {}),
      commit: (opts.checkoutSha ?? ctx.sha).slice(0, 7),
      notes
    })
    const up = await upsertComment({ client, ctx, key: opts.commentKey, body, mode: opts.comment, logger })
    warnings.push(...up.warnings)
    commentUrl = up.url
  }

  const unique = dedupeWarnings(warnings)
  for (const w of unique) logger.warning(w.message)
  return {
    sarifIds,
    ...(commentUrl ? { commentUrl } : {}),
    dropped,
    ...(diff ? { diff } : {}),
    warnings: unique,
    notes: [...droppedNotes(dropped), ...unique.map(w => w.message)]
  }
}

export interface FirstSeenOptions {
  client: GitHubClient
  ctx: RunContext
  findings: readonly Finding[]
  categoryPrefix: string
  logger: Logger
  /** SARIF driver names to ask for (Trivy, hadolint...); all tools when absent. */
  toolNames?: readonly string[]
}

/**
 * First-seen dates for `EvaluationContext.firstSeen`, from the default branch's code-scanning alerts.
 * Call before evaluate(). Without `security-events: read` the map is empty and one warning says why
 * (deadlines then count from the advisory's dates instead).
 */
export async function fetchFirstSeen(
  opts: FirstSeenOptions
): Promise<{ firstSeen: Map<string, string>; warnings: PublishWarning[] }> {
  const { alerts, warnings } = await listAlerts({
    client: opts.client,
    ctx: opts.ctx,
    logger: opts.logger,
    categoryPrefix: opts.categoryPrefix,
    ...(opts.toolNames ? { toolNames: opts.toolNames } : {}),
    feature: 'first-seen'
  })
  for (const w of warnings) opts.logger.warning(w.message)
  return { firstSeen: firstSeenFor(opts.findings, alerts, opts.categoryPrefix), warnings }
}
