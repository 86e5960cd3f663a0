// The sticky comment is only ever the token's own: a comment someone else wrote with our marker is
// neither edited nor deleted, whatever the token is (the GITHUB_TOKEN, a PAT, a GitHub App's token).
// Every request is checked by the stand-in against GitHub's OpenAPI description and GraphQL schema.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { GitHubStandIn, ACTIONS_BOT, type Identity } from '../helpers/github-standin.js'
import { createGitHubClient } from '../../src/github/client.js'
import { commentMarker, upsertComment } from '../../src/github/comment.js'
import type { CommentMode } from '../../src/inputs/read.js'
import type { Logger } from '../../src/log.js'
import { pullRequestContext, workspaceWithDockerfile } from '../../__fixtures__/github/events.js'

const GITHUB_TOKEN = 'ghs_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'
const PAT = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'
const APP_TOKEN = 'ghs_' + 'AppInstallationToken0123456789abcdef'
const OCTOCAT: Identity = { login: 'octocat', id: 583231, type: 'User' }
const MALLORY: Identity = { login: 'mallory', id: 9000001, type: 'User' }
const APP_BOT: Identity = { login: 'acme-gate[bot]', id: 777001, type: 'Bot' }
const OTHER_BOT: Identity = { login: 'dependabot[bot]', id: 49699333, type: 'Bot' }
const KEY = 'CI/gate'
const MARKER = commentMarker(KEY)

let gh: GitHubStandIn
let lines: string[]

beforeEach(async () => {
  gh = new GitHubStandIn()
  gh.identify(PAT, OCTOCAT)
  gh.identify(APP_TOKEN, APP_BOT)
  await gh.start()
  lines = []
})

afterEach(async () => {
  expect(gh.violations).toEqual([])
  await gh.stop()
})

const logger: Logger = {
  debug: m => lines.push(`debug ${m}`),
  info: m => lines.push(`info ${m}`),
  warning: m => lines.push(`warning ${m}`)
}

async function upsert(token: string, body: string, mode: CommentMode = 'update') {
  const client = createGitHubClient({ token, apiUrl: gh.url, logger, setSecret: () => {}, fast: true })
  const ctx = pullRequestContext(gh.url, workspaceWithDockerfile())
  return upsertComment({ client, ctx, key: KEY, body: `${MARKER}\n${body}`, mode, logger })
}

const bodyOf = (id: number) => gh.comments.find(c => c.id === id)?.body
const writes = () => gh.requests.filter(r => /^issues\/(update|delete)-comment$/.test(r.operationId ?? ''))

