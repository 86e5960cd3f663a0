import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { gzipSync } from 'node:zlib'
import { GitHubStandIn } from '../helpers/github-standin.js'

async function call(gh: GitHubStandIn, method: string, path: string, body?: unknown) {
  const res = await fetch(gh.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: 'token test' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  return {
    status: res.status,
    link: res.headers.get('link'),
    data: res.status === 204 ? null : await res.json()
  }
}

describe('GitHubStandIn', () => {
  const gh = new GitHubStandIn()
  beforeAll(() => gh.start())
  afterAll(() => gh.stop())

  it('refuses paths that are not GitHub operations', async () => {
    const r = await call(gh, 'GET', '/repos/Codertocat/Hello-World/code-scanning/nonsense')
    expect(r.status).toBe(404)
    expect(gh.violations.pop()).toMatch(/not an operation in GitHub's OpenAPI description/)
  })

  it("validates GraphQL queries against GitHub's schema and answers who the token is", async () => {
    const bad = await call(gh, 'POST', '/graphql', { query: '{ viewer { nonsense } }' })
    expect((bad.data as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(
      /Cannot query field "nonsense" on type "User"/
    )
    expect(gh.violations.splice(0)).toEqual([
      expect.stringMatching(/^graphql: Cannot query field "nonsense"/)
    ])
    gh.identify('test', { login: 'octocat', id: 583231, type: 'User' })
    const ok = await call(gh, 'POST', '/graphql', { query: '{ viewer { login databaseId } }' })
    expect(ok.data).toEqual({ data: { viewer: { login: 'octocat', databaseId: 583231 } } })
    expect(gh.violations).toEqual([])
  })

  it("validates bodies against the operation's requestBody schema", async () => {
    const bad = await call(gh, 'POST', '/repos/Codertocat/Hello-World/code-scanning/sarifs', {
      commit_sha: 'not-a-sha',
      ref: 'main',
      sarif: 'x',
      extra: 1
    })
    expect(bad.status).toBe(422)
    const problems = gh.violations.splice(0)
    expect(problems.join('\n')).toMatch(/commit_sha must match pattern/)
    expect(problems.join('\n')).toMatch(/ref must match pattern/)
    expect(problems.join('\n')).toMatch(/must NOT have additional properties/)
    const noBody = await call(gh, 'POST', '/repos/Codertocat/Hello-World/issues/2/comments', { text: 'hi' })
    expect(noBody.status).toBe(422)
    expect(gh.violations.splice(0).join('\n')).toMatch(/must have required property 'body'/)
  })

  it('validates query parameters by name and schema', async () => {
    await call(gh, 'GET', '/repos/Codertocat/Hello-World/code-scanning/alerts?bogus=1')
    expect(gh.violations.splice(0)).toEqual([
      "GET /repos/Codertocat/Hello-World/code-scanning/alerts: query parameter 'bogus' is not a parameter of code-scanning/list-alerts-for-repo"
    ])
    await call(gh, 'GET', '/repos/Codertocat/Hello-World/issues/2/comments?per_page=many')
    expect(gh.violations.splice(0)).toHaveLength(1)
  })

  it('checks upload limits and serves comments with pagination', async () => {
    const sarif = {
      version: '2.1.0',
      runs: [
        { tool: { driver: { name: 'T' } }, automationDetails: { id: 'a/' }, results: [] },
        { tool: { driver: { name: 'T' } }, automationDetails: { id: 'a/' }, results: [] }
      ]
    }
    const up = await call(gh, 'POST', '/repos/Codertocat/Hello-World/code-scanning/sarifs', {
      commit_sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      sarif: gzipSync(JSON.stringify(sarif)).toString('base64')
    })
    expect(up.status).toBe(400)
    expect(gh.violations.splice(0)).toEqual(['upload-sarif: two runs with tool T and category a/'])

    for (let i = 0; i < 3; i++)
      await call(gh, 'POST', '/repos/Codertocat/Hello-World/issues/7/comments', { body: `c${i}` })
    const first = await call(gh, 'GET', '/repos/Codertocat/Hello-World/issues/7/comments?per_page=2')
    expect((first.data as unknown[]).length).toBe(2)
    expect(first.link).toMatch(/page=2.*rel="next"/)
    expect(gh.violations).toEqual([])
  })

  it('injects failures on writes', async () => {
    gh.failWrites()
    const r = await call(gh, 'POST', '/repos/Codertocat/Hello-World/issues/7/comments', { body: 'x' })
    expect(r).toMatchObject({ status: 403, data: { message: 'Resource not accessible by integration' } })
    expect((await call(gh, 'GET', '/repos/Codertocat/Hello-World/issues/7/comments')).status).toBe(200)
    gh.clearFailures()
  })
})
