/**
 * The side effects the installer needs, behind one small interface, and the default implementation
 * that really does them on a runner: the runner tool cache (in @actions/tool-cache's layout, which
 * other actions and the runner's images share), @actions/http-client for downloads, @actions/io for
 * PATH, exec.ts for running tools, src/log.ts for logs.
 * Tests replace single members (a counting HTTP server, a fake sleep) and keep the rest real.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import * as io from '@actions/io'
import { ConfigurationError } from '../errors.js'
import { execTool, type Exec } from './exec.js'
import { log, type Logger } from '../log.js'
import { DEFAULT_RETRY, httpGet, type HttpGet, type RetryPolicy } from './download.js'
import { PINNED_DIGESTS, type PinnedDigests } from './pinned.js'

/** The runner tool cache as the installer uses it. */
interface ToolCacheApi {
  /** The cached directory for tool/version/arch, or '' when there is none (or it is incomplete). */
  find: (tool: string, version: string, arch: string) => string
  /**
   * A new empty directory inside the tool cache, where an entry is built: on the cache's own file
   * system, so completing it is a rename, not a copy.
   */
  stage: () => Promise<string>
  /** Moves a staged directory to tool/version/arch and marks it complete; returns that directory. */
  complete: (staged: string, tool: string, version: string, arch: string) => Promise<string>
  extractZip: (file: string, dest: string) => Promise<string>
}

export interface InstallDeps {
  http: HttpGet
  exec: Exec
  toolCache: ToolCacheApi
  sleep: (ms: number) => Promise<void>
  logger: Logger
  /** Absolute path of an executable named `binary` on PATH, if any. */
  which: (binary: string) => Promise<string | undefined>
  /** Directory for per-install scratch space (RUNNER_TEMP on a runner). */
  tempRoot: () => string
  retry: RetryPolicy
  pinned: PinnedDigests
}

/**
 * The executable named `binary` on PATH (PATHEXT on Windows), as @actions/io finds it. The installer
 * calls it only when the workflow trusts the runner image (`trust-path-tools: true`).
 */
async function onPath(binary: string): Promise<string | undefined> {
  return (await io.which(binary, false)) || undefined
}

function toolCacheRoot(): string {
  const dir = process.env.RUNNER_TOOL_CACHE
  if (!dir)
    throw new ConfigurationError(
      'RUNNER_TOOL_CACHE is not set: the installer keeps verified tools there (set it when running the action outside GitHub Actions).'
    )
  return dir
}

/**
 * The tool cache in @actions/tool-cache's layout: `<root>/<tool>/<version>/<arch>`, usable once the
 * marker file `<arch>.complete` beside it exists.
 */
export const runnerToolCache: ToolCacheApi = {
  find: (tool, version, arch) => {
    const dir = join(toolCacheRoot(), tool, version, arch)
    return existsSync(dir) && existsSync(`${dir}.complete`) ? dir : ''
  },
  stage: async () => {
    await mkdir(toolCacheRoot(), { recursive: true })
    return mkdtemp(join(toolCacheRoot(), '.container-gate-staging-'))
  },
  complete: async (staged, tool, version, arch) => {
    const dir = join(toolCacheRoot(), tool, version, arch)
    await rm(`${dir}.complete`, { force: true })
    await rm(dir, { recursive: true, force: true })
    await mkdir(dirname(dir), { recursive: true })
    await rename(staged, dir)
    await writeFile(`${dir}.complete`, '')
    return dir
  },
  // Only Windows assets are zips: the library is loaded for them alone.
  extractZip: async (file, dest) => (await import('@actions/tool-cache')).extractZip(file, dest)
}

function runnerTemp(): string {
  const dir = process.env.RUNNER_TEMP
  // Always set on a runner; outside one (a local run) it is the caller's to set.
  if (!dir)
    throw new ConfigurationError(
      'RUNNER_TEMP is not set: the installer needs the runner temp directory (set it when running the action outside GitHub Actions).'
    )
  return dir
}

/** The real thing, as the action installs with it. */
export function defaultInstallDeps(overrides: Partial<InstallDeps> = {}): InstallDeps {
  return {
    http: httpGet,
    exec: execTool,
    toolCache: runnerToolCache,
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    logger: log,
    which: onPath,
    tempRoot: runnerTemp,
    retry: DEFAULT_RETRY,
    pinned: PINNED_DIGESTS,
    ...overrides
  }
}
