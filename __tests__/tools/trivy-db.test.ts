import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { MemoryCache } from '../../__fixtures__/memory-cache.js'
import { ToolError } from '../../src/errors.js'
import { DEFAULT_TRIVY_DB_REPOSITORIES, DEFAULT_TRIVY_JAVA_DB_REPOSITORIES } from '../../src/inputs/tools.js'
import { restoreTrivyDb, saveTrivyDb, trivyDbCacheKey } from '../../src/tools/trivy-db/cache.js'
import { hasCachedTrivyDb, parseTrivyDbMetadata, trivyDbCachePaths } from '../../src/tools/trivy-db/files.js'
import { parseTrivyDbCacheState } from '../../src/tools/trivy-db/handoff.js'
import {
  classifyRegistryError,
  explainTrivyDbFailure,
  trivyDbArgs
} from '../../src/tools/trivy-db/repositories.js'

const stderrFixture = (name: string): string =>
  readFileSync(resolve(process.cwd(), '__fixtures__/tools/trivy-db-errors', name), 'utf8')
const configured = { db: DEFAULT_TRIVY_DB_REPOSITORIES, javaDb: DEFAULT_TRIVY_JAVA_DB_REPOSITORIES }

describe('repositories', () => {
  it('passes each repository as its own flag, in order', () => {
    expect(
      trivyDbArgs(
        ['registry.example.com/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'],
        ['r.example/java-db:1']
      )
    ).toEqual([
      '--db-repository',
      'registry.example.com/trivy-db:2',
      '--db-repository',
      'ghcr.io/aquasecurity/trivy-db:2',
      '--java-db-repository',
      'r.example/java-db:1'
    ])
  })
})

describe('cache key', () => {
  it('is per OS and UTC day, restored by prefix', () => {
    expect(trivyDbCacheKey(new Date('2026-03-21T23:59:59Z'), 'linux')).toEqual({
      key: 'container-gate-trivy-db-linux-2026-03-21',
      restorePrefix: 'container-gate-trivy-db-linux-'
    })
    expect(trivyDbCacheKey(new Date('2026-03-22T00:00:00Z'), 'darwin').key).toBe(
      'container-gate-trivy-db-macos-2026-03-22'
    )
    expect(trivyDbCacheKey(new Date('2026-03-22T00:00:00Z'), 'win32').key).toBe(
      'container-gate-trivy-db-windows-2026-03-22'
    )
  })
})

