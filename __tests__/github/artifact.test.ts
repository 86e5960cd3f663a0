/**
 * The SARIF and the JSON report as a workflow artifact, through the real @actions/artifact and a
 * stand-in of the results service's artifact API (__fixtures__/artifact-server.ts): what is
 * uploaded, under which name, the link it gives, and what happens when no upload can be made.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArtifactServer } from '../../__fixtures__/artifact-server.js'
import { artifactName, uploadReportArtifact } from '../../src/github/artifact.js'

const server = new ArtifactServer()
let dir: string
const lines: string[] = []
const logger = {
  debug: () => undefined,
  info: (m: string) => void lines.push(`info: ${m}`),
  warning: (m: string) => void lines.push(`warning: ${m}`)
}
// The library reads its service from the process environment (lib/internal/shared/config.js).
const saved = { ...process.env }

beforeAll(async () => {
  await server.start()
  dir = mkdtempSync(join(tmpdir(), 'cg-artifact-'))
  writeFileSync(join(dir, 'container-gate.sarif'), '{"version":"2.1.0","runs":[]}')
  writeFileSync(join(dir, 'container-gate-report.json'), '{"verdict":{"outcome":"fail"}}')
  writeFileSync(join(dir, '01-trivy-image.json'), '{"not":"uploaded"}')
})

afterAll(async () => {
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

afterEach(() => {
  lines.length = 0
  server.failCreate = false
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
  Object.assign(process.env, saved)
})

const runner = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '4242',
  GITHUB_JOB: 'gate'
}
const files = () => [join(dir, 'container-gate.sarif'), join(dir, 'container-gate-report.json')]

describe('uploadReportArtifact', () => {
  it('uploads the SARIF and the JSON report, zipped, and links the artifact in the run', async () => {
    Object.assign(process.env, runner, server.env())
    const outcome = await uploadReportArtifact({ enabled: true, files: files(), rootDirectory: dir, logger })
    expect(outcome).toEqual({
      name: 'container-gate-gate',
      url: 'https://github.com/acme/app/actions/runs/4242/artifacts/1'
    })
    const stored = server.files('container-gate-gate')
    expect([...stored.keys()].sort()).toEqual(['container-gate-report.json', 'container-gate.sarif'])
    expect(JSON.parse(stored.get('container-gate.sarif')!)).toEqual({ version: '2.1.0', runs: [] })
    expect(lines.join('\n')).toContain(
      'Artifact: uploaded container-gate-gate (container-gate.sarif, container-gate-report.json'
    )
  })

  it('names each matrix leg apart, so two legs of one run never collide', async () => {
    Object.assign(process.env, runner, server.env())
    const leg = (node: number) =>
      uploadReportArtifact({
        enabled: true,
        files: files(),
        rootDirectory: dir,
        matrix: JSON.stringify({ node, os: 'ubuntu' }),
        logger
      })
    const [a, b] = [await leg(20), await leg(24)]
    expect([a.name, b.name]).toEqual([
      'container-gate-gate-node=20,os=ubuntu',
      'container-gate-gate-node=24,os=ubuntu'
    ])
    expect(a.url).not.toEqual(b.url)
  })

  it('warns and carries on when the service refuses (the verdict is never touched)', async () => {
    Object.assign(process.env, runner, server.env())
    const outcome = await uploadReportArtifact({
      enabled: true,
      files: files(),
      rootDirectory: dir,
      logger,
      commentKey: 'dup'
    })
    expect(outcome.url).toBeDefined()
    // The same name again: the service answers 409 already_exists.
    const again = await uploadReportArtifact({
      enabled: true,
      files: files(),
      rootDirectory: dir,
      logger,
      commentKey: 'dup'
    })
    expect(again.url).toBeUndefined()
    expect(again.skipped).toMatch(/^the upload of container-gate-dup failed: .*already exists/)
    expect(lines.filter(l => l.startsWith('warning:'))).toHaveLength(1)
  })

  it.each([
    [
      'upload-artifact is false',
      false,
      { ...runner, ...server.env() },
      "the input 'upload-artifact' is false"
    ],
    ['there is no runtime token (not on a runner)', true, runner, 'this run has no artifact service'],
    [
      'the server is GitHub Enterprise Server',
      true,
      { ...runner, ...server.env(), GITHUB_SERVER_URL: 'https://ghes.example.com' },
      'GitHub Enterprise Server has no artifact service'
    ]
  ])('uploads nothing when %s, and says why', async (_, enabled, env, why) => {
    const before = server.requests.length
    const outcome = await uploadReportArtifact({
      enabled,
      files: files(),
      rootDirectory: dir,
      logger,
      env,
      client: () => Promise.reject(new Error('the library must not even be loaded'))
    })
    expect(outcome.url).toBeUndefined()
    expect(outcome.skipped).toContain(why)
    expect(lines).toEqual([`info: Artifact: not uploaded, ${outcome.skipped}.`])
    expect(server.requests.length).toBe(before)
  })
})

describe('artifactName', () => {
  it('keeps only what an artifact name may contain', () => {
    expect(artifactName({ job: 'gate', commentKey: 'team/a:b' })).toBe('container-gate-team-a-b')
    expect(artifactName({ job: '' })).toBe('container-gate-default')
  })
})
