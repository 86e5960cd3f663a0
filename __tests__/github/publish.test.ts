import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { GitHubStandIn } from '../helpers/github-standin.js'
import { createGitHubClient } from '../../src/github/client.js'
import { commentKey } from '../../src/github/comment.js'
import { fetchFirstSeen } from '../../src/github/baseline.js'
import { publish, type PublishOptions } from '../../src/github/publish.js'
import { uploadSarif, waitForProcessing } from '../../src/github/sarif-upload.js'
import { uploadTarget } from '../../src/github/context.js'
import type { RunContext } from '../../src/github/types.js'
import type { Logger } from '../../src/log.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderSummary } from '../../src/report/summary.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { findingKey, type ScannedSubject } from '../../src/findings/model.js'
import type { Verdict } from '../../src/policy/types.js'
import { bigVerdict, loadVerdict } from '../../__fixtures__/report/verdicts.js'
import {
  MERGE_SHA,
  pullRequestContext,
  pushContext,
  workspaceWithDockerfile
} from '../../__fixtures__/github/events.js'

const TOKEN = 'ghs_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'
const HEAD_SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821'
const PREFIX = 'container-gate'

const SUBJECTS: ScannedSubject[] = [
  { tool: 'trivy', subject: 'testdata/fixtures/images/alpine-39.tar.gz' },
  { tool: 'trivy', subject: 'testdata/fixtures/images/debian-buster.tar.gz' },
  { tool: 'trivy', subject: '.' },
  { tool: 'hadolint', subject: 'Dockerfile' }
]

interface Captured extends Logger {
  lines: string[]
  secrets: string[]
}

function capture(): Captured {
  const lines: string[] = []
  return {
    lines,
    secrets: [],
    debug: m => lines.push(`debug ${m}`),
    info: m => lines.push(`info ${m}`),
    warning: m => lines.push(`warning ${m}`)
  }
}

function decodeRuns(gh: GitHubStandIn) {
  return gh.sarifs.flatMap(s =>
    s.sarif.runs.map(r => ({
      upload: s.id,
      tool: r.tool.driver.name,
      category: r.automationDetails?.id,
      ref: s.ref
    }))
  )
}

