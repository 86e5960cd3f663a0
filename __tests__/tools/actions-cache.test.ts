/**
 * The real @actions/cache (tar, chunked upload, commit, lookup, download) against a stand-in for the
 * cache service on 127.0.0.1, through the action's own save and restore: "saved" must mean the
 * library stored the entry. The same cases run on MemoryCache, the fake the other unit tests use,
 * so the fake cannot drift from the library.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { CacheServer } from '../../__fixtures__/cache-server.js'
import * as core from '../../__fixtures__/core.js'
import { MemoryCache } from '../../__fixtures__/memory-cache.js'

// The library logs through @actions/core: record what it says instead of printing it.
jest.unstable_mockModule('@actions/core', () => core)
const { actionsCache, restoreTrivyDb, saveTrivyDb } = await import('../../src/tools/trivy-db/cache.js')
type DbCacheApi = typeof actionsCache

const server = new CacheServer()
const savedEnv = { ...process.env }
let work: string
let logs: string[]
const logger = {
  info: (m: string) => logs.push(`info: ${m}`),
  warning: (m: string) => logs.push(`warning: ${m}`),
  debug: () => undefined
}

beforeAll(async () => {
  await server.start()
})
afterAll(async () => {
  await server.stop()
})
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cg-actions-cache-'))
  logs = []
  for (const name of [
    'ACTIONS_CACHE_URL',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_SERVICE_V2',
    'ACTIONS_CACHE_MODE'
  ])
    delete process.env[name]
  Object.assign(process.env, server.env(), {
    RUNNER_TEMP: join(work, 'runner-temp'),
    GITHUB_SERVER_URL: 'https://github.com'
  })
  mkdirSync(join(work, 'runner-temp'))
  server.refuseReservations = false
})
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name]
  Object.assign(process.env, savedEnv)
  rmSync(work, { recursive: true, force: true })
  jest.clearAllMocks()
})

function trivyWritesDb(cacheDir: string, downloadedAt: string): void {
  mkdirSync(join(cacheDir, 'db'), { recursive: true })
  writeFileSync(join(cacheDir, 'db', 'trivy.db'), `bolt ${downloadedAt}`)
  writeFileSync(
    join(cacheDir, 'db', 'metadata.json'),
    JSON.stringify({ Version: 2, UpdatedAt: '2026-03-21T00:00:00Z', DownloadedAt: downloadedAt })
  )
}

let unique = 0
/** A key of its own per case: the stand-in keeps entries across cases. */
const today = () => new Date(Date.UTC(2030, 0, 1 + ++unique))

/**
 * Save; then another job of the same day saves the same key (same paths: every job's Trivy cache
 * dir is RUNNER_TEMP/container-gate-trivy-cache, and the service keys entries by key and paths);
 * then the service refuses. The outcome of each, per cache.
 */
async function contract(cache: DbCacheApi, label: string): Promise<Record<string, unknown>> {
  const now = today()
  const dir = join(work, label)
  const state = await restoreTrivyDb(
    { cacheDir: dir, enabled: true, now, platform: 'linux' },
    { cache, logger }
  )
  trivyWritesDb(dir, 'first job')
  const stored = await saveTrivyDb(state, { cache, logger })

  trivyWritesDb(dir, 'second job')
  const taken = await saveTrivyDb(state, { cache, logger })

  if (cache instanceof MemoryCache) cache.refusing = true
  else server.refuseReservations = true
  const refused = await saveTrivyDb({ ...state, key: `${state.key}-refused` }, { cache, logger })
  return { stored: stored.saved, taken: taken.saved, refused: refused.saved }
}

describe('@actions/cache as the action uses it', () => {
  it('the real library and MemoryCache agree: saved once, not when the key is taken or the service refuses', async () => {
    const real = await contract(actionsCache, 'real')
    const fake = await contract(new MemoryCache(join(work, 'store')), 'fake')
    expect(real).toEqual({ stored: true, taken: false, refused: false })
    expect(fake).toEqual(real)
    // The library did not throw: it logged and returned -1, which the action read.
    const libraryInfo = core.info.mock.calls.map(([m]) => m)
    expect(libraryInfo.some(m => /^Failed to save: Unable to reserve cache with key/.test(m))).toBe(true)
    expect(core.warning.mock.calls.map(([m]) => m)).toContain(
      'Failed to save: Cache storage quota exceeded for this repository.'
    )
    expect(logs.filter(l => l.startsWith('info: Trivy DB cache: saved'))).toHaveLength(2) // real + fake, once each
  })

  it('returns -1 without a request when the runner’s cache-mode forbids writes', async () => {
    process.env.ACTIONS_CACHE_MODE = 'read'
    const dir = join(work, 'c')
    const state = await restoreTrivyDb(
      { cacheDir: dir, enabled: true, now: today() },
      { cache: actionsCache, logger }
    )
    trivyWritesDb(dir, 'x')
    const before = server.requests.length
    expect((await saveTrivyDb(state, { cache: actionsCache, logger })).saved).toBe(false)
    expect(server.requests.slice(before).filter(r => r.startsWith('POST'))).toEqual([])
  })

  it('restores what it saved, by prefix, the next day', async () => {
    const now = today()
    const dir = join(work, 'container-gate-trivy-cache')
    const s1 = await restoreTrivyDb(
      { cacheDir: dir, enabled: true, now, platform: 'linux' },
      { cache: actionsCache, logger }
    )
    trivyWritesDb(dir, 'run1')
    expect((await saveTrivyDb(s1, { cache: actionsCache, logger })).saved).toBe(true)
    expect(server.committed()).toContain(s1.key)

    rmSync(dir, { recursive: true }) // the next job starts on a fresh runner
    const next = new Date(now.getTime() + 86_400_000)
    const s2 = await restoreTrivyDb(
      { cacheDir: dir, enabled: true, now: next, platform: 'linux' },
      { cache: actionsCache, logger }
    )
    expect(s2).toMatchObject({ restoredKey: s1.key, restoredDownloadedAt: 'run1' })
    expect(existsSync(join(dir, 'db', 'trivy.db'))).toBe(true)
    expect(readFileSync(join(dir, 'db', 'trivy.db'), 'utf8')).toBe('bolt run1')
  })
})
