/**
 * Getting the scanners ready: install (verified, cached) only the tools the planned scans need, and
 * restore Trivy's DB from the Actions cache. Side effects live here so main.ts stays orchestration.
 */
import type { InstallableTool } from './findings/model.js'
import type { ToolSettings } from './inputs/tools.js'
import { log } from './log.js'
import { runnerState } from './runner-state.js'
import type { ScannerTool } from './scanners/plan.js'
import {
  actionsCache,
  defaultInstallDeps,
  installTool,
  parseTrivyDbCacheState,
  restoreTrivyDb,
  saveTrivyDb,
  type TrivyDbCacheState
} from './tools/index.js'

export interface ScannerSetup {
  binaries: Record<ScannerTool, string>
  versions: Partial<Record<InstallableTool, string>>
}

/**
 * Installs the given scanners concurrently (trivy, hadolint, gator); each is verified before it is
 * cached or run. A tool not asked for keeps its bare name, which runScans never uses.
 */
export async function installScanners(
  tools: readonly ScannerTool[],
  inputs: ToolSettings
): Promise<ScannerSetup> {
  const setup: ScannerSetup = {
    binaries: { trivy: 'trivy', hadolint: 'hadolint', gator: 'gator' },
    versions: {}
  }
  if (tools.length === 0) return setup
  const deps = defaultInstallDeps()
  const installed = await Promise.all(
    [...new Set(tools)].map(tool =>
      installTool(
        {
          tool,
          version: inputs.versions[tool],
          mirror: inputs.mirror,
          digests: inputs.digests,
          trustPath: inputs.trustPathTools
        },
        deps
      )
    )
  )
  for (const tool of installed) {
    const name = tool.tool as ScannerTool
    setup.binaries[name] = tool.path
    setup.versions[name] = tool.version
    log.info(
      `${tool.tool} ${tool.version}: ${tool.source === 'download' ? `downloaded and verified (${tool.verifiedBy})` : `from ${tool.source}`}`
    )
  }
  return setup
}

/** The state key under which main hands the DB cache to the post step. */
export const TRIVY_DB_STATE = 'trivy-db-cache'

/**
 * Restores Trivy's DB and, at once, tells the post step what to save: the job may be cancelled or
 * time out while Trivy runs, and the post step still runs then (action.yml `post-if: always()`).
 */
export async function restoreDb(
  cacheDir: string,
  inputs: ToolSettings,
  now: Date
): Promise<TrivyDbCacheState> {
  const state = await restoreTrivyDb(
    { cacheDir, enabled: inputs.cacheDb, now },
    { cache: actionsCache, logger: log }
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
