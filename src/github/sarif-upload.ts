/**
 * Uploads SARIF to code scanning and, when asked, waits until GitHub has processed it. Each planned
 * upload is one POST /repos/{owner}/{repo}/code-scanning/sarifs; failures become warnings.
 */
import { pathToFileURL } from 'node:url'
import type { SarifLog } from '../report/sarif-types.js'
import type { GitHubClient } from './client.js'
import type { UploadTarget } from './context.js'
import { addLineHashes } from './fingerprints.js'
import { httpFailure, warningFor } from './permissions.js'
import { GITHUB_LIMITS, planUploads, type DroppedResults, type SarifLimits } from './sarif-limits.js'
import type { Logger } from '../log.js'
import type { PublishWarning, RunContext } from './types.js'

export interface UploadOptions {
  client: GitHubClient
  ctx: RunContext
  target: UploadTarget
  sarif: SarifLog
  /** When the analysis started (ISO 8601). */
  startedAt: string
  logger: Logger
  limits?: SarifLimits
}

interface UploadedSarif {
  id: string
  tool: string
  categories: string[]
  results: number
}

export interface UploadResult {
  uploaded: UploadedSarif[]
  dropped: DroppedResults[]
  warnings: PublishWarning[]
}

/** Fingerprints, splits within GitHub's limits and uploads; stops at the first refused upload. */
export async function uploadSarif(opts: UploadOptions): Promise<UploadResult> {
  const { client, ctx, target, logger } = opts
  // Work on a copy: the SARIF file on disk stays what the renderer produced.
  const sarif = JSON.parse(JSON.stringify(opts.sarif)) as SarifLog
  const hashed = addLineHashes(sarif, ctx.workspace)
  logger.debug(`Fingerprinted ${hashed} results located in repository files.`)
  const plan = planUploads(sarif, opts.limits ?? GITHUB_LIMITS)
  const checkoutUri = pathToFileURL(ctx.workspace).href.replace(/\/?$/, '/')
  const uploaded: UploadedSarif[] = []
  const warnings: PublishWarning[] = []
  for (const upload of plan.uploads) {
    try {
      const response = await client.request('POST /repos/{owner}/{repo}/code-scanning/sarifs', {
        owner: ctx.owner,
        repo: ctx.repo,
        commit_sha: target.commitSha,
        ref: target.ref,
        sarif: upload.gzipped.toString('base64'),
        checkout_uri: checkoutUri,
        started_at: opts.startedAt,
        tool_name: upload.tool
      })
      const id = String(response.data.id ?? '')
      uploaded.push({ id, tool: upload.tool, categories: upload.categories, results: upload.resultCount })
      logger.info(
        `Uploaded ${upload.resultCount} ${upload.tool} results (${upload.categories.join(', ')}) to code scanning for ${target.ref}: ${id}`
      )
    } catch (error) {
      warnings.push(
        warningFor('sarif-upload', error, 'security-events: write', { fromFork: ctx.pullRequest?.fromFork })
      )
      // The same token and repository refuse every upload alike: one warning is enough.
      break
    }
  }
  return { uploaded, dropped: plan.dropped, warnings }
}

export interface WaitOptions {
  client: GitHubClient
  ctx: RunContext
  ids: readonly string[]
  logger: Logger
  /** Injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>
  /** Give up after this long (default 2 minutes): a pending upload is a warning, not a failure. */
  timeoutMs?: number
  /** Backoff: first delay and cap (defaults 1 s and 15 s). */
  initialDelayMs?: number
  maxDelayMs?: number
}

export type ProcessingStatus = 'complete' | 'failed' | 'pending'

const realSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

/** One status poll of an upload: its state, and a warning when it failed or reported errors. */
async function pollOnce(
  opts: WaitOptions,
  id: string
): Promise<{ status: ProcessingStatus | 'unknown'; warning?: PublishWarning; error?: unknown }> {
  try {
    const { data } = await opts.client.request('GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}', {
      owner: opts.ctx.owner,
      repo: opts.ctx.repo,
      sarif_id: id
    })
    const errors = (data.errors ?? []).filter((e): e is string => typeof e === 'string')
    if (data.processing_status !== 'complete' && data.processing_status !== 'failed')
      return { status: 'pending' }
    if (data.processing_status === 'complete') opts.logger.info(`Code scanning processed upload ${id}.`)
    if (data.processing_status === 'complete' && errors.length === 0) return { status: 'complete' }
    return {
      status: data.processing_status,
      warning: {
        feature: 'sarif-processing',
        message: `Code scanning ${data.processing_status === 'failed' ? 'could not process' : 'reported errors for'} upload ${id}: ${errors.join('; ') || 'no reason given'}`
      }
    }
  } catch (error) {
    return { status: 'unknown', error }
  }
}

/**
 * Waits until code scanning processed every upload: all pending uploads are polled together
 * (GET .../code-scanning/sarifs/{id}) after each wait, so k uploads cost one wait, not k. The first
 * poll comes after the first wait: GitHub never processes an upload in the instant after receiving it.
 */
export async function waitForProcessing(
  opts: WaitOptions
): Promise<{ status: Record<string, ProcessingStatus>; warnings: PublishWarning[] }> {
  const sleep = opts.sleep ?? realSleep
  const timeout = opts.timeoutMs ?? 120_000
  const cap = opts.maxDelayMs ?? 15_000
  const status: Record<string, ProcessingStatus> = {}
  const warnings: PublishWarning[] = []
  const notFound = new Map<string, number>()
  let pending = [...opts.ids]
  for (const id of pending) status[id] = 'pending'
  let delay = opts.initialDelayMs ?? 1_000
  let waited = 0
  while (pending.length > 0) {
    if (waited >= timeout) {
      for (const id of pending)
        warnings.push({
          feature: 'sarif-processing',
          message: `Code scanning had not finished processing upload ${id} after ${Math.round(waited / 1000)} s; results will appear when it has.`
        })
      break
    }
    await sleep(delay)
    waited += delay
    delay = Math.min(delay * 2, cap)
    const polled = await Promise.all(pending.map(async id => ({ id, ...(await pollOnce(opts, id)) })))
    pending = []
    for (const p of polled) {
      if (p.status === 'pending') pending.push(p.id)
      else if (p.status === 'unknown') {
        // Right after the upload the receipt can be briefly unknown: keep polling on a few 404s.
        const misses = (notFound.get(p.id) ?? 0) + 1
        notFound.set(p.id, misses)
        if (httpFailure(p.error).status === 404 && misses <= 3) pending.push(p.id)
        else warnings.push(warningFor('sarif-processing', p.error, 'security-events: read'))
      } else {
        status[p.id] = p.status
        if (p.warning) warnings.push(p.warning)
      }
    }
  }
  return { status, warnings }
}
