/**
 * The one way the action runs another program. argv arrays only (no shell, so no quoting or
 * injection through image names or paths), and a scrubbed environment: scanners parse untrusted
 * images and repositories, so they never see the GitHub token, the runner's ACTIONS_* credentials
 * (cache and OIDC tokens) or any INPUT_* value.
 */
import { spawn } from 'node:child_process'
import { ToolError } from '../errors.js'

interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

interface ExecOptions {
  cwd?: string
  /** Extra variables for this tool only (e.g. TRIVY_CACHE_DIR); they pass the same scrub. */
  env?: Record<string, string>
  /**
   * Secrets this one call needs, by the names the tool reads (cosign's COSIGN_PASSWORD, the
   * runner's OIDC token request variables): added after the scrub, for this process only. The
   * only way a secret reaches a tool; never argv.
   */
  secretEnv?: Record<string, string>
  /** Bytes of stdout kept; a tool that prints more is an error rather than a memory blow-up. */
  maxOutputBytes?: number
}

export type Exec = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>

/** Names that must never reach a child process, whatever their value. */
const SECRET_NAME =
  /^(INPUT_|ACTIONS_|GITHUB_TOKEN$|GH_TOKEN$|GITHUB_PAT|RUNNER_TOKEN|.*(_TOKEN|_SECRET|_PASSWORD|_API_KEY|_ACCESS_KEY)$)/i

/** Names tools legitimately need from the runner's environment. Everything else is dropped. */
const KEEP = new Set([
  'PATH',
  'HOME',
  'USER',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'LC_ALL',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'DOCKER_CONFIG',
  'DOCKER_HOST',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'RUNNER_TEMP',
  'RUNNER_OS',
  'RUNNER_ARCH'
])

const KEEP_UPPER = new Set([...KEEP].map(name => name.toUpperCase()))

/** Whether a runner variable is one tools need. Windows names are case-insensitive, and its runners
 * spell them `Path`, `SystemRoot`, `windir`: without those, tools there cannot even resolve DNS. */
function kept(name: string, platform: NodeJS.Platform): boolean {
  if (KEEP.has(name)) return true
  return platform === 'win32' && KEEP_UPPER.has(name.toUpperCase())
}

/** The environment a tool sees: an allowlist of the runner's variables plus the tool's own. */
export function scrubEnvironment(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
  platform: NodeJS.Platform = process.platform
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && kept(name, platform) && !SECRET_NAME.test(name)) env[name] = value
  }
  for (const [name, value] of Object.entries(extra)) {
    if (SECRET_NAME.test(name))
      throw new ToolError(`Refusing to pass ${name} to a tool: it looks like a secret.`)
    env[name] = value
  }
  return env
}

const DEFAULT_MAX_OUTPUT = 512 * 1024 * 1024

/** Runs a program; its exit code is data for the caller, never a thrown error. */
export const execTool: Exec = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: { ...scrubEnvironment(process.env, options.env), ...options.secretEnv },
      shell: false,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outBytes = 0
    let errBytes = 0
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length
      if (outBytes > limit) {
        child.kill()
        return
      }
      out.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      // stderr is for messages; keep the tail that explains a failure.
      errBytes += chunk.length
      err.push(chunk)
      while (errBytes > 1024 * 1024 && err.length > 1) errBytes -= err.shift()!.length
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new ToolError(`${file} was not found: install it or let the action install it.`))
      else reject(new ToolError(`Could not run ${file}: ${error.message}`))
    })
    child.on('close', code => {
      if (outBytes > limit) {
        reject(new ToolError(`${file} printed more than ${limit} bytes; refusing to read further.`))
        return
      }
      resolve({
        exitCode: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
      })
    })
  })
