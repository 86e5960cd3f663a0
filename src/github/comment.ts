/**
 * One pull-request comment per workflow, job and matrix leg, kept up to date. The comment is found
 * by a hidden marker holding the comment key, so reruns edit it and matrix legs do not overwrite
 * each other.
 */
import { createHash } from 'node:crypto'
import type { GitHubClient } from './client.js'
import { httpFailure, warningFor } from './permissions.js'
import type { CommentMode } from '../inputs/read.js'
import { COMMENT_LIMIT } from '../report/comment.js'
import type { Logger } from '../log.js'
import type { PublishWarning, RunContext } from './types.js'

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

/** A comment that starts with our marker, and whether the token's own identity wrote it. */
interface MarkedComment {
  id: number
  url: string
  mine: boolean
  author?: string
}

/**
 * A pull request's comments with `viewerDidAuthor`: GitHub itself says which ones the token's
 * identity wrote, whatever the token is (the GITHUB_TOKEN and App installation tokens act as a
 * `<app>[bot]` user and cannot call GET /user; a PAT acts as its user). One page of 100 comments is
 * one call, as the REST listing was, so knowing who we are costs no extra request.
 */
const MARKED_COMMENTS = `query containerGateComments($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      comments(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { url body viewerDidAuthor author { login } }
      }
    }
  }
}`

interface CommentsPage {
  repository: {
    pullRequest: {
      comments: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null }
        nodes: Array<{
          url: string
          body: string
          viewerDidAuthor: boolean
          author: { login: string } | null
        } | null>
      }
    } | null
  } | null
}

/** Pages read at most (10,000 comments); a pull request with more is not one people review. */
const MAX_COMMENT_PAGES = 100

async function markedComments(
  client: GitHubClient,
  ctx: RunContext,
  number: number,
  marker: string
): Promise<MarkedComment[]> {
  const found: MarkedComment[] = []
  let cursor: string | null = null
  for (let page = 0; page < MAX_COMMENT_PAGES; page++) {
    const data: CommentsPage = await client.graphql<CommentsPage>(MARKED_COMMENTS, {
      owner: ctx.owner,
      repo: ctx.repo,
      number,
      cursor
    })
    const comments = data.repository?.pullRequest?.comments
    if (!comments) break
    for (const node of comments.nodes) {
      if (!node || !node.body.startsWith(marker)) continue
      // The REST id, from the comment's permalink (…#issuecomment-<id>): present on every GitHub
      // version, unlike fullDatabaseId; IDs passed 2^31, so databaseId (Int) cannot hold them.
      const id = /#issuecomment-(\d+)$/.exec(node.url)?.[1]
      if (id === undefined) continue
      found.push({ id: Number(id), url: node.url, mine: node.viewerDidAuthor, author: node.author?.login })
    }
    if (!comments.pageInfo.hasNextPage || !comments.pageInfo.endCursor) break
    cursor = comments.pageInfo.endCursor
  }
  return found
}

/** The body as posted: our marker first, and never over GitHub's limit. */
function bodyWithMarker(body: string, marker: string): string {
  const marked = body.startsWith(marker) ? body : `${marker}\n${body}`
  // renderComment already fits the limit; this is the last guard so a POST is never refused for size.
  return marked.length > COMMENT_LIMIT
    ? marked.slice(0, COMMENT_LIMIT - 60) + '\n\n_… shortened to fit 65,536 characters._\n'
    : marked
}

/** Says once that comments others wrote with our marker are left as they are. */
function noteOthers(others: readonly MarkedComment[], logger: Logger): void {
  if (others.length === 0) return
  const authors = [...new Set(others.map(c => c.author ?? 'a deleted account'))].join(', ')
  logger.info(
    `Left alone ${others.length === 1 ? '1 comment' : `${others.length} comments`} carrying this job's marker written by ${authors}: only comments this token wrote are edited or deleted.`
  )
}

/**
 * Edits our first comment and removes our other copies; undefined when it was deleted between
 * listing and editing (the caller then writes a new one).
 */
async function editComment(
  client: GitHubClient,
  where: { owner: string; repo: string },
  mine: readonly MarkedComment[],
  body: string,
  logger: Logger
): Promise<UpsertResult | undefined> {
  const [first, ...duplicates] = mine
  if (!first) return undefined
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
    if (httpFailure(error).status !== 404) throw error
    return undefined
  }
}

/**
 * Creates, edits or recreates the comment that carries our marker; failures are warnings. Only
 * comments the token's own identity wrote are edited or deleted: anyone can paste the marker into a
 * comment of their own, and editing it would put the report in their name (and let them edit it back
 * to "pass"); deleting it would remove their words.
 */
export async function upsertComment(opts: UpsertOptions): Promise<UpsertResult> {
  const { client, ctx, mode, logger } = opts
  const pr = ctx.pullRequest
  if (mode === 'off') return { action: 'skipped', warnings: [] }
  if (!pr) {
    logger.debug('Not a pull request: no comment to write.')
    return { action: 'skipped', warnings: [] }
  }
  const marker = commentMarker(opts.key)
  const body = bodyWithMarker(opts.body, marker)
  const where = { owner: ctx.owner, repo: ctx.repo }
  try {
    const marked = await markedComments(client, ctx, pr.number, marker)
    const mine = marked.filter(c => c.mine)
    noteOthers(
      marked.filter(c => !c.mine),
      logger
    )
    const edited = mode === 'update' ? await editComment(client, where, mine, body, logger) : undefined
    if (edited) return edited
    if (mode === 'recreate') await removeAll(client, where, mine, logger)
    const { data } = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...where,
      issue_number: pr.number,
      body
    })
    logger.info(`Wrote the pull-request comment: ${data.html_url}`)
    return {
      action: mine.length > 0 && mode === 'recreate' ? 'recreated' : 'created',
      url: data.html_url,
      warnings: []
    }
  } catch (error) {
    return {
      action: 'skipped',
      warnings: [warningFor('comment', error, 'pull-requests: write', { fromFork: pr.fromFork })]
    }
  }
}

async function removeAll(
  client: GitHubClient,
  where: { owner: string; repo: string },
  comments: readonly MarkedComment[],
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
