/**
 * The fan-out and fan-in of a matrix, end to end, each step the bundled action as the runner runs
 * it: `mode: plan` on a monorepo (the services of e2e/repos/history, whose images the fixture builder
 * really built FROM two shared bases and pushed to the e2e registry, plus one service whose job is
 * lost), each leg a real scan with the real Trivy, then `mode: aggregate` on the legs' reports as
 * actions/download-artifact leaves them, with the GitHub stand-in showing one comment for the fleet.
 * A second fleet plans the published images of an images file and monitors them.
 *
 * By hand (e2e/HISTORY.md; the Trivy DB fixtures): history-app and history-worker are built FROM
 * container-gate/history-debian:1 and history-api FROM container-gate/history-debian-idn:1; each has
 * libidn2-0 2.0.5-1 with CVE-2019-18224 (CRITICAL, fixed in 2.0.5-1+deb10u1: blocks) and bash 5.0-4
 * with CVE-2019-18276 (LOW, no fix: ignored by default). So the fleet has one CVE-2019-18224 row
 * listing three images, a rebuild of history-debian clears 2 blocking findings and of
 * history-debian-idn 1, and the batch leg, planned but never run, is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ArtifactServer } from '../../__fixtures__/artifact-server.js'
import { GitHubStandIn } from '../helpers/github-standin.js'
import {
  REPO,
  e2eEnv,
  namespace,
  offlineInputs,
  runAction,
  transcript,
  type RunResult
} from './helpers/harness.js'

const env = e2eEnv()
const gh = new GitHubStandIn({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master' })
const artifacts = new ArtifactServer()
const api = () => ({ GITHUB_API_URL: gh.url, GITHUB_GRAPHQL_URL: `${gh.url}/graphql`, ...artifacts.env() })

beforeAll(async () => {
  await gh.start()
  await artifacts.start()
})
afterAll(async () => {
  await gh.stop()
  await artifacts.stop()
})

/** The monorepo: every file of e2e/repos/history/services, and a batch service whose job will be lost. */
function monorepo(): Record<string, string> {
  const root = join(REPO, 'e2e/repos/history')
  const files: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else files[relative(root, path)] = readFileSync(path, 'utf8')
    }
  }
  walk(join(root, 'services'))
  files['services/batch/Dockerfile'] = 'FROM container-gate/alpine-vuln:1\nUSER 65534\n'
  return files
}

interface Entry {
  name: string
  dockerfile?: string
  image: string
}

/** One matrix job: the action scanning the entry's image, as the README's leg step does. */
async function leg(
  entry: Entry,
  files: Record<string, string>,
  extra: Record<string, string> = {}
): Promise<RunResult> {
  const ns = namespace(`fleet-${entry.name}`)
  const r = await runAction(env, {
    mirrorNamespace: ns,
    files,
    env: api(),
    inputs: {
      ...offlineInputs(env, ns),
      comment: '', // the default: a leg (leg-name set) leaves the comment to the aggregate
      'leg-name': entry.name,
      image: entry.image,
      dockerfile: entry.dockerfile ?? '',
      hadolint: 'false',
      'config-path': '',
      'upload-artifact': 'false',
      ...extra
    }
  })
  expect(r.outputs['report-file'] ?? transcript(r)).toBeTruthy()
  return r
}

/** The aggregate job: the legs' reports where actions/download-artifact puts them (path: legs). */
async function aggregate(
  legs: RunResult[],
  expected: string,
  extra: Record<string, string> = {}
): Promise<RunResult> {
  const files: Record<string, string> = {}
  for (const r of legs) {
    const report = readFileSync(r.outputs['report-file']!, 'utf8')
    const name = (JSON.parse(report) as { leg: string }).leg
    files[`legs/container-gate-${name}/container-gate-report.json`] = report
  }
  const ns = namespace('fleet-aggregate')
  return runAction(env, {
    mirrorNamespace: ns,
    files,
    env: api(),
    inputs: {
      ...offlineInputs(env, ns),
      mode: 'aggregate',
      report: 'legs/**/container-gate-report.json',
      'expected-legs': expected,
      comment: 'update',
      ...extra
    }
  })
}

