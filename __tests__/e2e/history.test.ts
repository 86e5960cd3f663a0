/**
 * Issue 17 end to end: the bundled action scans the history fixtures (images whose config history
 * is BuildKit's own for the Dockerfiles under e2e/repos, e2e/HISTORY.md) with the real Trivy 0.74.0
 * and puts each finding on the Dockerfile line that brought it in, in the SARIF (validated as every
 * scenario's), the annotations and the pull-request comment the GitHub stand-in records. The lines
 * expected come from the fixtures' own table (HISTORY_DESIGN), which history-fixtures.test.ts proves.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { GitHubStandIn } from '../helpers/github-standin.js'
import { expectSoundReports } from './helpers/checks.js'
import {
  e2eEnv,
  namespace,
  offlineInputs,
  REPO,
  runAction,
  transcript,
  type RunResult
} from './helpers/harness.js'
import { HISTORY_DESIGN } from './helpers/history-fixtures.js'

const env = e2eEnv()
const gh = new GitHubStandIn({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master' })
beforeAll(async () => gh.start())
afterAll(async () => gh.stop())

const image = (name: string) => env.fixtures.images[name]!

/** Every file of a fixture repository under e2e/repos, as the workspace's files. */
function repository(root: string): Record<string, string> {
  const dir = join(REPO, root)
  const files: Record<string, string> = {}
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name)
      if (statSync(full).isDirectory()) walk(full)
      else files[relative(dir, full)] = readFileSync(full, 'utf8')
    }
  }
  walk(dir)
  return files
}

/** Every finding reported (LOW and unfixed too), nothing else scanned. */
const everything = { 'fail-on': 'LOW', 'ignore-unfixed': 'false', dockerfile: '', 'config-path': '' }

interface SarifResultLite {
  ruleId: string
  message: { text: string }
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number } }
    logicalLocations?: Array<{ name: string }>
  }>
  partialFingerprints: Record<string, string>
  properties: { package?: string }
}

function sarifResults(r: RunResult): SarifResultLite[] {
  const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as {
    runs: Array<{ tool: { driver: { name: string } }; results: SarifResultLite[] }>
  }
  return sarif.runs.filter(run => run.tool.driver.name === 'Trivy').flatMap(run => run.results)
}

/** `<rule> <package>` -> `<uri>:<line>` of each Trivy result. */
function placed(r: RunResult): Record<string, string> {
  return Object.fromEntries(
    sarifResults(r).map(x => {
      const loc = x.locations[0]!.physicalLocation
      return [`${x.ruleId} ${x.properties.package}`, `${loc.artifactLocation.uri}:${loc.region.startLine}`]
    })
  )
}

/** The design table's lines for an image, as `placed` spells them. */
function designed(name: string): Record<string, string> {
  const design = HISTORY_DESIGN[name]!
  return Object.fromEntries(
    Object.entries(design.findings).map(([key, line]) => [key, `${design.dockerfile}:${line}`])
  )
}

async function scan(name: string, inputs: Record<string, string>, files: Record<string, string>, api = {}) {
  const ns = namespace(`history-${name}`)
  const r = await runAction(env, {
    mirrorNamespace: ns,
    inputs: { ...offlineInputs(env, ns), ...everything, ...inputs },
    files,
    env: api
  })
  expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
  await expectSoundReports(r)
  return r
}

const APP = 'services/app/Dockerfile'
const history = repository('e2e/repos/history')

