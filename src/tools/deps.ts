/**
 * The side effects the installer needs, behind one small interface, and the default implementation
 * that really does them on a runner: @actions/tool-cache for the tool cache and archive extraction,
 * @actions/http-client for downloads, @actions/io for PATH, exec.ts for running tools, src/log.ts for
 * logs.
 * Tests replace single members (a counting HTTP server, a fake sleep) and keep the rest real.
 */
import * as io from '@actions/io'
import { ConfigurationError } from '../errors.js'
import * as tc from '@actions/tool-cache'
import { execTool, type Exec } from './exec.js'
import { log, type Logger } from '../log.js'
import { DEFAULT_RETRY, httpGet, type HttpGet, type RetryPolicy } from './download.js'
import { PINNED_DIGESTS, type PinnedDigests } from './pinned.js'

/** The subset of @actions/tool-cache the installer uses. */
interface ToolCacheApi {
  /** The cached directory for tool/version/arch, or '' when there is none. */
  find: (tool: string, version: string, arch: string) => string
  /** Copies a directory into the tool cache and marks it complete; returns the cached path. */
  cacheDir: (sourceDir: string, tool: string, version: string, arch: string) => Promise<string>
  extractTar: (file: string, dest: string) => Promise<string>
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
    toolCache: {
      find: (tool, version, arch) => tc.find(tool, version, arch),
      cacheDir: (sourceDir, tool, version, arch) => tc.cacheDir(sourceDir, tool, version, arch),
      extractTar: (file, dest) => tc.extractTar(file, dest),
      extractZip: (file, dest) => tc.extractZip(file, dest)
    },
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    logger: log,
    which: onPath,
    tempRoot: runnerTemp,
    retry: DEFAULT_RETRY,
    pinned: PINNED_DIGESTS,
    ...overrides
  }
}
