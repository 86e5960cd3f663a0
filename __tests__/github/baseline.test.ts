// The base branch's alerts, read once and never turned into invented "new" findings: a pull request
// identical to a base with more alerts than are read is a partial comparison, and the calls a pull
// request run makes are counted against the GitHub stand-in.
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { GitHubStandIn } from '../helpers/github-standin.js'
import { createGitHubClient } from '../../src/github/client.js'
import { commentKey } from '../../src/github/comment.js'
import { fetchFirstSeen } from '../../src/github/baseline.js'
import { publish, type PublishOptions } from '../../src/github/publish.js'
import type { RunContext } from '../../src/github/types.js'
import type { Logger } from '../../src/log.js'
import { renderSarif } from '../../src/report/sarif.js'
import type { ScannedSubject } from '../../src/findings/model.js'
import type { Verdict } from '../../src/policy/types.js'
import { bigVerdict, loadVerdict } from '../../__fixtures__/report/verdicts.js'
import { pullRequestContext, pushContext, workspaceWithDockerfile } from '../../__fixtures__/github/events.js'

const PREFIX = 'container-gate'
const quiet: Logger = { debug: () => {}, info: () => {}, warning: () => {} }

describe('comparing with the base branch', () => {
  let gh: GitHubStandIn
  let workspace: string

  beforeEach(async () => {
    gh = new GitHubStandIn({ now: () => new Date('2026-04-07T10:00:00Z'), defaultBranch: 'master' })
    await gh.start()
    workspace = workspaceWithDockerfile()
  })
  afterEach(() => gh.stop())

  function client() {
    return createGitHubClient({
      token: 'ghs_test',
      apiUrl: gh.url,
      logger: quiet,
      setSecret: () => {},
      fast: true
    })
  }

  function options(ctx: RunContext, verdict: Verdict, subjects: ScannedSubject[]): PublishOptions {
    return {
      client: client(),
      ctx,
      verdict,
      sarif: renderSarif(verdict, { categoryPrefix: PREFIX, subjects, toolVersions: { trivy: '0.74.0' } }),
      categoryPrefix: PREFIX,
      subjects,
      upload: true,
      waitForProcessing: true,
      comment: 'update',
      commentKey: commentKey({ workflow: ctx.workflow, job: ctx.job, matrix: 'null' }),
      startedAt: '2026-04-07T09:58:00Z',
      logger: quiet,
      sleep: async () => {}
    }
  }

  it('8,259 alerts on the base and a pull request identical to it: nothing is new, the comparison says partial', async () => {
    const subjects: ScannedSubject[] = [{ tool: 'trivy', subject: 'ghcr.io/acme/api:1.0' }]
    const verdict = bigVerdict(8259, ['ghcr.io/acme/api:1.0'])
    // The default branch's run files 8,259 alerts (one per finding).
    await publish({ ...options(pushContext(gh.url, workspace), verdict, subjects), comment: 'off' })
    expect(gh.alerts.filter(a => a.refs.get('refs/heads/master') === 'open')).toHaveLength(8259)

    const result = await publish(options(pullRequestContext(gh.url, workspace), verdict, subjects))
    // 5,000 alerts are read (the page cap); the other findings may match unread ones: not new.
    expect(result.diff?.added).toEqual([])
    expect(result.diff?.unread).toBe(3259)
    expect(result.diff?.fixed).toEqual([])
    const body = gh.commentsOn(2)[0]!.body
    // The comment is cut to GitHub's limit (8,259 findings); whatever of the diff is left shows nothing new.
    expect(body).not.toMatch(/New compared with master \([1-9]/)
    expect(body).not.toMatch(/more new findings/)
    expect(gh.violations).toEqual([])
  }, 120_000)

  it('a pull request run with one tool and an analysed base makes six calls: alerts read once, polls together', async () => {
    const verdict = loadVerdict('basic')
    const trivyOnly = verdict.decisions.filter(d => d.finding.tool === 'trivy')
    const oneTool: Verdict = {
      ...verdict,
      decisions: trivyOnly,
      blocking: verdict.blocking.filter(d => d.finding.tool === 'trivy'),
      warnings: verdict.warnings.filter(d => d.finding.tool === 'trivy')
    }
    const subjects: ScannedSubject[] = [
      { tool: 'trivy', subject: 'testdata/fixtures/images/alpine-39.tar.gz' },
      { tool: 'trivy', subject: '.' }
    ]
    await publish({ ...options(pushContext(gh.url, workspace), oneTool, subjects), comment: 'off' })
    const before = gh.requests.length

    // The run as main.ts drives it: first-seen before the verdict, then publish, with one client.
    const opts = options(pullRequestContext(gh.url, workspace), oneTool, subjects)
    const { firstSeen } = await fetchFirstSeen({
      client: opts.client,
      ctx: opts.ctx,
      findings: oneTool.decisions.map(d => d.finding),
      categoryPrefix: PREFIX,
      logger: quiet
    })
    expect(firstSeen.size).toBeGreaterThan(0)
    const result = await publish(opts)
    expect(result.warnings).toEqual([])
    expect(result.diff?.added).toEqual([])

    const calls = gh.requests.slice(before).map(r => r.operationId)
    expect(calls).toEqual([
      // master is the default branch and the base: its Trivy alerts are read once, for both uses.
      'code-scanning/list-alerts-for-repo',
      'code-scanning/upload-sarif',
      // The stand-in answers the first poll "pending", as GitHub does right after an upload.
      'code-scanning/get-sarif',
      'code-scanning/get-sarif',
      'graphql',
      'issues/create-comment'
    ])
    expect(gh.violations).toEqual([])
  })
})
