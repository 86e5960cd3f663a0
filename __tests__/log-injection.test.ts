// Hostile text through every place the action logs, driven through the real run() with the real
// workflow commands (src/workflow-commands.ts) writing to stdout: file names in the workspace, crafted reports (gate and monitor
// mode), a policy file's values, a scanner's stderr and tool-cache paths, GitHub's error messages.
// stdout is read back as the runner reads it (helpers/workflow-commands.ts): the only commands in it
// are the ones the action issued, and nothing inside them reads as a command either.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { webhookExample } from '../__fixtures__/github/events.js'
import { GitHubStandIn } from './helpers/github-standin.js'
import { HOSTILE, hostileFileNames } from './helpers/hostile.js'
import { GOLDEN } from './helpers/shared.js'
import { recordStdout, runnerCommands } from './helpers/workflow-commands.js'

// The real workflow commands, with each logging function counted on its way through.
const actual = await import('../src/workflow-commands.js')
const COMMAND_FUNCTIONS = [
  'debug',
  'notice',
  'warning',
  'error',
  'setSecret',
  'setFailed',
  'startGroup',
  'endGroup'
] as const
const called: string[] = []
const counted: Record<string, unknown> = { ...actual }
for (const name of [...COMMAND_FUNCTIONS, 'info'] as const) {
  const original = actual[name] as (...args: unknown[]) => void
  counted[name] = (...args: unknown[]) => {
    called.push(name)
    return original(...args)
  }
}
jest.unstable_mockModule('../src/workflow-commands.js', () => counted)
const { run } = await import('../src/main.js')

const now = new Date('2026-11-28T12:00:00Z')
const TOKEN = 'ghs_injectionTestToken0123456789abcdef'
let temp: string
let workspace: string
let written: string[]
const saved = { ...process.env }

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'cg-inject-'))
  workspace = join(temp, 'workspace')
  mkdirSync(workspace)
  writeFileSync(join(temp, 'output'), '')
  writeFileSync(join(temp, 'state'), '')
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  Object.assign(process.env, {
    RUNNER_TEMP: join(temp, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(temp, 'tool-cache'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(temp, 'output'),
    // as on a runner: the state for the post step goes to a file, not to a ::save-state:: line
    GITHUB_STATE: join(temp, 'state')
  })
  // The summary is markdown, not the log (report/markdown.ts escapes it).
  delete process.env.GITHUB_STEP_SUMMARY
  delete process.env.GITHUB_REPOSITORY
  called.length = 0
  written = recordStdout()
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  process.exitCode = undefined
  rmSync(temp, { recursive: true, force: true })
})

/** Inputs the way the runner passes them. */
function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) process.env[`INPUT_${name.toUpperCase()}`] = value
}

function outputs(): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = readFileSync(join(temp, 'output'), 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!)
    if (m) {
      const end = lines.indexOf(m[2]!, i + 1)
      out[m[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
    }
  }
  return out
}

/**
 * The runner would act on exactly the commands the action issued (one per debug/notice/warning/
 * error/setSecret/setFailed/startGroup/endGroup call, none per info line), each an annotation, debug
 * line, group of the log or the token's mask; and a person reading a decoded message or a group's
 * title sees no command in it either.
 */
function expectOnlyOwnCommands(): string {
  const stdout = written.join('')
  const commands = runnerCommands(stdout)
  const issued = called.filter(name => (COMMAND_FUNCTIONS as readonly string[]).includes(name)).length
  expect(commands.map(c => c.command)).toHaveLength(issued)
  for (const c of commands) {
    expect({ form: c.form, command: c.command, startsLine: c.line.startsWith(`::${c.command}`) }).toEqual({
      form: 'v2',
      command: expect.stringMatching(/^(debug|notice|warning|error|add-mask|group|endgroup)$/),
      startsLine: true
    })
    if (c.command === 'add-mask') expect(c.data).toBe(TOKEN)
    // Libraries (@actions/tool-cache) write their own debug lines with paths in them; those are
    // still one command each, and only shown when step debugging is on.
    if (c.command === 'debug') continue
    expect(runnerCommands(c.data)).toEqual([])
    expect(runnerCommands(c.properties.title ?? '')).toEqual([])
  }
  return stdout
}

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: true
      resources:
        limits: { cpu: 100m, memory: 64Mi }
`
const TEMPLATE = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Values.name }}
spec:
  containers: []
`

