/**
 * One pull-request comment per workflow, job and matrix leg, kept up to date. The comment is found
 * by a hidden marker holding the comment key, so reruns edit it and matrix legs do not overwrite
 * each other.
 */
import { createHash } from 'node:crypto'
import type { GitHubClient } from './client.js'
import { httpFailure, warningFor } from './permissions.js'
import type { Logger, PublishWarning, RunContext } from './types.js'

export type CommentMode = 'update' | 'recreate' | 'off'

export const COMMENT_MODES: readonly CommentMode[] = ['update', 'recreate', 'off']

/** Hard cap GitHub enforces on a comment body. */
export const MAX_COMMENT_CHARS = 65_536

/** Characters a key may keep: anything else could end the HTML comment or confuse a reader. */
function cleanKey(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9._/=,:+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
}

/**
 * The default comment key: workflow and job, plus the matrix values when the job is a matrix leg
 * (`matrix` is `${{ toJSON(matrix) }}`: "null" or an object). Keys longer than 120 characters keep a
 * readable start and a hash of the whole, so two legs never share a key.
 */
export function commentKey(parts: {
  workflow: string
  job: string
  matrix?: string
  override?: string
}): string {
  if (parts.override && parts.override.trim() !== '') return cleanKey(parts.override.trim()) || 'default'
  const segments = [parts.workflow, parts.job]
  const matrix = parseMatrix(parts.matrix)
  if (matrix.length > 0) segments.push(matrix.join(','))
  const key = cleanKey(segments.filter(Boolean).join('/')) || 'default'
  if (key.length <= 120) return key
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 12)
  return `${key.slice(0, 100)}-${digest}`
}

/** "key=value" pairs of a matrix JSON object, sorted by key; nested values as compact JSON. */
function parseMatrix(raw: string | undefined): string[] {
  if (!raw || raw.trim() === '' || raw.trim() === 'null') return []
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return [raw.trim()]
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [String(JSON.stringify(value))]
  return Object.keys(value)
    .sort()
    .map(k => {
      const v = (value as Record<string, unknown>)[k]
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`
    })
}

export function commentMarker(key: string): string {
  return `<!-- container-gate:${cleanKey(key) || 'default'} -->`
}

export interface UpsertOptions {
  client: GitHubClient
  ctx: RunContext
  key: string
  /** The full body; must begin with commentMarker(key) (renderComment puts it first). */
  body: string
  mode: CommentMode
  logger: Logger
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'recreated' | 'skipped'
  url?: string
  warnings: PublishWarning[]
}

interface IssueComment {
  id: number
  body?: string
  html_url: string
  user?: { type?: string } | null
}

/** Creates, edits or recreates the comment that carries our marker; failures are warnings. */
export async function upsertComment(opts: UpsertOptions): Promise<UpsertResult> {
  const { client, ctx, mode, logger } = opts
  const pr = ctx.pullRequest
  if (mode === 'off') return { action: 'skipped', warnings: [] }
  if (!pr) {
    logger.debug('Not a pull request: no comment to write.')
    return { action: 'skipped', warnings: [] }
  }
  const marker = commentMarker(opts.key)
  let body = opts.body.startsWith(marker) ? opts.body : `${marker}\n${opts.body}`
  // renderComment already fits the limit; this is the last guard so a POST is never refused for size.
  if (body.length > MAX_COMMENT_CHARS)
    body = body.slice(0, MAX_COMMENT_CHARS - 60) + '\n\n_… shortened to fit 65,536 characters._\n'
  const where = { owner: ctx.owner, repo: ctx.repo }
  const fail = (error: unknown): UpsertResult => ({
    action: 'skipped',
    warnings: [warningFor('comment', error, 'pull-requests: write', { fromFork: pr.fromFork })]
  })

  let existing: IssueComment[]
  try {
    const all = (await client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...where,
      issue_number: pr.number,
      per_page: 100
    })) as IssueComment[]
    // Bots' comments first: the marker in someone's own comment should not win over ours.
    existing = all
      .filter(c => typeof c.body === 'string' && c.body.startsWith(marker))
      .sort((a, b) => Number(b.user?.type === 'Bot') - Number(a.user?.type === 'Bot'))
  } catch (error) {
    return fail(error)
  }

  try {
    const [first, ...duplicates] = existing
    if (first && mode === 'update') {
      try {
        const { data } = await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...where,
          comment_id: first.id,
          body
        })
        await removeAll(client, where, duplicates, logger)
        logger.info(`Updated the pull-request comment: ${data.html_url}`)
        return { action: 'updated', url: data.html_url, warnings: [] }
      } catch (error) {
        // Deleted between listing and editing: fall through and create a new one.
        if (httpFailure(error).status !== 404) throw error
      }
    }
    if (mode === 'recreate') await removeAll(client, where, existing, logger)
    const { data } = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...where,
      issue_number: pr.number,
      body
    })
    logger.info(`Wrote the pull-request comment: ${data.html_url}`)
    return {
      action: existing.length > 0 && mode === 'recreate' ? 'recreated' : 'created',
      url: data.html_url,
      warnings: []
    }
  } catch (error) {
    return fail(error)
  }
}

async function removeAll(
  client: GitHubClient,
  where: { owner: string; repo: string },
  comments: readonly IssueComment[],
  logger: Logger
): Promise<void> {
  for (const c of comments) {
    try {
      await client.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...where,
        comment_id: c.id
      })
    } catch (error) {
      if (httpFailure(error).status !== 404) throw error
      logger.debug(`Comment ${c.id} was already gone.`)
    }
  }
}
