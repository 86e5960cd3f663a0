/**
 * Getting a set of tools ready at once: each is installed (verified, cached) concurrently, each
 * tool's executable is handed out as soon as that tool is verified (a scan need not wait for the
 * others' installs), and one log line says where each came from.
 */
import type { InstallableTool } from '../findings/model.js'
import type { ToolSettings } from '../inputs/tools.js'
import { formatDuration, log, systemClock, type Clock } from '../log.js'
import { defaultInstallDeps, type InstallDeps } from './deps.js'
import { installTool, type InstalledTool } from './install.js'

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

/** Starts installing the given tools concurrently; each is verified before it is cached or run. */
export function startInstalls(
  tools: readonly InstallableTool[],
  settings: ToolSettings,
  deps: InstallDeps = defaultInstallDeps(),
  clock: Clock = systemClock
): ToolInstalls {
  const names = [...new Set(tools)]
  const installs = names.map(async tool => {
    const started = clock.now()
    const request = {
      tool,
      version: settings.versions[tool],
      mirror: settings.mirror,
      digests: settings.digests,
      trustPath: settings.trustPathTools
    }
    const done = await installTool(request, deps)
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
