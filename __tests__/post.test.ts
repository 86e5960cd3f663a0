/**
 * The post step as the runner runs it: main restores Trivy's DB and saves its state at once; the
 * post step (after the job's steps, also after a failure, a cancellation or a timeout) reads that
 * state and saves the DB, through the real @actions/cache and a cache service stand-in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { CacheServer } from '../__fixtures__/cache-server.js'
import * as core from '../__fixtures__/core.js'

jest.unstable_mockModule('../src/workflow-commands.js', () => core)
const { post } = await import('../src/post.js')
const { TRIVY_DB_STATE, restoreDb } = await import('../src/tools/trivy-db/handoff.js')
const { parseToolInputs } = await import('../src/inputs/tools.js')

const server = new CacheServer()
const savedEnv = { ...process.env }
let work: string

beforeAll(() => server.start())
afterAll(() => server.stop())
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cg-post-'))
  mkdirSync(join(work, 'runner-temp'))
  Object.assign(process.env, server.env(), { RUNNER_TEMP: join(work, 'runner-temp') })
  core.state.clear()
})
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name]
  rmSync(work, { recursive: true, force: true })
  jest.clearAllMocks()
})

const infos = () => core.info.mock.calls.map(([m]) => m)
const warnings = () => core.warning.mock.calls.map(([m]) => m)

describe('post step', () => {
  it('saves the DB main restored and Trivy downloaded, from the state main left', async () => {
    const cacheDir = join(work, 'runner-temp', 'container-gate-trivy-cache')
    const now = new Date('2031-05-01T08:00:00Z')
    await restoreDb(cacheDir, parseToolInputs({}).settings, now)
    expect(core.saveState).toHaveBeenCalledWith(TRIVY_DB_STATE, expect.any(String))
    // Trivy then downloads its DB; the step is cancelled before it ends. The post step runs.
    mkdirSync(join(cacheDir, 'db'), { recursive: true })
    writeFileSync(join(cacheDir, 'db', 'trivy.db'), 'bolt')
    writeFileSync(
      join(cacheDir, 'db', 'metadata.json'),
      JSON.stringify({ Version: 2, DownloadedAt: '2031-05-01T08:00:03Z' })
    )
    await post()
    expect(server.committed()).toContain(`container-gate-trivy-db-${process.platform}-2031-05-01`)
    expect(infos()).toContain(`Trivy DB cache: saved container-gate-trivy-db-${process.platform}-2031-05-01.`)
    expect(warnings()).toEqual([])
  })

  it('does nothing when main scanned no image', async () => {
    await post()
    expect(infos()).toEqual([])
    expect(warnings()).toEqual([])
  })

  it('warns, and never throws, on a state it cannot read', async () => {
    core.state.set(TRIVY_DB_STATE, '{"enabled":"yes"}')
    await expect(post()).resolves.toBeUndefined()
    expect(warnings()).toEqual([
      'Trivy DB cache: not saved, the state main left for this post step is unreadable.'
    ])
  })
})
