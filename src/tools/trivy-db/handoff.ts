/**
 * Handing the DB cache from the main step to the post step: main restores the DB and at once saves
 * what the post step must save in the runner's state (the job may be cancelled or time out while
 * Trivy runs, and the post step still runs then: action.yml `post-if: always()`); the post step
 * reads it back, checked field by field, and saves.
 */
import { log, type Logger } from '../../log.js'
import { runnerState } from '../../runner-state.js'
import type { ToolSettings } from '../../inputs/tools.js'
import { actionsCache, restoreTrivyDb, saveTrivyDb, type TrivyDbCacheState } from './cache.js'

/** The state key under which main hands the DB cache to the post step. */
export const TRIVY_DB_STATE = 'trivy-db-cache'

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

/**
 * Restores Trivy's DB and, at once, tells the post step what to save: the job may be cancelled or
 * time out while Trivy runs, and the post step still runs then (action.yml `post-if: always()`).
 */
export async function restoreDb(
  cacheDir: string,
  settings: Pick<ToolSettings, 'cacheDb'>,
  now: Date,
  logger: Logger = log
): Promise<TrivyDbCacheState> {
  const state = await restoreTrivyDb(
    { cacheDir, enabled: settings.cacheDb, now },
    { cache: actionsCache, logger }
  )
  runnerState.save(TRIVY_DB_STATE, JSON.stringify(state))
  return state
}

/** The post step's work: save the DB main restored and Trivy refreshed, if any. Never throws. */
export async function saveDbAfterJob(): Promise<void> {
  const saved = runnerState.get(TRIVY_DB_STATE)
  if (saved === '') return // main scanned no image (or never got that far): no DB to keep
  const state = parseTrivyDbCacheState(saved)
  if (!state) {
    log.warning('Trivy DB cache: not saved, the state main left for this post step is unreadable.')
    return
  }
  await saveTrivyDb(state, { cache: actionsCache, logger: log })
}
