/**
 * Reporting to GitHub end to end, against the GitHub API stand-in (every request checked against
 * GitHub's OpenAPI description): the SARIF goes to code scanning with one category per tool and
 * subject, and the pull request gets one comment that later runs update instead of repeating.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GitHubStandIn } from '../helpers/github-standin.js'
import { expectSoundReports } from './helpers/checks.js'
import { e2eEnv, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()
// The pull_request.opened example of @octokit/webhooks-examples: Codertocat/Hello-World#2.
const gh = new GitHubStandIn({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master' })

beforeAll(() => gh.start())
afterAll(() => gh.stop())

describe('reporting to GitHub', () => {
  it('uploads the SARIF and keeps one pull-request comment across runs', async () => {
    const ns = namespace('github')
    const inputs = {
      ...offlineInputs(env, ns),
      image: env.fixtures.images['debian-vuln']!.reference,
      dockerfile: 'Dockerfile',
      'config-path': '',
      'upload-sarif': 'true',
      'wait-for-processing': 'true',
      comment: 'update'
    }
    const api = { GITHUB_API_URL: gh.url, GITHUB_GRAPHQL_URL: `${gh.url}/graphql` }
    const first = await runAction(env, { mirrorNamespace: ns, inputs, env: api })
    expect(first.outputs.verdict ?? transcript(first)).toBe('fail')
    await expectSoundReports(first)

    expect(gh.violations).toEqual([])
    expect(gh.requests.every(r => r.authorized)).toBe(true)
    // One upload per tool (Trivy, hadolint), each accepted, for the PR's merge ref and head SHA.
    const uploads = gh.sarifs.length
    expect(gh.sarifs.map(u => u.toolName).sort()).toEqual(['Trivy', 'hadolint'])
    for (const upload of gh.sarifs) {
      expect(upload).toMatchObject({
        ref: 'refs/pull/2/merge',
        commitSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        errors: []
      })
    }
    const categories = gh.sarifs.flatMap(u => u.sarif.runs.map(r => r.automationDetails?.id))
    expect(new Set(categories).size).toBe(categories.length)
    for (const upload of gh.sarifs) expect(first.outputs['sarif-ids']).toContain(upload.id)

    const comments = gh.commentsOn(2)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toContain('CVE-2019-18224')
    expect(first.outputs['comment-url']).toMatch(/\/issues\/2#issuecomment-\d+$|\/pull\/2#issuecomment-\d+$/)

    // The same gate again: the comment is edited in place, not repeated.
    const second = await runAction(env, { mirrorNamespace: ns, reuse: first.dirs, inputs, env: api })
    expect(second.outputs.verdict ?? transcript(second)).toBe('fail')
    expect(gh.violations).toEqual([])
    expect(gh.commentsOn(2)).toHaveLength(1)
    expect(gh.sarifs).toHaveLength(2 * uploads)
  })
})