describe('image findings on the Dockerfile line that brought them in (issue 17)', () => {
  let first: RunResult

  it('history-app: SARIF, annotations and the comment put bash on FROM (2) and libidn2-0 on the RUN (7)', async () => {
    const api = { GITHUB_API_URL: gh.url, GITHUB_GRAPHQL_URL: `${gh.url}/graphql` }
    first = await scan(
      'app',
      { image: `${image('history-app').reference} | ${APP}`, 'upload-sarif': 'true', comment: 'update' },
      history,
      api
    )
    expect(placed(first)).toEqual(designed('history-app'))
    expect(gh.violations).toEqual([])
    const [libidn2] = sarifResults(first)
    expect(libidn2!.locations[0]!.physicalLocation.region).toEqual({ startLine: 7, endLine: 9 })
    expect(libidn2!.locations[0]!.logicalLocations).toEqual([
      { name: image('history-app').reference, kind: 'module' }
    ])
    expect(libidn2!.message.text).toContain(
      `Installed by line 7 of ${APP} (RUN apt-get update && apt-get install -y --no-install-recom…): that line is the fix`
    )
    // What code scanning received is what was written.
    const runs = gh.sarifs.flatMap(u => u.sarif.runs) as unknown as Array<{
      tool: { driver: { name: string } }
      results: SarifResultLite[]
    }>
    const uploaded = runs.find(run => run.tool.driver.name === 'Trivy')!
    expect(uploaded.results.map(x => x.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      APP,
      APP
    ])

    const errors = first.annotations.filter(a => a.level === 'error' && a.properties.file === APP)
    expect(errors.map(a => [a.properties.title, a.properties.line])).toEqual([
      ['CRITICAL CVE-2019-18224 in libidn2-0 2.0.5-1 (fixed in 2.0.5-1+deb10u1)', '7'],
      ['LOW CVE-2019-18276 in bash 5.0-4', '2']
    ])

    const comment = gh.commentsOn(2).at(-1)!.body
    expect(comment).toContain(
      `| ${APP}:7 (RUN apt-get update &amp;&amp; apt-get install -y --no-install-recom…) |`
    )
    expect(comment).toContain(`| ${APP}:2 (FROM container-gate/history-debian:1) |`)
    expect(first.stdout).toContain(
      `${image('history-app').reference}: 2 findings placed on ${APP} (line 2: 1, line 7: 1). Dockerfile: as the input pairs it.`
    )
  })

  it('a rebuild of the same Dockerfile (history-app:2, other layer digests): the same lines and fingerprints', async () => {
    const rebuilt = image('history-app-rebuilt')
    expect(rebuilt.digest).not.toBe(image('history-app').digest)
    const second = await scan('rebuilt', { image: `${rebuilt.reference} | ${APP}` }, history)
    expect(placed(second)).toEqual(placed(first))
    const prints = (r: RunResult) =>
      sarifResults(r).map(x => x.partialFingerprints['containerGateFinding/v1'])
    expect(prints(second)).toEqual(prints(first))
    expect(new Set(prints(first)).size).toBe(2)
  })

  it('the Dockerfile as edited since the build: the FROM line, the reason in the message, said once in the log', async () => {
    const edited = repository('e2e/repos/history-edited')
    const r = await scan('edited', { image: `${image('history-app').reference} | ${APP}` }, edited)
    expect(placed(r)).toEqual({
      'CVE-2019-18276 bash': `${APP}:2`,
      'CVE-2019-18224 libidn2-0': `${APP}:2`
    })
    const reason =
      'line 10 (RUN useradd --system --home-dir /srv/app app) is not what the history records there (another command): the image was built from another version of the Dockerfile'
    for (const x of sarifResults(r))
      expect(x.message.text).toContain(
        `Shown on the FROM line (line 2 of ${APP}): which line brought it in is not known, because ${reason}.`
      )
    const said = r.stdout.split('\n').filter(l => l.includes("the image's history does not match"))
    expect(said).toEqual([
      `${image('history-app').reference}: the image's history does not match ${APP}: ${reason}. Its OS packages' findings are shown on the FROM line (2). Dockerfile: as the input pairs it.`
    ])
  })

  it('an image-input tarball without history: OS packages on FROM, saying the image has no history', async () => {
    // The tarball where the fixtures wrote it (outside the workspace, as an earlier step's output).
    const tarball = image('history-nohistory').tarball
    const r = await scan('nohistory', { 'image-input': `${tarball} | ${APP}` }, history)
    expect(placed(r)).toEqual({ 'CVE-2019-18276 bash': `${APP}:2`, 'CVE-2019-18224 libidn2-0': `${APP}:2` })
    expect(sarifResults(r)[0]!.message.text).toContain('because the image has no build history')
  })

  it('one Dockerfile in scope and one image: paired without being told (multi-stage: the last stage’s lines)', async () => {
    const dockerfile = HISTORY_DESIGN['history-worker']!.dockerfile
    const r = await scan(
      'worker',
      { image: image('history-worker').reference, dockerfile, hadolint: 'false' },
      history
    )
    expect(placed(r)).toEqual(designed('history-worker'))
    expect(r.stdout).toContain('Dockerfile: the only Dockerfile in scope.')
  })

  // history-api was pushed by the fixture builder as BuildKit pushes: an OCI index with the image and
  // its provenance attestation, whose vcs source is https://github.com/acme/history.
  const ACME = { GITHUB_REPOSITORY: 'acme/history', GITHUB_REPOSITORY_OWNER: 'acme' }
  const THREE = 'services/*/Dockerfile'

  it.each(['history-api', 'history-api-slsa02'])(
    '%s, three Dockerfiles and no pairing: its BuildKit provenance, read with crane, names the Dockerfile',
    async name => {
      const r = await scan(
        name,
        { image: image(name).reference, dockerfile: THREE, hadolint: 'false' },
        history,
        ACME
      )
      expect(placed(r)).toEqual(designed(name))
      expect(r.stdout).toContain('Dockerfile: named by its BuildKit provenance.')
      expect(r.stdout).toMatch(/crane 0\.22\.1: downloaded and verified/)
    }
  )

  it('provenance naming another repository pairs nothing: the findings stay on the image, and the log says why', async () => {
    const r = await scan(
      'api-other',
      { image: image('history-api').reference, dockerfile: THREE, hadolint: 'false' },
      history
    )
    expect(Object.values(placed(r)).every(where => !where.startsWith('services/'))).toBe(true)
    expect(r.stdout).toContain(
      'its provenance says it was built from https://github.com/acme/history, not Codertocat/Hello-World'
    )
  })

  it('the only Dockerfile in scope pairs history-api without crane (never installed)', async () => {
    const dockerfile = HISTORY_DESIGN['history-api']!.dockerfile
    const r = await scan(
      'api-paired',
      { image: image('history-api').reference, dockerfile, hadolint: 'false' },
      history,
      ACME
    )
    expect(placed(r)).toEqual(designed('history-api'))
    expect(r.stdout).not.toMatch(/crane 0\.22\.1/)
  })

  it('a pairing to a Dockerfile that does not exist: one input error, nothing scanned', async () => {
    const ns = namespace('history-missing')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: {
        ...offlineInputs(env, ns),
        ...everything,
        image: `${image('history-app').reference} | services/ap/Dockerfile`
      },
      files: history
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual([
      `Input 'image': "${image('history-app').reference} | services/ap/Dockerfile" pairs the image with a Dockerfile that does not exist. Expected the path of the Dockerfile the image was built from, relative to the repository root (as docker/build-push-action's file:).`
    ])
    expect(r.stdout).not.toContain('Install tools')
  })
})
