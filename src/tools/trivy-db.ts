/**
 * Trivy's vulnerability database between workflow runs, and where Trivy fetches it from.
 *
 * Caching: the DB directories under Trivy's cache dir are saved with @actions/cache under a key per
 * OS and UTC day, and restored by prefix, so the first run of a day starts from yesterday's DB and
 * most runs never touch ghcr.io (whose TOOMANYREQUESTS limits break CI). The save runs in the
 * action's post step (src/post.ts, action.yml `runs.post`), which the runner runs after the job's
 * steps even when the gate failed, the job was cancelled or the step timed out.
 *
 * Repositories: one `--db-repository` / `--java-db-repository` flag per repository the inputs list
 * (src/inputs/tools.ts), in the order Trivy tries them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as cache from '@actions/cache'
import { ToolError, messageOf } from '../errors.js'
import type { ToolLogger } from './deps.js'

/** Flags that make Trivy use the DB it has instead of fetching one (for a retry on a cached DB). */
export const TRIVY_OFFLINE_DB_ARGS: readonly string[] = ['--skip-db-update', '--skip-java-db-update']

/** Trivy's flags for the DB repositories, one flag per repository, in priority order. */
export function trivyDbArgs(
  repositories: readonly string[],
  javaRepositories: readonly string[] = []
): string[] {
  const args: string[] = []
  for (const repository of repositories) args.push('--db-repository', repository)
  for (const repository of javaRepositories) args.push('--java-db-repository', repository)
  return args
}

/** Directories of Trivy's cache dir that hold the databases (not the scan cache). */
export function trivyDbCachePaths(cacheDir: string): string[] {
  return [join(cacheDir, 'db'), join(cacheDir, 'java-db')]
}

/** Whether a usable vulnerability DB is present (what --skip-db-update needs). */
export function hasCachedTrivyDb(cacheDir: string): boolean {
  return existsSync(join(cacheDir, 'db', 'trivy.db')) && existsSync(join(cacheDir, 'db', 'metadata.json'))
}

export interface TrivyDbMetadata {
  version?: number
  updatedAt?: string
  nextUpdate?: string
  downloadedAt?: string
}

/** Reads Trivy's `db/metadata.json` (for messages such as "DB updated at ..."); tolerant of junk. */
export function parseTrivyDbMetadata(text: string): TrivyDbMetadata {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof value !== 'object' || value === null) return {}
  const record = value as Record<string, unknown>
  const str = (key: string): string | undefined => (typeof record[key] === 'string' ? record[key] : undefined)
  return {
    ...(typeof record.Version === 'number' ? { version: record.Version } : {}),
    ...(str('UpdatedAt') ? { updatedAt: str('UpdatedAt') } : {}),
    ...(str('NextUpdate') ? { nextUpdate: str('NextUpdate') } : {}),
    ...(str('DownloadedAt') ? { downloadedAt: str('DownloadedAt') } : {})
  }
}

function cacheOs(platform: string): string {
  if (platform === 'darwin') return 'macos'
  if (platform === 'win32') return 'windows'
  return platform
}

/** The cache key for `now` and the prefix that restores the most recent earlier one. */
export function trivyDbCacheKey(
  now: Date,
  platform: string = process.platform
): { key: string; restorePrefix: string } {
  const restorePrefix = `container-gate-trivy-db-${cacheOs(platform)}-`
  return { key: `${restorePrefix}${now.toISOString().slice(0, 10)}`, restorePrefix }
}

/**
 * The subset of @actions/cache used here, with its contract as the library (6.x, lib/cache.js)
 * really behaves: `saveCache` resolves to the cache ID when it stored the entry and to -1 when it
 * did not — another job reserved the key, the server failed, the upload or finalize failed, or the
 * runner's cache-mode forbids writes — after logging why itself. It throws only for a bad key or
 * paths (ValidationError) and when none of the paths exist. `restoreCache` resolves to the key it
 * restored, or undefined.
 */
export interface DbCacheApi {
  isFeatureAvailable: () => boolean
  restoreCache: (paths: string[], key: string, restoreKeys: string[]) => Promise<string | undefined>
  saveCache: (paths: string[], key: string) => Promise<number>
}

export const actionsCache: DbCacheApi = {
  isFeatureAvailable: () => cache.isFeatureAvailable(),
  restoreCache: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
  saveCache: (paths, key) => cache.saveCache(paths, key)
}

