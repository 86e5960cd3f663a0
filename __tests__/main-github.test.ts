// run() wired to the GitHub API stand-in: the same step that decides also uploads and comments, and
// a read-only token changes nothing but warnings.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../__fixtures__/core.js'
import { MERGE_SHA, webhookExample } from '../__fixtures__/github/events.js'
import { GitHubStandIn } from './helpers/github-standin.js'
import { GOLDEN } from './helpers/shared.js'

jest.unstable_mockModule('../src/workflow-commands.js', () => core)
const { run } = await import('../src/main.js')

const now = new Date('2026-11-28T12:00:00Z')
const gh = new GitHubStandIn()
let temp: string
const saved = { ...process.env }

beforeAll(() => gh.start())
afterAll(() => gh.stop())

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'cg-main-gh-'))
  const event = join(temp, 'event.json')
  writeFileSync(event, JSON.stringify(webhookExample('pull_request', e => e.action === 'opened')))
  Object.assign(process.env, {
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: temp,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'gate',
    GITHUB_RUN_ID: '7',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: gh.url,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: 'refs/pull/2/merge',
    GITHUB_SHA: MERGE_SHA
  })
  core.getInput.mockImplementation(
    name =>
      ({
        report: join(GOLDEN, 'alpine-39.json.golden'),
        'github-token': 'ghs_standintoken',
        'wait-for-processing': 'false',
        matrix: 'null'
      })[name] ?? ''
  )
})

afterEach(() => {
  jest.clearAllMocks()
  gh.clearFailures()
  process.env = { ...saved }
  rmSync(temp, { recursive: true, force: true })
})

function outputs(): Record<string, unknown> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([k, v]) => [k, v]))
}

describe('run with GitHub', () => {
  it('uploads SARIF, comments once, edits on the rerun, and never sends the token in a body', async () => {
    await run(now)
    const first = outputs()
    expect(first.verdict).toBe('fail')
    expect(String(first['sarif-ids'])).not.toBe('')
    expect(String(first['comment-url'])).toMatch(/\/pull\/2#issuecomment-\d+$/)
    expect(gh.commentsOn(2)).toHaveLength(1)

    core.setOutput.mockClear()
    await run(now)
    expect(gh.commentsOn(2)).toHaveLength(1)
    expect(outputs()['comment-url']).toBe(first['comment-url'])
    expect(gh.violations).toEqual([])
    expect(JSON.stringify(gh.requests)).not.toContain('ghs_standintoken')
    expect(core.setFailed).toHaveBeenCalledTimes(2)
    // Two runs with the real client: its throttling spaces writes (and GraphQL queries) 1 s apart.
  }, 20_000)

  it('a read-only token: same verdict and outputs, warnings name the permissions', async () => {
    gh.failWrites()
    await run(now)
    expect(outputs()).toMatchObject({
      verdict: 'fail',
      critical: 2,
      medium: 4,
      'sarif-ids': '',
      'comment-url': ''
    })
    const warnings = core.warning.mock.calls.map(c => String(c[0])).join('\n')
    expect(warnings).toMatch(/security-events: write/)
    expect(warnings).toMatch(/pull-requests: write/)
    expect(core.setFailed.mock.calls[0]![0]).toMatch(/^2 findings block/)
  })
})
