/**
 * Reporting to GitHub end to end, against the GitHub API stand-in (every request checked against
 * GitHub's OpenAPI description): the SARIF goes to code scanning with one category per tool and
 * subject, and the pull request gets one comment that later runs update instead of repeating.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ArtifactServer } from '../../__fixtures__/artifact-server.js'
import { GitHubStandIn } from '../helpers/github-standin.js'
import { expectSoundReports } from './helpers/checks.js'
import { e2eEnv, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()
// The pull_request.opened example of @octokit/webhooks-examples: Codertocat/Hello-World#2.
const gh = new GitHubStandIn({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master' })

// The results service's artifact API, as the runner offers it to every step.
const artifacts = new ArtifactServer()

beforeAll(async () => {
  await gh.start()
  await artifacts.start()
})
afterAll(async () => {
  await gh.stop()
  await artifacts.stop()
})

/** The log's groups, in order (the runner folds each under its title). */
const groups = (stdout: string) =>
  stdout
    .split('\n')
    .filter(line => line.startsWith('::group::'))
    .map(line => line.slice('::group::'.length))

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
    const first = await runAction(env, { mirrorNamespace: ns, inputs, env: { ...api, ...artifacts.env() } })
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

    // The SARIF and the JSON report outlive the runner as an artifact, linked from the comment and
    // the summary.
    const url = 'https://github.com/Codertocat/Hello-World/actions/runs/1234567890/artifacts/1'
    expect(first.outputs['artifact-url']).toBe(url)
    const kept = artifacts.files('container-gate-gate')
    expect(kept.get('container-gate.sarif')).toBe(readFileSync(first.outputs['sarif-file']!, 'utf8'))
    expect(kept.get('container-gate-report.json')).toBe(readFileSync(first.outputs['report-file']!, 'utf8'))
    expect(comments[0]!.body).toContain(`[SARIF and JSON report (artifact)](${url})`)
    expect(first.summary).toContain(`(workflow artifact)](${url})`)

    // The log: a group per stage, each tool's install, the DB, the scans, then the verdict block.
    expect(groups(first.stdout)).toEqual([
      'Inputs and policy',
      'Files in scope',
      'Install tools: trivy, hadolint',
      'Trivy DB',
      `Scan: trivy image ${inputs.image}; hadolint Dockerfiles (1)`,
      'Checks: base images, admission rules',
      'Policy',
      'Reports: SARIF, JSON, artifact',
      'Publish: code scanning, comment, summary, annotations'
    ])
    expect(first.stdout).toMatch(/^trivy 0\.74\.0: downloaded and verified \(input-digest\), \d+\.\d s\.$/m)
    expect(first.stdout).toMatch(
      /^Trivy DB: downloaded during the scan, built \d{4}-\d\d-\d\d \d\d:\d\d UTC, /m
    )
    expect(first.stdout).toMatch(/^trivy image \S+: \d+ findings in \d+\.\d s\.$/m)
    expect(first.stdout).toContain(`  Artifact     ${url}\n`)
    const verdictBlock = first.stdout.slice(first.stdout.lastIndexOf('::endgroup::'))
    expect(verdictBlock).toMatch(/^=== container-gate: fail ===\n\d+ findings? blocks?: /m)

    // The same gate again (the next workflow run): the comment is edited in place, not repeated.
    artifacts.nextRun()
    const again = { ...api, ...artifacts.env() }
    const second = await runAction(env, { mirrorNamespace: ns, reuse: first.dirs, inputs, env: again })
    expect(second.outputs.verdict ?? transcript(second)).toBe('fail')
    expect(gh.violations).toEqual([])
    expect(gh.commentsOn(2)).toHaveLength(1)
    expect(gh.sarifs).toHaveLength(2 * uploads)
  })
})