describe('DB cache between runs', () => {
  let work: string
  let logs: string[]
  const logger = {
    info: (m: string) => logs.push(`info: ${m}`),
    warning: (m: string) => logs.push(`warning: ${m}`),
    debug: () => undefined
  }
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'cg-trivydb-'))
    logs = []
  })
  afterEach(() => rmSync(work, { recursive: true, force: true }))

  /** What Trivy leaves after a complete download: the DB, and metadata with DownloadedAt (written
   * last, pkg/db/db.go updateDownloadedAt). */
  function trivyWritesDb(
    cacheDir: string,
    updatedAt: string,
    downloadedAt = `${updatedAt}+downloaded`
  ): void {
    mkdirSync(join(cacheDir, 'db'), { recursive: true })
    writeFileSync(join(cacheDir, 'db', 'trivy.db'), `db ${updatedAt}`)
    writeFileSync(
      join(cacheDir, 'db', 'metadata.json'),
      JSON.stringify({ Version: 2, UpdatedAt: updatedAt, DownloadedAt: downloadedAt })
    )
  }

  it('saves after the first run, restores by prefix the next day, skips an exact hit', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    const day1 = new Date('2026-03-21T10:00:00Z')
    const run1 = join(work, 'run1')
    const s1 = await restoreTrivyDb(
      { cacheDir: run1, enabled: true, now: day1, platform: 'linux' },
      { cache, logger }
    )
    expect(s1.restoredKey).toBeUndefined()
    trivyWritesDb(run1, '2026-03-21T06:00:00Z')
    expect(await saveTrivyDb(s1, { cache, logger })).toEqual({
      saved: true,
      reason: 'saved container-gate-trivy-db-linux-2026-03-21'
    })

    // Same day, another run: exact hit, nothing to save.
    const run2 = join(work, 'run2')
    const s2 = await restoreTrivyDb(
      { cacheDir: run2, enabled: true, now: day1, platform: 'linux' },
      { cache, logger }
    )
    expect(s2.restoredKey).toBe('container-gate-trivy-db-linux-2026-03-21')
    expect(hasCachedTrivyDb(run2)).toBe(true)
    expect((await saveTrivyDb(s2, { cache, logger })).saved).toBe(false)

    // Next day: yesterday's DB comes back by prefix, and today's is saved under today's key.
    const run3 = join(work, 'run3')
    const day2 = new Date('2026-03-22T01:00:00Z')
    const s3 = await restoreTrivyDb(
      { cacheDir: run3, enabled: true, now: day2, platform: 'linux' },
      { cache, logger }
    )
    expect(s3.restoredKey).toBe('container-gate-trivy-db-linux-2026-03-21')
    expect(parseTrivyDbMetadata(readFileSync(join(run3, 'db', 'metadata.json'), 'utf8')).updatedAt).toBe(
      '2026-03-21T06:00:00Z'
    )
    trivyWritesDb(run3, '2026-03-22T00:00:00Z')
    expect((await saveTrivyDb(s3, { cache, logger })).saved).toBe(true)
    expect(cache.saves).toEqual([
      'container-gate-trivy-db-linux-2026-03-21',
      'container-gate-trivy-db-linux-2026-03-22'
    ])
  })

  it('does nothing when cache-db is false', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    const state = await restoreTrivyDb(
      { cacheDir: join(work, 'c'), enabled: false, now: new Date() },
      { cache, logger }
    )
    trivyWritesDb(join(work, 'c'), 'x')
    expect(await saveTrivyDb(state, { cache, logger })).toEqual({ saved: false, reason: 'cache-db is false' })
    expect(cache.saves).toEqual([])
  })

  it('does not save a DB Trivy failed to download', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    const state = await restoreTrivyDb(
      { cacheDir: join(work, 'c'), enabled: true, now: new Date() },
      { cache, logger }
    )
    mkdirSync(join(work, 'c', 'db'), { recursive: true }) // Trivy created the dir, then the download failed
    expect(await saveTrivyDb(state, { cache, logger })).toEqual({
      saved: false,
      reason: 'Trivy has no complete DB in its cache dir'
    })
  })

  it('says "saved" only when the library stored the entry: a key another job saved first is not', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    const now = new Date('2026-03-21T10:00:00Z')
    const dir = join(work, 'c')
    const state = await restoreTrivyDb({ cacheDir: dir, enabled: true, now }, { cache, logger })
    trivyWritesDb(dir, 'x')
    await cache.saveCache(state.paths, state.key) // the other job
    const outcome = await saveTrivyDb(state, { cache, logger })
    expect(outcome).toEqual({
      saved: false,
      reason: `the Actions cache did not store ${state.key} (its reason is logged above)`
    })
    expect(cache.libraryLog).toEqual([
      `info: Failed to save: Unable to reserve cache with key ${state.key}, another job may be creating this cache.`
    ])
    expect(logs.filter(line => line.includes('saved container-gate'))).toEqual([])
  })

  it('a service that refuses the save is not "saved" either', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    cache.refusing = true
    const dir = join(work, 'c')
    const state = await restoreTrivyDb({ cacheDir: dir, enabled: true, now: new Date() }, { cache, logger })
    trivyWritesDb(dir, 'x')
    expect((await saveTrivyDb(state, { cache, logger })).saved).toBe(false)
    expect(cache.saves).toEqual([])
    expect(logs).toContain(
      `info: Trivy DB cache: not saved, the Actions cache did not store ${state.key} (its reason is logged above).`
    )
  })

  it('never throws from save: what the library throws becomes a warning', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    const dir = join(work, 'c')
    const state = await restoreTrivyDb({ cacheDir: dir, enabled: true, now: new Date() }, { cache, logger })
    trivyWritesDb(dir, 'x')
    const keyWithComma = { ...state, key: 'container-gate,bad' }
    cache.saveCache = async (_paths, key) => {
      const error = new Error(`Key Validation Error: ${key} cannot contain commas.`)
      error.name = 'ValidationError'
      throw error
    }
    expect(await saveTrivyDb(keyWithComma, { cache, logger })).toEqual({
      saved: false,
      reason: 'Key Validation Error: container-gate,bad cannot contain commas.'
    })
    expect(logs).toContain(
      'warning: Trivy DB cache: save failed (Key Validation Error: container-gate,bad cannot contain commas.).'
    )
  })

  it('saves only a DB this run downloaded in full', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    const day1 = new Date('2026-03-21T10:00:00Z')
    const run1 = join(work, 'run1')
    const s1 = await restoreTrivyDb({ cacheDir: run1, enabled: true, now: day1 }, { cache, logger })
    trivyWritesDb(run1, '2026-03-21T06:00:00Z', '2026-03-21T10:00:05Z')
    expect((await saveTrivyDb(s1, { cache, logger })).saved).toBe(true)

    // Next day, the job is cancelled while Trivy replaces the DB: the metadata it rewrites last
    // still has no DownloadedAt.
    const run2 = join(work, 'run2')
    const day2 = new Date('2026-03-22T10:00:00Z')
    const s2 = await restoreTrivyDb({ cacheDir: run2, enabled: true, now: day2 }, { cache, logger })
    expect(s2.restoredDownloadedAt).toBe('2026-03-21T10:00:05Z')
    writeFileSync(join(run2, 'db', 'metadata.json'), JSON.stringify({ Version: 2, UpdatedAt: 'x' }))
    expect(await saveTrivyDb(s2, { cache, logger })).toEqual({
      saved: false,
      reason: 'Trivy did not finish downloading its DB'
    })

    // Or Trivy found yesterday's DB fresh enough and did not download: nothing new to keep.
    const run3 = join(work, 'run3')
    const s3 = await restoreTrivyDb({ cacheDir: run3, enabled: true, now: day2 }, { cache, logger })
    expect(await saveTrivyDb(s3, { cache, logger })).toEqual({
      saved: false,
      reason: 'the DB is still the one restored from container-gate-trivy-db-linux-2026-03-21'
    })
    expect(cache.saves).toEqual(['container-gate-trivy-db-linux-2026-03-21'])
  })

  it('hands its state to the post step intact, and refuses a state it cannot trust', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    trivyWritesDb(join(work, 'seed'), 'x', 'd1')
    await cache.saveCache(trivyDbCachePaths(join(work, 'seed')), 'container-gate-trivy-db-linux-2026-03-20')
    const state = await restoreTrivyDb(
      { cacheDir: join(work, 'c'), enabled: true, now: new Date('2026-03-21T00:00:00Z'), platform: 'linux' },
      { cache, logger }
    )
    expect(parseTrivyDbCacheState(JSON.stringify(state))).toEqual(state)
    expect(state.restoredDownloadedAt).toBe('d1')
    for (const bad of ['', 'null', '[]', '{"enabled":true}', JSON.stringify({ ...state, paths: [1] })])
      expect(parseTrivyDbCacheState(bad)).toBeUndefined()
  })

  it('a failing restore is a warning, not an error', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    cache.restoreCache = async () => {
      throw new Error('Path Validation Error')
    }
    const state = await restoreTrivyDb(
      { cacheDir: join(work, 'c'), enabled: true, now: new Date() },
      { cache, logger }
    )
    expect(state.restoredKey).toBeUndefined()
    expect(logs.some(line => line.startsWith('warning: Trivy DB cache: restore failed'))).toBe(true)
  })

  it('skips when the cache service is not available (e.g. GHES without Actions cache)', async () => {
    const cache = new MemoryCache(join(work, 'store'))
    cache.available = false
    const state = await restoreTrivyDb(
      { cacheDir: join(work, 'c'), enabled: true, now: new Date() },
      { cache, logger }
    )
    trivyWritesDb(join(work, 'c'), 'x')
    expect((await saveTrivyDb(state, { cache, logger })).saved).toBe(false)
  })
})