/** What restore found; pass it back to saveTrivyDb. */
export interface TrivyDbCacheState {
  enabled: boolean
  cacheDir: string
  key: string
  paths: string[]
  /** The key restored (exact or by prefix), if any. */
  restoredKey?: string
  /** `DownloadedAt` of the restored DB: Trivy rewrites it only after a complete download, so the
   * post step saves only a DB this run downloaded in full. */
  restoredDownloadedAt?: string
}

/** The DB's `DownloadedAt`, or undefined when there is no complete DB. */
function downloadedAt(cacheDir: string): string | undefined {
  if (!hasCachedTrivyDb(cacheDir)) return undefined
  try {
    return parseTrivyDbMetadata(readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8')).downloadedAt
  } catch {
    return undefined
  }
}

/**
 * The state the post step gets back (core.saveState → STATE_*), checked field by field: it is
 * parsed in another process, and anything unexpected means "nothing to save".
 */
export function parseTrivyDbCacheState(text: string): TrivyDbCacheState | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const optional = (name: string) => v[name] === undefined || typeof v[name] === 'string'
  if (typeof v.enabled !== 'boolean' || typeof v.cacheDir !== 'string' || typeof v.key !== 'string')
    return undefined
  if (!Array.isArray(v.paths) || !v.paths.every(p => typeof p === 'string')) return undefined
  if (!optional('restoredKey') || !optional('restoredDownloadedAt')) return undefined
  return {
    enabled: v.enabled,
    cacheDir: v.cacheDir,
    key: v.key,
    paths: v.paths as string[],
    ...(typeof v.restoredKey === 'string' ? { restoredKey: v.restoredKey } : {}),
    ...(typeof v.restoredDownloadedAt === 'string' ? { restoredDownloadedAt: v.restoredDownloadedAt } : {})
  }
}

export interface TrivyDbCacheOptions {
  /** Trivy's --cache-dir. */
  cacheDir: string
  /** The `cache-db` input. */
  enabled: boolean
  now: Date
  platform?: string
}

export async function restoreTrivyDb(
  options: TrivyDbCacheOptions,
  deps: { cache: DbCacheApi; logger: ToolLogger }
): Promise<TrivyDbCacheState> {
  const { key, restorePrefix } = trivyDbCacheKey(options.now, options.platform)
  const state: TrivyDbCacheState = {
    enabled: options.enabled,
    cacheDir: options.cacheDir,
    key,
    paths: trivyDbCachePaths(options.cacheDir)
  }
  if (!options.enabled) return state
  if (!deps.cache.isFeatureAvailable()) {
    deps.logger.info(
      'Trivy DB cache: the Actions cache service is not available here; Trivy will download its DB.'
    )
    return state
  }
  try {
    const restored = await deps.cache.restoreCache(state.paths, key, [restorePrefix])
    if (restored) {
      state.restoredKey = restored
      const at = downloadedAt(options.cacheDir)
      if (at !== undefined) state.restoredDownloadedAt = at
      deps.logger.info(
        `Trivy DB cache: restored ${restored}${restored === key ? '' : ` (Trivy refreshes it if stale)`}.`
      )
    } else {
      deps.logger.info(`Trivy DB cache: nothing cached under ${restorePrefix}*; Trivy will download its DB.`)
    }
  } catch (error) {
    // A broken cache must never fail the gate: Trivy can still download.
    deps.logger.warning(`Trivy DB cache: restore failed (${messageOf(error)}); Trivy will download its DB.`)
  }
  return state
}

export interface SaveOutcome {
  saved: boolean
  reason: string
}

/**
 * Saves the DB for later runs. Never throws: it runs in the post step and must not turn a job's
 * outcome. "saved" is said only when @actions/cache says it stored the entry (an ID, not -1).
 */
export async function saveTrivyDb(
  state: TrivyDbCacheState,
  deps: { cache: DbCacheApi; logger: ToolLogger }
): Promise<SaveOutcome> {
  const skip = (reason: string): SaveOutcome => {
    deps.logger.info(`Trivy DB cache: not saved, ${reason}.`)
    return { saved: false, reason }
  }
  if (!state.enabled) return skip('cache-db is false')
  if (state.restoredKey === state.key) return skip(`${state.key} was restored unchanged`)
  if (!hasCachedTrivyDb(state.cacheDir)) return skip('Trivy has no complete DB in its cache dir')
  const at = downloadedAt(state.cacheDir)
  if (at === undefined) return skip('Trivy did not finish downloading its DB')
  if (at === state.restoredDownloadedAt)
    return skip(`the DB is still the one restored from ${state.restoredKey ?? 'the cache'}`)
  try {
    if (!deps.cache.isFeatureAvailable()) return skip('the Actions cache service is not available')
    const id = await deps.cache.saveCache(state.paths, state.key)
    if (!Number.isInteger(id) || id < 0)
      // The library has already logged why (another job saving the same key, a server error...).
      return skip(`the Actions cache did not store ${state.key} (its reason is logged above)`)
    deps.logger.info(`Trivy DB cache: saved ${state.key}.`)
    return { saved: true, reason: `saved ${state.key}` }
  } catch (error) {
    deps.logger.warning(`Trivy DB cache: save failed (${messageOf(error)}).`)
    return { saved: false, reason: messageOf(error) }
  }
}