describe('file names in the workspace', () => {
  it('manifests named with commands: findings annotated, skips and the verdict logged, nothing injected', async () => {
    mkdirSync(join(workspace, 'k8s'))
    for (const name of hostileFileNames('.yaml')) writeFileSync(join(workspace, 'k8s', name), PRIVILEGED_POD)
    for (const name of hostileFileNames('-tpl.yaml')) writeFileSync(join(workspace, 'k8s', name), TEMPLATE)
    inputs({ manifests: 'k8s/*.yaml', 'config-path': '', dockerfile: '' })
    await run(now)
    expect(outputs().verdict).toBe('fail')
    const stdout = expectOnlyOwnCommands()
    expect(stdout).toContain('stop-commands::pwned')
    const annotated = runnerCommands(stdout).filter(c => c.command === 'error' && c.properties.file)
    expect(annotated.length).toBeGreaterThan(0)
    // The annotation still points at the real file, whatever its name.
    for (const c of annotated)
      expect(hostileFileNames('.yaml').map(n => `k8s/${n}`)).toContain(c.properties.file)
  })
})

/** alpine-39's CRITICAL fixable musl vulnerability, repeated under hostile IDs and package names. */
function craftedImageReport(hostile: readonly string[]): string {
  const report = JSON.parse(readFileSync(join(GOLDEN, 'alpine-39.json.golden'), 'utf8')) as {
    Results: Array<{ Vulnerabilities: Array<Record<string, unknown>> }>
  }
  const critical = report.Results[0]!.Vulnerabilities.find(v => v.Severity === 'CRITICAL')!
  report.Results[0]!.Vulnerabilities = hostile.map((h, i) => ({
    ...critical,
    VulnerabilityID: h,
    PkgName: hostile[(i + 1) % hostile.length],
    PkgID: `${hostile[(i + 1) % hostile.length]}@1`,
    Title: h
  }))
  return JSON.stringify(report)
}

describe('a crafted report', () => {
  // The reason lists five findings: every hostile string appears as an ID or a package name.
  const groups = Array.from({ length: Math.ceil(HOSTILE.length / 5) }, (_, g) =>
    HOSTILE.slice(g * 5, g * 5 + 5)
  )

  it.each(groups.map((g, i) => [i, g] as [number, string[]]))(
    'in monitor mode (group %i): the rebuild reason names them, nothing injected',
    async (_, group) => {
      writeFileSync(join(workspace, 'report.json'), craftedImageReport(group))
      inputs({ report: 'report.json', mode: 'monitor', 'config-path': '', dockerfile: '' })
      await run(now)
      expect(outputs()['rebuild-required']).toBe('true')
      const stdout = expectOnlyOwnCommands()
      expect(stdout).toMatch(/Rebuild required: \d fixable CRITICAL/)
    }
  )

  it('in gate mode: the failure names them, nothing injected', async () => {
    writeFileSync(join(workspace, 'report.json'), craftedImageReport(HOSTILE.slice(0, 5)))
    inputs({ report: 'report.json', 'config-path': '', dockerfile: '' })
    await run(now)
    expect(outputs().verdict).toBe('fail')
    expect(called).toContain('setFailed')
    expectOnlyOwnCommands()
  })

  // The headline names up to two files: each pair of hostile targets is named in the failure.
  const pairs = Array.from({ length: Math.ceil(HOSTILE.length / 2) }, (_, p) =>
    HOSTILE.slice(p * 2, p * 2 + 2)
  )

  it.each(pairs.map((pair, i) => [i, pair] as [number, string[]]))(
    'of misconfigurations (pair %i): hostile targets in the failure, IDs and titles in the verdict block, nothing injected',
    async (_, pair) => {
      const report = JSON.parse(readFileSync('__fixtures__/e2e/trivy-0.74.0-config.json', 'utf8')) as {
        Results: Array<{ Target: string; Misconfigurations?: Array<Record<string, unknown>> }>
      }
      const template = report.Results.find(r => r.Misconfigurations?.length)!
      const misconfig = template.Misconfigurations!.find(
        m => m.Severity === 'CRITICAL' || m.Severity === 'HIGH'
      )!
      report.Results = pair.map((h, i) => ({
        ...template,
        Target: `${i}-${h}`,
        Misconfigurations: [{ ...misconfig, Severity: 'CRITICAL', Title: h, Message: h, ID: `DS-${h}` }]
      }))
      writeFileSync(join(workspace, 'config.json'), JSON.stringify(report))
      inputs({ report: 'config.json', 'config-path': '', dockerfile: '' })
      await run(now)
      expect(outputs().verdict).toBe('fail')
      const stdout = expectOnlyOwnCommands()
      const failure = runnerCommands(stdout).filter(c => c.command === 'error' && !c.properties.file)
      expect(failure.map(c => c.data)).toEqual([
        expect.stringMatching(/^2 findings block: 2 CRITICAL misconfigurations in 0-.* and 1-/s)
      ])
      expect(stdout).toMatch(/^ {2}CRITICAL {2}DS-/m)
    }
  )
})

