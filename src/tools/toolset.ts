/**
 * Getting a set of tools ready at once: each is installed (verified, cached) concurrently, and one
 * log line says where each came from.
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

/** Installs the given tools concurrently; each is verified before it is cached or run. */
export async function installTools(
  tools: readonly InstallableTool[],
  settings: ToolSettings,
  deps: InstallDeps = defaultInstallDeps(),
  clock: Clock = systemClock
): Promise<InstalledTools> {
  const set: InstalledTools = { paths: {}, versions: {} }
  const installed = await Promise.all(
    [...new Set(tools)].map(async tool => {
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
  )
  for (const { done: tool, ms } of installed) {
    set.paths[tool.tool] = tool.path
    set.versions[tool.tool] = tool.version
    log.info(installedLine(tool, ms))
  }
  return set
}