export type DbKind = 'vulnerability' | 'java'

interface Attempt {
  repository: string
  problem: string
}

const FAILED_ARTIFACT =
  /\[(vulndb|javadb|db)\][^\n]*?Failed to download artifact[^\n]*?repo="([^"]+)"[^\n]*?err="((?:[^"\\]|\\.)*)"/g

const LAST_REPOSITORY = /failed to download artifact from (?!any source)(\S+): ([\s\S]*)$/

/** A short, actionable reading of a registry error. */
export function classifyRegistryError(text: string): string {
  if (/TOOMANYREQUESTS|\b429\b|rate.?limit/i.test(text)) return 'rate limited (TOOMANYREQUESTS)'
  if (/UNAUTHORIZED|DENIED|\b401\b|\b403\b|authentication required/i.test(text)) return 'access denied'
  if (/MANIFEST_UNKNOWN|NAME_UNKNOWN|\b404\b|not found/i.test(text)) return 'not found'
  if (
    /no such host|i\/o timeout|connection refused|connection reset|TLS handshake|dial tcp|\bEOF\b/i.test(text)
  ) {
    return 'unreachable'
  }
  const oneLine = text.replace(/\\n|\\t|\s+/g, ' ').trim()
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine
}

/**
 * Turns Trivy's stderr after a failed DB download into an error that says which repositories were
 * tried, why each failed, and how to stop depending on them. Undefined when stderr shows no DB
 * download failure (the caller then reports Trivy's own error).
 */
export function explainTrivyDbFailure(
  stderr: string,
  configured: { db: readonly string[]; javaDb: readonly string[] }
): ToolError | undefined {
  const attempts: Record<DbKind, Attempt[]> = { vulnerability: [], java: [] }
  for (const match of stderr.matchAll(FAILED_ARTIFACT)) {
    const kind: DbKind = match[1] === 'javadb' ? 'java' : 'vulnerability'
    attempts[kind].push({ repository: match[2]!, problem: classifyRegistryError(match[3]!) })
  }
  const vulnFailed = /failed to download vulnerability DB/i.test(stderr)
  const javaFailed = /Java DB (update|open) (error|failed)|failed to download Java DB/i.test(stderr)
  let kind: DbKind
  if (vulnFailed) kind = 'vulnerability'
  else if (javaFailed) kind = 'java'
  else return undefined
  // The last repository's error is only in the fatal line: "failed to download artifact from <repo>: <error>".
  const last = LAST_REPOSITORY.exec(stderr)
  if (last && !attempts[kind].some(attempt => attempt.repository === last[1])) {
    attempts[kind].push({ repository: last[1]!, problem: classifyRegistryError(last[2]!.slice(0, 600)) })
  }

  const tried =
    attempts[kind].length > 0
      ? attempts[kind]
      : (kind === 'java' ? configured.javaDb : configured.db).map(repository => ({
          repository,
          problem: classifyRegistryError(stderr)
        }))
  const what = kind === 'java' ? 'Java index database' : 'vulnerability database'
  const source = kind === 'java' ? 'ghcr.io/aquasecurity/trivy-java-db:1' : 'ghcr.io/aquasecurity/trivy-db:2'
  const input = kind === 'java' ? 'trivy-java-db-repository' : 'trivy-db-repository'
  const target = kind === 'java' ? 'trivy-java-db:1' : 'trivy-db:2'
  return new ToolError(
    `Trivy could not download its ${what} and no cached copy was usable. Repositories tried, in order: ` +
      tried.map(attempt => `${attempt.repository} (${attempt.problem})`).join(', ') +
      `. To stop depending on public registries, copy the DB into a registry you control, e.g. ` +
      `'oras cp ${source} <your-registry>/${target}' or 'crane copy ${source} <your-registry>/${target}', ` +
      `then set the input ${input} to '<your-registry>/${target}' (a comma-separated list is tried in order). ` +
      `Keep cache-db: true so later runs reuse the DB instead of downloading it.`
  )
}
