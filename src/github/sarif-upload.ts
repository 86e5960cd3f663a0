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

/** Polls GET .../code-scanning/sarifs/{id} with exponential backoff until each upload is processed. */
export async function waitForProcessing(
  opts: WaitOptions
): Promise<{ status: Record<string, ProcessingStatus>; warnings: PublishWarning[] }> {
  const sleep = opts.sleep ?? realSleep
  const timeout = opts.timeoutMs ?? 120_000
  const cap = opts.maxDelayMs ?? 15_000
  const status: Record<string, ProcessingStatus> = {}
  const warnings: PublishWarning[] = []
  for (const id of opts.ids) {
    let delay = opts.initialDelayMs ?? 1_000
    let waited = 0
    let notFound = 0
    status[id] = 'pending'
    for (;;) {
      try {
        const { data } = await opts.client.request(
          'GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}',
          {
            owner: opts.ctx.owner,
            repo: opts.ctx.repo,
            sarif_id: id
          }
        )
        const errors = (data.errors ?? []).filter((e): e is string => typeof e === 'string')
        if (data.processing_status === 'complete' || data.processing_status === 'failed') {
          status[id] = data.processing_status
          if (data.processing_status === 'failed' || errors.length > 0) {
            warnings.push({
              feature: 'sarif-processing',
              message: `Code scanning ${data.processing_status === 'failed' ? 'could not process' : 'reported errors for'} upload ${id}: ${errors.join('; ') || 'no reason given'}`
            })
          }
          if (data.processing_status === 'complete') opts.logger.info(`Code scanning processed upload ${id}.`)
          break
        }
      } catch (error) {
        const f = httpFailure(error)
        // Right after the upload the receipt can be briefly unknown: keep polling on a few 404s.
        if (f.status !== 404 || ++notFound > 3) {
          warnings.push(warningFor('sarif-processing', error, 'security-events: read'))
          break
        }
      }
      if (waited >= timeout) {
        warnings.push({
          feature: 'sarif-processing',
          message: `Code scanning had not finished processing upload ${id} after ${Math.round(waited / 1000)} s; results will appear when it has.`
        })
        break
      }
      await sleep(delay)
      waited += delay
      delay = Math.min(delay * 2, cap)
    }
  }
  return { status, warnings }
}