describe("a policy file's values", () => {
  it.each(HOSTILE.slice(0, 8).map(h => [JSON.stringify(h), h]))(
    'the configuration error quotes %s without injecting it',
    async (_, hostile) => {
      mkdirSync(join(workspace, '.github'))
      writeFileSync(
        join(workspace, '.github/container-gate.yml'),
        `version: 1\ntiers:\n  vulnerabilities:\n    CRITICAL: ${JSON.stringify(hostile)}\n`
      )
      writeFileSync(join(workspace, 'report.json'), readFileSync(join(GOLDEN, 'alpine-39.json.golden')))
      inputs({ report: 'report.json', 'config-path': '', dockerfile: '' })
      await run(now)
      expect(called).toContain('setFailed')
      expectOnlyOwnCommands()
    }
  )
})

describe("a scanner's stderr and the tool cache's path", () => {
  it('a failing Trivy whose stderr carries commands, cached under a hostile path', async () => {
    // A stand-in Trivy in the tool cache, as the installer leaves it (release asset + binary +
    // manifest + marker), trusted through `tool-digests` as an in-house build would be: it prints
    // hostile lines on stderr and no report, as a crashing scanner would.
    const cacheRoot = join(temp, `tool-cache ${HOSTILE[0]}`)
    process.env.RUNNER_TOOL_CACHE = cacheRoot
    const dir = join(cacheRoot, 'container-gate-trivy', '0.74.0', process.arch)
    mkdirSync(dir, { recursive: true })
    const script = `#!/bin/sh\nprintf '%s\\n' ${HOSTILE.map(h => `'${h.replace(/'/g, `'\\''`)}'`).join(' ')} >&2\nexit 1\n`
    writeFileSync(join(dir, 'trivy'), script)
    chmodSync(join(dir, 'trivy'), 0o755)
    const asset = 'trivy_0.74.0_Linux-64bit.tar.gz'
    execFileSync('tar', ['czf', join(dir, asset), '-C', dir, 'trivy'])
    const assetSha256 = createHash('sha256')
      .update(readFileSync(join(dir, asset)))
      .digest('hex')
    const manifest = {
      tool: 'trivy',
      version: '0.74.0',
      asset,
      assetSha256,
      binary: 'trivy',
      binarySha256: createHash('sha256').update(script).digest('hex')
    }
    writeFileSync(join(dir, 'container-gate-install.json'), JSON.stringify(manifest))
    writeFileSync(`${dir}.complete`, '')
    const image = 'image ##[add-mask]x ::error::y.tar'
    writeFileSync(join(workspace, image), 'not a tarball')
    inputs({
      'image-input': image,
      'config-path': '',
      dockerfile: '',
      'cache-db': 'false',
      'tool-digests': `${assetSha256}  ${asset}`
    })
    await run(now)
    expect(called).toContain('setFailed')
    const stdout = expectOnlyOwnCommands()
    expect(stdout).toContain('produced no report')
    expect(stdout).toContain('using the tool cache')
  })
})

describe("GitHub's messages", () => {
  const gh = new GitHubStandIn()
  beforeAll(() => gh.start())
  afterAll(() => gh.stop())

  it('errors GitHub answers with are quoted in warnings without injecting anything', async () => {
    const event = join(temp, 'event.json')
    writeFileSync(event, JSON.stringify(webhookExample('pull_request', e => e.action === 'opened')))
    Object.assign(process.env, {
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_WORKFLOW: 'CI',
      GITHUB_JOB: 'gate',
      GITHUB_RUN_ID: '7',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: gh.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REF: 'refs/pull/2/merge',
      GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246'
    })
    gh.fail({ status: 403, message: HOSTILE.join(' | ') })
    writeFileSync(join(workspace, 'report.json'), readFileSync(join(GOLDEN, 'alpine-39.json.golden')))
    inputs({
      report: 'report.json',
      'config-path': '',
      dockerfile: '',
      'github-token': TOKEN,
      'wait-for-processing': 'false',
      matrix: 'null'
    })
    await run(now)
    gh.clearFailures()
    const stdout = expectOnlyOwnCommands()
    expect(runnerCommands(stdout).filter(c => c.command === 'warning').length).toBeGreaterThan(0)
    expect(stdout).toContain('GitHub said: 403')
  })
})
