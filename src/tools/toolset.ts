/**
 * Getting a set of tools ready at once: each is installed (verified, cached) concurrently, each
 * tool's executable is handed out as soon as that tool is verified (a scan need not wait for the
 * others' installs), and one log line says where each came from.
 */
import type { InstallableTool } from '../findings/model.js'
import type { ToolSettings } from '../inputs/tools.js'
import { formatDuration, log, systemClock, type Clock } from '../log.js'
import { defaultInstallDeps, type InstallDeps } from './deps.js'
import { checkToolCache, installTool, type InstallRequest, type InstalledTool } from './install.js'

export interface InstalledTools {
  /** The executable of each tool installed. */
  paths: Partial<Record<InstallableTool, string>>
  /** The version of each, for the SARIF and the JSON report. */
  versions: Partial<Record<InstallableTool, string>>
}

/** Installs under way: each tool's executable when it is ready, and all of them. */
export interface ToolInstalls {
  /** The executable of each tool, resolved as soon as that tool is verified. */
  ready: Partial<Record<InstallableTool, Promise<string>>>
  /** Every install done, one log line per tool; rejects with the first install that failed. */
  all(): Promise<InstalledTools>
}

const SOURCE_WORDS: Record<InstalledTool['source'], string> = {
  download: 'downloaded and verified',
  'tool-cache': 'from the tool cache, its SHA-256 checked again',
  path: 'from PATH (trust-path-tools), not verified'
}

/** "trivy 0.74.0: downloaded and verified (pinned-digest), 3.1 s". */
function installedLine(tool: InstalledTool, ms: number): string {
  const how =
    tool.source === 'download' ? `${SOURCE_WORDS.download} (${tool.verifiedBy})` : SOURCE_WORDS[tool.source]
  return `${tool.tool} ${tool.version}: ${how}, ${formatDuration(ms)}.`
}

function requestFor(tool: InstallableTool, settings: ToolSettings): InstallRequest {
  return {
    tool,
    version: settings.versions[tool],
    mirror: settings.mirror,
    digests: settings.digests,
    trustPath: settings.trustPathTools
  }
}

/** A logger whose lines wait until its group of the log is open, then pass straight through. */
function heldLogger(): InstallDeps['logger'] & { open(): void } {
  const held: Array<() => void> = []
  let open = false
  const say = (level: 'debug' | 'info' | 'warning') => (message: string) => {
    if (open) log[level](message)
    else held.push(() => log[level](message))
  }
  return {
    debug: say('debug'),
    info: say('info'),
    warning: say('warning'),
    open: () => {
      open = true
      for (const line of held.splice(0)) line()
    }
  }
}

/** A tool-cache check started before the installs: when, its result, and its log. */
interface EarlyCheck {
  started: number
  cached: Promise<InstalledTool | undefined>
  logger: ReturnType<typeof heldLogger>
}
export type EarlyChecks = ReadonlyMap<InstallableTool, EarlyCheck>

/**
 * Starts checking the tool-cache entries of tools a run is sure to need, before it has chosen its
 * files: the check of a cached archive (Trivy's: decompressed again, its 168 MB executable compared)
 * is the longest wait of a warm run and executes nothing. What it says waits for the install group.
 */
export function checkToolCacheEarly(
  tools: readonly InstallableTool[],
  settings: ToolSettings,
  clock: Clock = systemClock
): EarlyChecks {
  const checks = new Map<InstallableTool, EarlyCheck>()
  for (const tool of new Set(tools)) {
    const logger = heldLogger()
    const started = clock.now()
    const cached = checkToolCache(requestFor(tool, settings), defaultInstallDeps({ logger }))
    // An error is the install's to report (installTool awaits it); a run that stops earlier drops it.
    cached.catch(() => {})
    checks.set(tool, { started, cached, logger })
  }
  return checks
}

/**
 * Starts installing the given tools concurrently; each is verified before it is cached or run.
 * A tool in `early` continues from its tool-cache check.
 */
export function startInstalls(
  tools: readonly InstallableTool[],
  settings: ToolSettings,
  deps: InstallDeps = defaultInstallDeps(),
  clock: Clock = systemClock,
  early: EarlyChecks = new Map()
): ToolInstalls {
  const names = [...new Set(tools)]
  const installs = names.map(async tool => {
    const check = early.get(tool)
    const started = check?.started ?? clock.now()
    const done = await installTool(requestFor(tool, settings), deps, check?.cached)
    return { done, ms: clock.now() - started }
  })
  const ready: ToolInstalls['ready'] = {}
  installs.forEach((install, i) => {
    const path = install.then(({ done }) => done.path)
    // A failed install is reported by all(); a scan waiting on it fails with the same error.
    path.catch(() => {})
    ready[names[i]!] = path
  })
  return {
    ready,
    all: async () => {
      for (const tool of names) early.get(tool)?.logger.open()
      const set: InstalledTools = { paths: {}, versions: {} }
      for (const { done: tool, ms } of await Promise.all(installs)) {
        set.paths[tool.tool] = tool.path
        set.versions[tool.tool] = tool.version
        log.info(installedLine(tool, ms))
      }
      return set
    }
  }
}