describe('explainTrivyDbFailure', () => {
  it('names each repository tried and why it failed (real trivy 0.74.0 output)', () => {
    const error = explainTrivyDbFailure(
      stderrFixture('trivy-0.74.0-ratelimited-then-missing.stderr'),
      configured
    )
    expect(error).toBeInstanceOf(ToolError)
    expect(error!.message).toContain(
      'Repositories tried, in order: 127.0.0.1:5077/ratelimited/trivy-db:2 (rate limited (TOOMANYREQUESTS)), ' +
        '127.0.0.1:5077/missing/trivy-db:2 (not found).'
    )
    expect(error!.message).toContain('oras cp ghcr.io/aquasecurity/trivy-db:2 <your-registry>/trivy-db:2')
    expect(error!.message).toContain('crane copy ghcr.io/aquasecurity/trivy-db:2 <your-registry>/trivy-db:2')
    expect(error!.message).toContain("set the input trivy-db-repository to '<your-registry>/trivy-db:2'")
  })

  it('reads a single unreachable repository from the fatal line', () => {
    const error = explainTrivyDbFailure(stderrFixture('trivy-0.74.0-unreachable.stderr'), configured)
    expect(error!.message).toContain(
      'Repositories tried, in order: 127.0.0.1:1/aquasec/trivy-db:2 (unreachable).'
    )
  })

  it('reads the "from any source" form of Trivy 0.56+', () => {
    const error = explainTrivyDbFailure(stderrFixture('ghcr-toomanyrequests-any-source.stderr'), configured)
    expect(error!.message).toContain(
      'Repositories tried, in order: ghcr.io/aquasecurity/trivy-db:2 (rate limited (TOOMANYREQUESTS)).'
    )
  })

  it('falls back to the configured list for older output without repository fields', () => {
    const error = explainTrivyDbFailure(stderrFixture('ghcr-toomanyrequests-old.stderr'), {
      db: ['ghcr.io/aquasecurity/trivy-db:2'],
      javaDb: []
    })
    expect(error!.message).toContain('ghcr.io/aquasecurity/trivy-db:2 (rate limited (TOOMANYREQUESTS))')
  })

  it('explains a Java DB failure with the Java input', () => {
    const stderr = [
      '2026-03-21T10:00:00Z\tERROR\t[javadb] Failed to download artifact\trepo="mirror.gcr.io/aquasec/trivy-java-db:1" err="OCI repository error: 1 error occurred:\\n\\t* GET https://mirror.gcr.io/v2/aquasec/trivy-java-db/manifests/1: TOOMANYREQUESTS: rate exceeded\\n\\n"',
      '2026-03-21T10:00:01Z\tFATAL\tFatal error\trun error: Java DB update error: failed to download Java DB: failed to download artifact from ghcr.io/aquasecurity/trivy-java-db:1: OCI repository error: 1 error occurred:',
      '\t* GET https://ghcr.io/v2/aquasecurity/trivy-java-db/manifests/1: DENIED: denied',
      ''
    ].join('\n')
    const message = explainTrivyDbFailure(stderr, configured)!.message
    expect(message).toContain('Java index database')
    expect(message).toContain(
      'mirror.gcr.io/aquasec/trivy-java-db:1 (rate limited (TOOMANYREQUESTS)), ghcr.io/aquasecurity/trivy-java-db:1 (access denied)'
    )
    expect(message).toContain('trivy-java-db-repository')
  })

  it('returns undefined for failures that are not about the DB', () => {
    expect(
      explainTrivyDbFailure(
        'FATAL\tFatal error\timage scan error: unable to find the specified image',
        configured
      )
    ).toBeUndefined()
    expect(explainTrivyDbFailure('', configured)).toBeUndefined()
  })

  it('classifies registry errors', () => {
    expect(classifyRegistryError('UNAUTHORIZED: authentication required')).toBe('access denied')
    expect(classifyRegistryError('dial tcp: lookup x on y: no such host')).toBe('unreachable')
    expect(classifyRegistryError('something else entirely')).toBe('something else entirely')
  })
})

describe('DB metadata', () => {
  it('reads Trivy’s metadata.json and tolerates junk', () => {
    expect(
      parseTrivyDbMetadata(
        '{"Version":2,"NextUpdate":"2026-03-22T06:00:00Z","UpdatedAt":"2026-03-21T06:00:00Z","DownloadedAt":"2026-03-21T08:00:00Z"}'
      )
    ).toEqual({
      version: 2,
      nextUpdate: '2026-03-22T06:00:00Z',
      updatedAt: '2026-03-21T06:00:00Z',
      downloadedAt: '2026-03-21T08:00:00Z'
    })
    expect(parseTrivyDbMetadata('not json')).toEqual({})
    expect(parseTrivyDbMetadata('[1]')).toEqual({})
  })
})