describe('a fleet in a matrix', () => {
  it('plans the monorepo, scans each leg, and gives one verdict and one comment for the fleet', async () => {
    const files = monorepo()
    const registry = env.registry
    const ns = namespace('fleet-plan')
    const plan = await runAction(env, {
      mirrorNamespace: ns,
      files,
      inputs: {
        ...offlineInputs(env, ns),
        mode: 'plan',
        dockerfile: 'services/*/Dockerfile',
        'image-pattern': `${registry}/container-gate/history-{folder}:1`
      }
    })
    expect(plan.exitCode).toBe(0)
    const matrix = JSON.parse(plan.outputs.matrix ?? transcript(plan)) as { include: Entry[] }
    expect(matrix.include).toEqual([
      {
        name: 'services-api',
        dockerfile: 'services/api/Dockerfile',
        context: 'services/api',
        image: `${registry}/container-gate/history-api:1`
      },
      {
        name: 'services-app',
        dockerfile: 'services/app/Dockerfile',
        context: 'services/app',
        image: `${registry}/container-gate/history-app:1`
      },
      {
        name: 'services-batch',
        dockerfile: 'services/batch/Dockerfile',
        context: 'services/batch',
        image: `${registry}/container-gate/history-batch:1`
      },
      {
        name: 'services-worker',
        dockerfile: 'services/worker/Dockerfile',
        context: 'services/worker',
        image: `${registry}/container-gate/history-worker:1`
      }
    ])
    // No scan, no tool installed, no comment: planning only reads the repository.
    expect(plan.stdout).not.toMatch(/Install tools/)

    // The batch job is cancelled before it reports: only three legs run.
    const ran = matrix.include.filter(e => e.name !== 'services-batch')
    const legs: RunResult[] = []
    for (const entry of ran) legs.push(await leg(entry, files))
    for (const r of legs) expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(gh.commentsOn(2)).toHaveLength(0) // legs do not comment

    const fleet = await aggregate(legs, plan.outputs.matrix!)
    expect(fleet.exitCode).not.toBe(0)
    expect(fleet.outputs.verdict ?? transcript(fleet)).toBe('fail')
    const totals = JSON.parse(fleet.outputs['fleet-totals']!)
    expect(totals).toMatchObject({
      outcome: 'fail',
      legs: { expected: 4, reported: 3, failed: 3, missing: 1 },
      images: 3,
      blocking: { occurrences: 3, distinct: 1 }
    })
    const verdicts = JSON.parse(fleet.outputs['leg-verdicts']!) as Array<{
      leg: string
      outcome: string
      blocking?: number
    }>
    expect(verdicts.map(v => [v.leg, v.outcome, v.blocking])).toEqual([
      ['services-api', 'fail', 1],
      ['services-app', 'fail', 1],
      ['services-batch', 'missing', undefined],
      ['services-worker', 'fail', 1]
    ])
    expect(fleet.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual([
      'container-gate fleet: fail: 3 legs failed (services-api, services-app, services-worker); 1 leg did not report (services-batch).'
    ])

    const comments = gh.commentsOn(2)
    expect(comments).toHaveLength(1)
    const body = comments[0]!.body
    expect(body.startsWith('<!-- container-gate:container-gate-e2e/fleet -->')).toBe(true)
    expect(body).toContain('#### Legs that did not report (1)\n')
    expect(body).toContain('| services-batch |')
    const debian = 'docker.io/container-gate/history-debian:1'
    const debianIdn = 'docker.io/container-gate/history-debian-idn:1'
    expect(body).toContain(`| ${debian} | 2 | 1 | 2 |\n| ${debianIdn} | 1 | 1 | 1 |`)
    const row = body.split('\n').find(l => l.includes('CVE-2019-18224'))
    expect(row).toContain('| libidn2-0 2.0.5-1 | 2.0.5-1+deb10u1 | 3: ')
    expect(body.split('\n').filter(l => l.includes('CVE-2019-18224'))).toHaveLength(1)
    expect(fleet.summary).toContain('### ❌ container-gate fleet: fail')
    expect(gh.violations).toEqual([])

    // The next run of the workflow: the same comment is edited, not repeated.
    const again = await aggregate(legs, plan.outputs.matrix!)
    expect(again.outputs.verdict).toBe('fail')
    expect(gh.commentsOn(2)).toHaveLength(1)
  })

  it('plans the published images of an images file and lists exactly those a monitor run says to rebuild', async () => {
    const reference = (name: string) => env.fixtures.images[name]!.reference
    const published = ['debian-vuln', 'alpine-vuln', 'alpine-clean'].map(reference)
    const files = { '.github/published-images.txt': `# what we ship\n${published.join('\n')}\n` }
    const ns = namespace('fleet-monitor-plan')
    const plan = await runAction(env, {
      mirrorNamespace: ns,
      files,
      inputs: { ...offlineInputs(env, ns), mode: 'plan', 'images-file': '.github/published-images.txt' }
    })
    const matrix = JSON.parse(plan.outputs.matrix ?? transcript(plan)) as { include: Entry[] }
    expect(matrix.include.map(e => e.image)).toEqual([...published].sort())
    const legs: RunResult[] = []
    for (const entry of matrix.include) legs.push(await leg(entry, {}, { mode: 'monitor' }))
    const fleet = await aggregate(legs, plan.outputs.matrix!, { comment: 'off' })
    // Monitor legs pass (the default policy does not fail on a rebuild): the fleet passes, and says what to rebuild.
    expect(fleet.outputs.verdict ?? transcript(fleet)).toBe('pass')
    const rebuild = JSON.parse(fleet.outputs['rebuild-images']!) as Array<{
      image: string
      vulnerabilities: string[]
    }>
    expect(rebuild.map(r => [r.image, r.vulnerabilities])).toEqual([
      [reference('alpine-vuln'), ['CVE-2019-14697']],
      [reference('debian-vuln'), ['CVE-2019-18224']]
    ])
    expect(fleet.outputs['rebuild-required']).toBe('true')
  })
})