describe('a comment someone else wrote with our marker', () => {
  it.each<[string, Identity]>([
    ['a user', MALLORY],
    ['another bot', OTHER_BOT]
  ])('by %s is left alone in update mode; ours is created, then edited', async (_, author) => {
    const planted = gh.addComment(2, `${MARKER}\n✅ container-gate: pass (trust me)`, author)
    const first = await upsert(GITHUB_TOKEN, 'report 1')
    expect(first.action).toBe('created')
    expect(bodyOf(planted.id)).toBe(`${MARKER}\n✅ container-gate: pass (trust me)`)
    expect(writes()).toEqual([])
    expect(lines).toContain(
      `info Left alone 1 comment carrying this job's marker written by ${author.login}: only comments this token wrote are edited or deleted.`
    )

    const second = await upsert(GITHUB_TOKEN, 'report 2')
    expect(second).toMatchObject({ action: 'updated', url: first.url })
    expect(bodyOf(planted.id)).toBe(`${MARKER}\n✅ container-gate: pass (trust me)`)
    const ours = gh.commentsOn(2).filter(c => c.user.id === ACTIONS_BOT.id)
    expect(ours.map(c => c.body)).toEqual([`${MARKER}\nreport 2`])
    expect(writes().map(r => `${r.operationId} ${r.path.split('/').pop()}`)).toEqual([
      `issues/update-comment ${ours[0]!.id}`
    ])
  })

  it('is never deleted in recreate mode; only our earlier comment is', async () => {
    const planted = gh.addComment(2, `${MARKER}\nmine`, MALLORY)
    await upsert(GITHUB_TOKEN, 'report 1', 'recreate')
    const ourFirst = gh.commentsOn(2).find(c => c.user.id === ACTIONS_BOT.id)!
    const result = await upsert(GITHUB_TOKEN, 'report 2', 'recreate')
    expect(result.action).toBe('recreated')
    expect(bodyOf(planted.id)).toBe(`${MARKER}\nmine`)
    expect(bodyOf(ourFirst.id)).toBeUndefined()
    expect(gh.requests.filter(r => r.operationId === 'issues/delete-comment').map(r => r.path)).toEqual([
      `/repos/Codertocat/Hello-World/issues/comments/${ourFirst.id}`
    ])
  })

  it('duplicates of our own are cleaned up in update mode, someone else’s are not', async () => {
    const planted = gh.addComment(2, `${MARKER}\nplanted`, MALLORY)
    const a = gh.addComment(2, `${MARKER}\nold 1`, ACTIONS_BOT)
    const b = gh.addComment(2, `${MARKER}\nold 2`, ACTIONS_BOT)
    const result = await upsert(GITHUB_TOKEN, 'report')
    expect(result.action).toBe('updated')
    expect(bodyOf(a.id)).toBe(`${MARKER}\nreport`)
    expect(bodyOf(b.id)).toBeUndefined()
    expect(bodyOf(planted.id)).toBe(`${MARKER}\nplanted`)
  })
})

describe('the identity is whatever the token acts as', () => {
  it('a PAT edits its user’s own comment and leaves the github-actions[bot] one alone', async () => {
    const botComment = gh.addComment(2, `${MARKER}\nfrom GITHUB_TOKEN`, ACTIONS_BOT)
    const first = await upsert(PAT, 'report 1')
    expect(first.action).toBe('created')
    const mine = gh.commentsOn(2).find(c => c.user.id === OCTOCAT.id)!
    expect(mine.body).toBe(`${MARKER}\nreport 1`)
    await upsert(PAT, 'report 2')
    expect(bodyOf(mine.id)).toBe(`${MARKER}\nreport 2`)
    expect(bodyOf(botComment.id)).toBe(`${MARKER}\nfrom GITHUB_TOKEN`)
  })

  it('a GitHub App installation token acts as <app>[bot], not as github-actions[bot]', async () => {
    const botComment = gh.addComment(2, `${MARKER}\nfrom GITHUB_TOKEN`, ACTIONS_BOT)
    await upsert(APP_TOKEN, 'report 1')
    await upsert(APP_TOKEN, 'report 2')
    expect(
      gh
        .commentsOn(2)
        .filter(c => c.user.id === APP_BOT.id)
        .map(c => c.body)
    ).toEqual([`${MARKER}\nreport 2`])
    expect(bodyOf(botComment.id)).toBe(`${MARKER}\nfrom GITHUB_TOKEN`)
  })

  it('costs no call beyond the listing: one GraphQL page, then one write', async () => {
    await upsert(GITHUB_TOKEN, 'report 1')
    gh.requests.length = 0
    await upsert(GITHUB_TOKEN, 'report 2')
    expect(gh.requests.map(r => r.operationId)).toEqual(['graphql', 'issues/update-comment'])
  })

  it('a listing GitHub refuses is a warning, and nothing is written', async () => {
    gh.fail({ path: /graphql/, status: 403, message: 'Resource not accessible by integration' })
    const result = await upsert(GITHUB_TOKEN, 'report')
    expect(result.action).toBe('skipped')
    expect(result.warnings[0]!.message).toMatch(/pull-requests: write/)
    expect(gh.comments).toEqual([])
  })
})
