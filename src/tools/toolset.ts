/**
 * Getting a set of tools ready at once: each is installed (verified, cached) concurrently, and one
 * log line says where each came from.
 */
import type { InstallableTool } from '../findings/model.js'
import type { ToolSettings } from '../inputs/tools.js'
import { log } from '../log.js'
import { defaultInstallDeps, type InstallDeps } from './deps.js'
import { installTool } from './install.js'

export interface InstalledTools {
  /** The executable of each tool installed. */
  paths: Partial<Record<InstallableTool, string>>
  /** The version of each, for the SARIF and the JSON report. */
  versions: Partial<Record<InstallableTool, string>>
}

/** Installs the given tools concurrently; each is verified before it is cached or run. */
export async function installTools(
  tools: readonly InstallableTool[],
  settings: ToolSettings,
  deps: InstallDeps = defaultInstallDeps()
): Promise<InstalledTools> {
  const set: InstalledTools = { paths: {}, versions: {} }
  const installed = await Promise.all(
    [...new Set(tools)].map(tool =>
      installTool(
        {
          tool,
          version: settings.versions[tool],
          mirror: settings.mirror,
          digests: settings.digests,
          trustPath: settings.trustPathTools
        },
        deps
      )
    )
  )
  for (const tool of installed) {
    set.paths[tool.tool] = tool.path
    set.versions[tool.tool] = tool.version
    log.info(
      `${tool.tool} ${tool.version}: ${tool.source === 'download' ? `downloaded and verified (${tool.verifiedBy})` : `from ${tool.source}`}`
    )
  }
  return set
}
