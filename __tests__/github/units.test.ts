import { describe, it, expect } from '@jest/globals'
import { gunzipSync } from 'node:zlib'
import { commentKey, commentMarker } from '../../src/github/comment.js'
import { runContextFrom, uploadTarget } from '../../src/github/context.js'
import { warningFor } from '../../src/github/permissions.js'
import { mergeRuns, planUploads } from '../../src/github/sarif-limits.js'
import { clientOptions } from '../../src/github/client.js'
import type { Logger } from '../../src/log.js'

const silentLogger: Logger = { debug: () => {}, info: () => {}, warning: () => {} }
import type { SarifLog, SarifRun } from '../../src/report/sarif-types.js'
import { webhookExample, MERGE_SHA } from '../../__fixtures__/github/events.js'

describe('commentKey', () => {
  it('derives workflow/job/matrix values, sorted by matrix key', () => {
    expect(commentKey({ workflow: 'CI', job: 'scan', matrix: 'null' })).toBe('CI/scan')
    expect(
      commentKey({ workflow: 'CI', job: 'scan', matrix: '{"os":"ubuntu","image":{"name":"api"}}' })
    ).toBe('CI/scan/image={"name":"api"},os=ubuntu'.replace(/[{}"]/g, '-').replace(/-{2,}/g, '-'))
    expect(commentKey({ workflow: 'CI', job: 'scan', override: 'mine' })).toBe('mine')
  })
  it('cannot close the HTML comment or inject markup', () => {
    const key = commentKey({ workflow: 'x --> <img src=x> <!--', job: 'j' })
    expect(commentMarker(key)).toBe('<!-- container-gate:x-img-src=x-/j -->')
    expect(commentMarker('a-->b')).toBe('<!-- container-gate:a-b -->')
  })
  it('keeps long keys distinct with a hash', () => {
    const a = commentKey({ workflow: 'W', job: 'j', matrix: JSON.stringify({ v: 'x'.repeat(200) + 'a' }) })
    const b = commentKey({ workflow: 'W', job: 'j', matrix: JSON.stringify({ v: 'x'.repeat(200) + 'b' }) })
    expect(a.length).toBeLessThanOrEqual(113)
    expect(a).not.toBe(b)
  })
})

describe('run context and upload target', () => {
  const env = { GITHUB_REPOSITORY: 'Codertocat/Hello-World', GITHUB_SHA: MERGE_SHA }
  it('pull_request_target uploads to the base ref unless the head was checked out', () => {
    const payload = webhookExample('pull_request', e => e.action === 'synchronize')
    const ctx = runContextFrom(
      { ...env, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/master' },
      payload
    )
    expect(uploadTarget(ctx)).toEqual({ ref: 'refs/heads/master', commitSha: MERGE_SHA })
    expect(uploadTarget(ctx, 'EC26C3E57CA3A959CA5AAD62DE7213C562F8C821')).toEqual({
      ref: 'refs/pull/2/head',
      commitSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821'
    })
  })
  it('ignores a checkout sha that is not a commit id', () => {
    const ctx = runContextFrom(
      { ...env, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/dev' },
      {}
    )
    expect(uploadTarget(ctx, 'HEAD')).toEqual({ ref: 'refs/heads/dev', commitSha: MERGE_SHA })
    expect(ctx.pullRequest).toBeUndefined()
  })
  it('needs GITHUB_REPOSITORY', () => {
    expect(() => runContextFrom({}, {})).toThrow(/GITHUB_REPOSITORY/)
  })
})

describe('warningFor', () => {
  const err = (status: number, message: string) =>
    Object.assign(new Error(message), { status, response: { data: { message } } })
  it('names the permission on 403/404', () => {
    expect(
      warningFor('comment', err(403, 'Resource not accessible by integration'), 'pull-requests: write')
    ).toEqual({
      feature: 'comment',
      permission: 'pull-requests: write',
      message:
        "Updating the pull-request comment was skipped: the token lacks `pull-requests: write` (add it to the workflow's `permissions:`). GitHub said: 403 Resource not accessible by integration"
    })
  })
  it('reports other failures without a permission and never echoes a token', () => {
    const w = warningFor(
      'sarif-upload',
      err(500, 'boom ghs_abcdefghijklmnopqrstuvwxyz0123'),
      'security-events: write'
    )
    expect(w).toEqual({
      feature: 'sarif-upload',
      message: 'Uploading SARIF to code scanning failed: 500 boom ***'
    })
  })
})

function run(tool: string, category: string, results: number, severity = 'LOW'): SarifRun {
  return {
    tool: { driver: { name: tool, rules: [{ id: `R-${tool}` }] } },
    automationDetails: { id: category },
    results: Array.from({ length: results }, (_, i) => ({
      ruleId: `R-${tool}`,
      ruleIndex: 0,
      level: 'note' as const,
      message: { text: `result ${i} ${Math.random().toString(36)}` },
      locations: [],
      properties: { severity: i % 10 === 0 ? 'CRITICAL' : severity }
    }))
  }
}
const log = (runs: SarifRun[]): SarifLog => ({ $schema: 's', version: '2.1.0', runs })

describe('planUploads', () => {
  it('merges runs of one tool and category into one run', () => {
    const merged = mergeRuns([run('T', 'a/', 2), run('T', 'a/', 3), run('U', 'a/', 1)])
    expect(merged.map(r => [r.tool.driver.name, r.results.length])).toEqual([
      ['T', 5],
      ['U', 1]
    ])
  })
  it('splits beyond 20 runs and keeps each upload to one tool', () => {
    const runs = [
      ...Array.from({ length: 45 }, (_, i) => run('Trivy', `c/${i}/`, 1)),
      run('hadolint', 'h/', 1)
    ]
    const plan = planUploads(log(runs))
    expect(plan.uploads.map(u => [u.tool, u.categories.length])).toEqual([
      ['Trivy', 20],
      ['Trivy', 20],
      ['Trivy', 5],
      ['hadolint', 1]
    ])
    const decoded = JSON.parse(gunzipSync(plan.uploads[0]!.gzipped).toString()) as SarifLog
    expect(decoded.runs).toHaveLength(20)
  })
  it('drops the least severe results first to fit the size limit, and says so', () => {
    const plan = planUploads(log([run('Trivy', 'c/', 3000)]), {
      runsPerUpload: 20,
      resultsPerRun: 25_000,
      gzippedBytes: 20_000
    })
    const up = plan.uploads[0]!
    expect(up.gzipped.length).toBeLessThanOrEqual(20_000)
    const kept = up.sarif.runs[0]!.results
    expect(kept.filter(r => r.properties?.severity === 'CRITICAL')).toHaveLength(300)
    expect(plan.dropped).toEqual([
      {
        tool: 'Trivy',
        category: 'c/',
        count: 3000 - kept.length,
        severityCounts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 3000 - kept.length, UNKNOWN: 0 },
        reason: 'upload-size'
      }
    ])
  })
  it('splits an upload that would exceed the size limit across uploads before dropping anything', () => {
    const plan = planUploads(log([run('Trivy', 'a/', 400), run('Trivy', 'b/', 400)]), {
      runsPerUpload: 20,
      resultsPerRun: 25_000,
      gzippedBytes: 9_000
    })
    expect(plan.dropped).toEqual([])
    expect(plan.uploads.map(u => u.categories)).toEqual([['a/'], ['b/']])
  })
})

describe('clientOptions', () => {
  it('retries rate limits twice, throttles, and uses the API URL given', () => {
    const o = clientOptions({ logger: silentLogger, apiUrl: 'https://ghe.example/api/v3/' })
    expect(o.baseUrl).toBe('https://ghe.example/api/v3')
    expect(o.throttle.enabled).toBe(true)
    const req = { method: 'POST', url: '/x' }
    expect([0, 1, 2].map(n => o.throttle.onRateLimit(10, req, undefined, n))).toEqual([true, true, false])
    expect([0, 1, 2].map(n => o.throttle.onSecondaryRateLimit(10, req, undefined, n))).toEqual([
      true,
      true,
      false
    ])
  })
})
