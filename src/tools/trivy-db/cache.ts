/**
 * Trivy's databases between workflow runs: the DB directories under Trivy's cache dir are saved
 * with @actions/cache under a key per OS and UTC day, and restored by prefix, so the first run of a
 * day starts from yesterday's DB and most runs never touch ghcr.io (whose TOOMANYREQUESTS limits
 * break CI). The save runs in the action's post step (handoff.ts, src/post.ts, action.yml
 * `runs.post`), which the runner runs after the job's steps even when the gate failed, the job was
 * cancelled or the step timed out.
 */
import { messageOf } from '../../errors.js'
import type { Logger } from '../../log.js'
import { downloadedAt, hasCachedTrivyDb, trivyDbCachePaths } from './files.js'

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
  isFeatureAvailable: () => boolean | Promise<boolean>
  restoreCache: (paths: string[], key: string, restoreKeys: string[]) => Promise<string | undefined>
  saveCache: (paths: string[], key: string) => Promise<number>
}

// @actions/cache brings the Azure Storage SDK (over a third of the bundle): it is loaded on the first
// call, so a run that never touches the cache (cache-db: false, no Trivy, a bad input) never
// compiles it.
const loadCache = () => import('@actions/cache')

export const actionsCache: DbCacheApi = {
  isFeatureAvailable: async () => (await loadCache()).isFeatureAvailable(),
  restoreCache: async (paths, key, restoreKeys) => (await loadCache()).restoreCache(paths, key, restoreKeys),
  saveCache: async (paths, key) => (await loadCache()).saveCache(paths, key)
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
  deps: { cache: DbCacheApi; logger: Logger }
): Promise<TrivyDbCacheState> {
  const { key, restorePrefix } = trivyDbCacheKey(options.now, options.platform)
  const state: TrivyDbCacheState = {
    enabled: options.enabled,
    cacheDir: options.cacheDir,
    key,
    paths: trivyDbCachePaths(options.cacheDir)
  }
  if (!options.enabled) return state
  if (!(await deps.cache.isFeatureAvailable())) {
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
  deps: { cache: DbCacheApi; logger: Logger }
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
    if (!(await deps.cache.isFeatureAvailable())) return skip('the Actions cache service is not available')
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