describe('publish against the GitHub stand-in', () => {
  let gh: GitHubStandIn
  let workspace: string
  let clock: Date

  beforeEach(async () => {
    clock = new Date('2026-04-07T10:00:00Z')
    gh = new GitHubStandIn({ now: () => clock, defaultBranch: 'master' })
    await gh.start()
    workspace = workspaceWithDockerfile()
  })
  afterEach(async () => {
    await gh.stop()
  })

  function options(
    ctx: RunContext,
    verdict: Verdict,
    logger: Captured,
    extra: Partial<PublishOptions> = {}
  ): PublishOptions {
    const client = createGitHubClient({
      token: TOKEN,
      apiUrl: gh.url,
      logger,
      setSecret: s => logger.secrets.push(s),
      fast: true
    })
    return {
      client,
      ctx,
      verdict,
      sarif: renderSarif(verdict, {
        categoryPrefix: PREFIX,
        subjects: SUBJECTS,
        toolVersions: { trivy: '0.69.3' }
      }),
      categoryPrefix: PREFIX,
      subjects: SUBJECTS,
      upload: true,
      waitForProcessing: true,
      comment: 'update',
      commentKey: commentKey({ workflow: ctx.workflow, job: ctx.job, matrix: 'null' }),
      startedAt: '2026-04-07T09:58:00Z',
      logger,
      sleep: async () => {},
      ...extra
    }
  }

  it('first run: one comment, each category uploaded once to refs/pull/N/merge; second run edits it and re-uploads', async () => {
    const ctx = pullRequestContext(gh.url, workspace)
    const logger = capture()
    const first = await publish(options(ctx, loadVerdict('basic'), logger))

    expect(first.warnings).toEqual([])
    expect(gh.commentsOn(2)).toHaveLength(1)
    expect(first.commentUrl).toBe(
      `https://github.com/Codertocat/Hello-World/pull/2#issuecomment-${gh.commentsOn(2)[0]!.id}`
    )
    const runs = decodeRuns(gh)
    const categories = runs.map(r => r.category).sort()
    expect(categories).toEqual([
      'container-gate/hadolint/dockerfile/',
      'container-gate/trivy/root/',
      'container-gate/trivy/testdata-fixtures-images-alpine-39.tar.gz/',
      'container-gate/trivy/testdata-fixtures-images-debian-buster.tar.gz/'
    ])
    expect(first.sarifIds).toEqual(gh.sarifs.map(s => s.id))
    for (const s of gh.sarifs) {
      expect(s).toMatchObject({
        ref: 'refs/pull/2/merge',
        commitSha: MERGE_SHA,
        startedAt: '2026-04-07T09:58:00Z'
      })
      expect(s.checkoutUri).toBe(`file://${workspace}/`)
      // tool_name names the one tool the upload carries.
      expect(new Set(s.sarif.runs.map(r => r.tool.driver.name))).toEqual(new Set([s.toolName]))
    }
    // Results in the repository's Dockerfile carry codeql-compatible line hashes; image results do not.
    const hadolint = gh.sarifs.find(s => s.toolName === 'hadolint')!.sarif.runs[0]!.results as Array<{
      partialFingerprints: Record<string, string>
    }>
    expect(
      hadolint.every(r => /^[0-9a-f]+:\d+$/.test(r.partialFingerprints.primaryLocationLineHash ?? ''))
    ).toBe(true)
    const body1 = gh.commentsOn(2)[0]!.body
    expect(body1.startsWith('<!-- container-gate:CI/scan -->\n')).toBe(true)
    expect(body1).toContain('#### Blocking (3)')
    // Each status was polled until complete.
    expect(gh.requests.filter(r => r.operationId === 'code-scanning/get-sarif').length).toBe(
      gh.sarifs.length * 2
    )

    // Second run: the same job on a new commit, one blocking finding fewer.
    const v2 = loadVerdict('basic')
    v2.blocking = v2.blocking.slice(1)
    const second = await publish(options(ctx, v2, capture()))
    expect(second.warnings).toEqual([])
    expect(gh.commentsOn(2)).toHaveLength(1)
    expect(second.commentUrl).toBe(first.commentUrl)
    expect(gh.commentsOn(2)[0]!.body).toContain('#### Blocking (2)')
    expect(gh.requests.filter(r => r.operationId === 'issues/update-comment')).toHaveLength(1)
    const again = decodeRuns(gh).slice(runs.length)
    expect(again.map(r => r.category).sort()).toEqual(categories)
    expect(gh.violations).toEqual([])
    // The token was masked first and never written anywhere.
    expect(logger.secrets).toEqual([TOKEN])
    expect(logger.lines.join('\n')).not.toContain(TOKEN)
    expect(gh.requests.every(r => r.authorized && !JSON.stringify(r).includes(TOKEN))).toBe(true)
  })

  it('uploads to refs/pull/N/head at the head commit when the checkout is the head', async () => {
    const ctx = pullRequestContext(gh.url, workspace)
    expect(uploadTarget(ctx, HEAD_SHA)).toEqual({ ref: 'refs/pull/2/head', commitSha: HEAD_SHA })
    await publish(options(ctx, loadVerdict('basic'), capture(), { checkoutSha: HEAD_SHA, comment: 'off' }))
    expect(gh.sarifs.map(s => [s.ref, s.commitSha])).toEqual(
      gh.sarifs.map(() => ['refs/pull/2/head', HEAD_SHA])
    )
    expect(gh.comments).toHaveLength(0)
  })

  it('on push uploads to GITHUB_REF at GITHUB_SHA and writes no comment', async () => {
    const ctx = pushContext(gh.url, workspace)
    const result = await publish(options(ctx, loadVerdict('basic'), capture()))
    expect(gh.sarifs.map(s => [s.ref, s.commitSha])).toEqual(
      gh.sarifs.map(() => ['refs/heads/master', '6113728f27ae82c7b1a177c8d03f9e96e0adf246'])
    )
    expect(result.commentUrl).toBeUndefined()
    expect(gh.requests.some(r => r.path.includes('/issues/'))).toBe(false)
    expect(gh.violations).toEqual([])
  })

  it('two matrix legs own two comments, and reruns of each edit their own', async () => {
    const ctx = pullRequestContext(gh.url, workspace)
    const keyA = commentKey({ workflow: 'CI', job: 'scan', matrix: '{"image":"api","os":"ubuntu-latest"}' })
    const keyB = commentKey({ workflow: 'CI', job: 'scan', matrix: '{"os":"ubuntu-latest","image":"web"}' })
    expect(keyA).toBe('CI/scan/image=api,os=ubuntu-latest')
    for (let round = 0; round < 2; round++) {
      await publish(options(ctx, loadVerdict('basic'), capture(), { commentKey: keyA, upload: false }))
      await publish(options(ctx, loadVerdict('hostile'), capture(), { commentKey: keyB, upload: false }))
    }
    const bodies = gh.commentsOn(2).map(c => c.body.split('\n')[0])
    expect(bodies).toEqual([`<!-- container-gate:${keyA} -->`, `<!-- container-gate:${keyB} -->`])
    expect(gh.requests.filter(r => r.operationId === 'issues/create-comment')).toHaveLength(2)
    expect(gh.requests.filter(r => r.operationId === 'issues/update-comment')).toHaveLength(2)
  })

  it('recreate mode deletes the old comment and posts a new one', async () => {
    const ctx = pullRequestContext(gh.url, workspace)
    await publish(options(ctx, loadVerdict('basic'), capture(), { upload: false }))
    const firstId = gh.commentsOn(2)[0]!.id
    await publish(options(ctx, loadVerdict('basic'), capture(), { upload: false, comment: 'recreate' }))
    expect(gh.commentsOn(2)).toHaveLength(1)
    expect(gh.commentsOn(2)[0]!.id).not.toBe(firstId)
  })

  it('finds its comment beyond the first page of comments', async () => {
    const ctx = pullRequestContext(gh.url, workspace)
    await publish(options(ctx, loadVerdict('basic'), capture(), { upload: false }))
    for (let i = 0; i < 150; i++)
      gh.comments.push({
        ...gh.comments[0]!,
        id: 5000 + i,
        body: `chatter ${i}`,
        user: { login: 'octocat', id: 583231, type: 'User' }
      })
    // Our comment is now first of 151: move it to the end so it is on page 2.
    gh.comments.push(gh.comments.shift()!)
    await publish(options(ctx, loadVerdict('basic'), capture(), { upload: false }))
    expect(gh.commentsOn(2).filter(c => c.body.startsWith('<!-- container-gate:'))).toHaveLength(1)
    // One page for the first run, two for the last (100 + 51 comments).
    expect(gh.requests.filter(r => r.operationId === 'graphql')).toHaveLength(3)
  })

  it('403 on every write: warnings naming the permissions, nothing else changes', async () => {
    gh.failWrites()
    const ctx = pullRequestContext(gh.url, workspace)
    const verdict = loadVerdict('basic')
    const before = structuredClone(verdict)
    const logger = capture()
    const result = await publish(options(ctx, verdict, logger))
    expect(result.sarifIds).toEqual([])
    expect(result.commentUrl).toBeUndefined()
    expect(result.warnings.map(w => [w.feature, w.permission])).toEqual([
      ['sarif-upload', 'security-events: write'],
      ['comment', 'pull-requests: write']
    ])
    expect(result.warnings[0]!.message).toMatch(
      /^Uploading SARIF to code scanning was skipped: the token lacks `security-events: write`/
    )
    expect(logger.lines.filter(l => l.startsWith('warning'))).toHaveLength(2)
    // Only the first upload was tried: the rest would be refused alike.
    expect(gh.requests.filter(r => r.operationId === 'code-scanning/upload-sarif')).toHaveLength(1)
    expect(verdict).toEqual(before)
    // The summary is the same report, with the warnings as notes.
    const summary = renderSummary(verdict, { notes: result.notes })
    expect(summary.replace(/\n> \[!NOTE\]\n> [^\n]*\n/g, '')).toBe(renderSummary(before))
    expect(gh.violations).toEqual([])
  })

  it("a fork's pull request says why the permission cannot be had", async () => {
    gh.failWrites()
    const ctx = pullRequestContext(gh.url, workspace, p => {
      p.pull_request.head.repo = { full_name: 'forker/Hello-World' }
    })
    expect(ctx.pullRequest?.fromFork).toBe(true)
    const result = await publish(options(ctx, loadVerdict('basic'), capture()))
    expect(result.warnings).toHaveLength(2)
    for (const w of result.warnings)
      expect(w.message).toContain('pull requests from forks get a read-only token')
  })

  it('code scanning not enabled is one warning, not a permission hunt', async () => {
    gh.fail({
      path: /code-scanning/,
      status: 403,
      message: 'Advanced Security must be enabled for this repository to use code scanning.'
    })
    const ctx = pullRequestContext(gh.url, workspace)
    const result = await publish(options(ctx, loadVerdict('basic'), capture()))
    expect(result.warnings[0]).toEqual({
      feature: 'sarif-upload',
      message:
        'Uploading SARIF to code scanning was skipped: code scanning is not enabled for this repository (Advanced Security must be enabled for this repository to use code scanning.).'
    })
    expect(result.commentUrl).toBeDefined()
  })

  it('60,000 findings: comment under 65,536 characters, uploads within every limit, drops reported', async () => {
    const ctx = pullRequestContext(gh.url, workspace)
    const verdict = bigVerdict(60_000)
    const subjects: ScannedSubject[] = [
      { tool: 'trivy', subject: 'ghcr.io/acme/api:1.0' },
      { tool: 'trivy', subject: 'ghcr.io/acme/web:1.0' }
    ]
    const sarif = renderSarif(verdict, { categoryPrefix: PREFIX, subjects, toolVersions: {} })
    const result = await publish(
      options(ctx, verdict, capture(), { sarif, subjects, waitForProcessing: false })
    )
    expect(gh.violations).toEqual([])
    const body = gh.commentsOn(2)[0]!.body
    expect(body.length).toBeLessThan(65_536)
    expect(body).toContain("This comment was shortened to fit GitHub's 65,536-character limit")
    expect(body).toContain('#### Blocking (12000)')
    for (const s of gh.sarifs) {
      expect(s.gzippedBytes).toBeLessThanOrEqual(10_000_000)
      expect(s.sarif.runs.length).toBeLessThanOrEqual(20)
      for (const run of s.sarif.runs) expect(run.results.length).toBeLessThanOrEqual(25_000)
    }
    // 30,000 results per image: 5,000 of the least severe (UNKNOWN) left out of each run.
    expect(result.dropped).toEqual([
      {
        tool: 'Trivy',
        category: 'container-gate/trivy/ghcr.io-acme-api-1.0/',
        count: 5000,
        severityCounts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 5000 },
        reason: 'results-per-run'
      },
      {
        tool: 'Trivy',
        category: 'container-gate/trivy/ghcr.io-acme-web-1.0/',
        count: 5000,
        severityCounts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 5000 },
        reason: 'results-per-run'
      }
    ])
    expect(result.notes[0]).toMatch(
      /^Code scanning: 5000 of Trivy's results in container-gate\/trivy\/ghcr.io-acme-api-1.0\/ \(5000 UNKNOWN\) were not uploaded/
    )
    const kept = gh.sarifs.flatMap(s =>
      s.sarif.runs.flatMap(r => r.results as Array<{ properties: { severity: string } }>)
    )
    expect(kept.filter(r => r.properties.severity === 'CRITICAL')).toHaveLength(12_000)
  }, 180_000)

  it('new and fixed against the base branch alerts', async () => {
    const alpine = 'container-gate/trivy/testdata-fixtures-images-alpine-39.tar.gz/'
    // Still present: the musl CVE (same category and rule) — not new.
    gh.addAlert({
      created_at: '2026-01-05T00:00:00Z',
      ruleId: 'CVE-2019-14697',
      toolName: 'Trivy',
      category: alpine,
      path: 'testdata/fixtures/images/alpine-39.tar.gz',
      startLine: 1,
      message: 'musl',
      severity: 'critical',
      refs: { 'refs/heads/master': 'open' }
    })
    // Gone now: fixed.
    const fixed = gh.addAlert({
      created_at: '2026-01-05T00:00:00Z',
      ruleId: 'CVE-2018-0732',
      toolName: 'Trivy',
      category: alpine,
      path: 'testdata/fixtures/images/alpine-39.tar.gz',
      startLine: 1,
      message: 'libssl',
      severity: 'high',
      refs: { 'refs/heads/master': 'open' }
    })
    // A category this run did not analyze says nothing: not fixed.
    gh.addAlert({
      created_at: '2026-01-05T00:00:00Z',
      ruleId: 'CVE-2020-1',
      toolName: 'Trivy',
      category: 'container-gate/trivy/other/',
      path: 'other',
      startLine: 1,
      message: 'x',
      refs: { 'refs/heads/master': 'open' }
    })
    // Fixed already on the base: not reported again.
    gh.addAlert({
      created_at: '2026-01-05T00:00:00Z',
      ruleId: 'CVE-2017-1',
      toolName: 'Trivy',
      category: alpine,
      path: 'testdata/fixtures/images/alpine-39.tar.gz',
      startLine: 1,
      message: 'y',
      refs: { 'refs/heads/master': 'fixed' }
    })
    // DL3008 on the base in the same file: not new either.
    gh.addAlert({
      created_at: '2026-02-01T00:00:00Z',
      ruleId: 'DL3008',
      toolName: 'hadolint',
      category: 'container-gate/hadolint/dockerfile/',
      path: 'Dockerfile',
      startLine: 3,
      message: 'pin',
      severity: 'medium',
      refs: { 'refs/heads/master': 'open' }
    })

    // master has analyses for the alpine image and the Dockerfile; debian and trivy config never ran there.
    gh.addAnalysis({ ref: 'refs/heads/master', tool: 'Trivy', category: alpine })
    gh.addAnalysis({
      ref: 'refs/heads/master',
      tool: 'hadolint',
      category: 'container-gate/hadolint/dockerfile/'
    })
    const ctx = pullRequestContext(gh.url, workspace)
    const result = await publish(options(ctx, loadVerdict('basic'), capture(), { upload: false }))
    expect(result.diff?.notCompared).toBe(1)
    expect(result.diff?.fixed.map(a => a.number)).toEqual([fixed.number])
    expect(
      result.diff?.added.map(d => `${d.finding.ruleId} ${d.finding.package?.name ?? d.finding.file}`).sort()
    ).toEqual([
      'CVE-2019-1549 libcrypto1.1',
      'CVE-2019-1549 libssl1.1',
      'CVE-2019-1551 libcrypto1.1',
      'CVE-2019-1551 libssl1.1',
      'DL3007 Dockerfile'
    ])
    const body = gh.commentsOn(2)[0]!.body
    expect(body).toContain('#### New compared with master (5)')
    expect(body).toContain(
      '_1 finding is in categories master has no analysis for yet, so it is not compared._'
    )
    expect(body).toContain(
      `| 🟧&nbsp;HIGH | CVE-2018-0732 | testdata/fixtures/images/alpine-39.tar.gz | [#${fixed.number}](https://github.com/Codertocat/Hello-World/security/code-scanning/${fixed.number}) |`
    )
    expect(
      gh.requests.filter(r => r.operationId === 'code-scanning/list-alerts-for-repo').map(r => r.query)
    ).toEqual([
      { per_page: '100', ref: 'refs/heads/master', tool_name: 'Trivy' },
      { per_page: '100', ref: 'refs/heads/master', tool_name: 'hadolint' }
    ])
    expect(gh.violations).toEqual([])
  })

  it('first-seen dates come from the alerts an earlier push created, and deadlines count from them', async () => {
    const push = pushContext(gh.url, workspace)
    clock = new Date('2026-03-20T08:15:00Z')
    await publish(options(push, loadVerdict('basic'), capture(), { waitForProcessing: false }))
    const findings = loadVerdict('basic').decisions.map(d => d.finding)
    const client = createGitHubClient({
      token: TOKEN,
      apiUrl: gh.url,
      logger: capture(),
      setSecret: () => {},
      fast: true
    })
    const { firstSeen, warnings } = await fetchFirstSeen({
      client,
      ctx: pushContext(gh.url, workspace),
      findings,
      categoryPrefix: PREFIX,
      logger: capture()
    })
    expect(warnings).toEqual([])
    const ds = findings.find(f => f.ruleId === 'DS-0002')!
    expect(firstSeen.get(findingKey(ds))).toBe('2026-03-20T08:15:00.000Z')
    // Ignored findings were not uploaded, so they have no first-seen date.
    expect(firstSeen.has(findingKey(findings.find(f => f.ruleId === 'CVE-2019-18276')!))).toBe(false)
    const verdict = evaluate(
      findings,
      defaultPolicy(),
      { mode: 'gate', firstSeen },
      new Date('2026-04-07T00:00:00Z')
    )
    const dsDecision = verdict.decisions.find(d => d.finding.ruleId === 'DS-0002')!
    expect(dsDecision.deadline).toMatchObject({ clock: 'first-seen', clockDate: '2026-03-20' })
  })

  it('without security-events: read, first-seen is empty and says so once', async () => {
    gh.fail({
      method: 'GET',
      path: /code-scanning\/alerts/,
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const client = createGitHubClient({
      token: TOKEN,
      apiUrl: gh.url,
      logger: capture(),
      setSecret: () => {},
      fast: true
    })
    const logger = capture()
    const { firstSeen, warnings } = await fetchFirstSeen({
      client,
      ctx: pushContext(gh.url, workspace),
      // Trivy's and hadolint's findings: two listings refused alike, one warning.
      findings: loadVerdict('basic').decisions.map(d => d.finding),
      categoryPrefix: PREFIX,
      logger
    })
    expect(firstSeen.size).toBe(0)
    expect(gh.requests.filter(r => r.operationId === 'code-scanning/list-alerts-for-repo')).toHaveLength(2)
    expect(warnings.map(w => w.permission)).toEqual(['security-events: read'])
    expect(logger.lines.filter(l => l.startsWith('warning'))).toHaveLength(1)
  })

  it('wait-for-processing backs off and reports processing errors', async () => {
    const ctx = pushContext(gh.url, workspace)
    const logger = capture()
    const client = createGitHubClient({
      token: TOKEN,
      apiUrl: gh.url,
      logger,
      setSecret: () => {},
      fast: true
    })
    const verdict = loadVerdict('basic')
    const sarif = renderSarif(verdict, { categoryPrefix: PREFIX, subjects: SUBJECTS, toolVersions: {} })
    const up = await uploadSarif({
      client,
      ctx,
      target: uploadTarget(ctx),
      sarif,
      startedAt: '2026-04-07T09:58:00Z',
      logger
    })
    gh.sarifs[0]!.pendingPolls = 3
    gh.sarifs[1]!.errors = ['locationFromSarifResult: expected artifact location']
    const sleeps: number[] = []
    const waited = await waitForProcessing({
      client,
      ctx,
      ids: up.uploaded.map(u => u.id),
      logger,
      sleep: async ms => void sleeps.push(ms)
    })
    expect(sleeps).toEqual([1000, 2000, 4000, 8000])
    expect(waited.status).toEqual({ [up.uploaded[0]!.id]: 'complete', [up.uploaded[1]!.id]: 'failed' })
    expect(waited.warnings).toEqual([
      {
        feature: 'sarif-processing',
        message: `Code scanning could not process upload ${up.uploaded[1]!.id}: locationFromSarifResult: expected artifact location`
      }
    ])
  })

  it('gives up waiting after the timeout with a warning', async () => {
    const ctx = pushContext(gh.url, workspace)
    const client = createGitHubClient({
      token: TOKEN,
      apiUrl: gh.url,
      logger: capture(),
      setSecret: () => {},
      fast: true
    })
    const sarif = renderSarif(loadVerdict('basic'), {
      categoryPrefix: PREFIX,
      subjects: SUBJECTS.slice(3),
      toolVersions: {}
    })
    const up = await uploadSarif({
      client,
      ctx,
      target: uploadTarget(ctx),
      sarif,
      startedAt: '2026-04-07T09:58:00Z',
      logger: capture()
    })
    gh.sarifs[0]!.pendingPolls = 1000
    const sleeps: number[] = []
    const waited = await waitForProcessing({
      client,
      ctx,
      ids: [up.uploaded[0]!.id],
      logger: capture(),
      timeoutMs: 60_000,
      sleep: async ms => void sleeps.push(ms)
    })
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000])
    expect(waited.warnings[0]!.message).toMatch(/had not finished processing upload .* after 60 s/)
  })

  it('works under a GHES API prefix', async () => {
    const ghes = new GitHubStandIn({ prefix: '/api/v3' })
    await ghes.start()
    try {
      const ctx = pullRequestContext(ghes.url, workspace)
      const logger = capture()
      const client = createGitHubClient({
        token: TOKEN,
        apiUrl: ghes.url,
        logger,
        setSecret: () => {},
        fast: true
      })
      const result = await publish({ ...options(ctx, loadVerdict('basic'), logger), client })
      expect(result.warnings).toEqual([])
      expect(ghes.url).toMatch(/\/api\/v3$/)
      expect(ghes.sarifs.length).toBeGreaterThan(0)
      expect(ghes.violations).toEqual([])
    } finally {
      await ghes.stop()
    }
  })
})
