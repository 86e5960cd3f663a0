/**
 * The committed action.yml + dist/index.js run through GitHub's own local runner for JavaScript
 * actions, @github/local-action, on the demo's inputs: a second reader of action.yml beside the
 * project's harness (scripts/runner-env.mjs), which sets only the inputs it is given. Here every
 * input the step leaves out gets the default local-action reads from action.yml, as on a runner
 * (entry.mjs explains how the bundle is run). Offline: no upload, no comment, and GITHUB_API_URL
 * points at a closed port, so any API call would fail instead of leaving the machine.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
// @ts-expect-error -- plain ESM helpers shared with the demo, no type declarations
import { demoInputs } from '../../scripts/demo-inputs.mjs'
// @ts-expect-error -- plain ESM helpers shared with the demo, no type declarations
import { readGithubOutput, runnerEnv } from '../../scripts/runner-env.mjs'

const REPO = process.cwd()
const TOKEN = 'ghs_localActionFakeTokenThatMustNeverAppear42'
const COUNTS = ['verdict', 'blocking-count', 'critical', 'high', 'medium', 'low', 'rebuild-required']

/** A dotenv value: double-quoted, so local-action's dotenv turns \n back into newlines. */
const quoted = (value: string) =>
  `"${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`

interface StepRun {
  status: number | null
  log: string
  outputs: Record<string, string>
  summary: string
}

function stepFolder(name: string) {
  const temp = mkdtempSync(join(tmpdir(), `container-gate-${name}-`))
  const output = join(temp, 'github-output')
  const summary = join(temp, 'step-summary.md')
  writeFileSync(output, '')
  writeFileSync(summary, '')
  return { temp, output, summary }
}

function runThroughLocalAction(inputs: Record<string, string>): StepRun {
  const { temp, output, summary } = stepFolder('local-action')
  const env: Record<string, string> = {
    GITHUB_WORKSPACE: REPO,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: join(temp, 'tool-cache'),
    GITHUB_API_URL: 'http://127.0.0.1:9',
    // What the runner evaluates from the defaults ${{ toJson(matrix) }} and ${{ github.token }}.
    INPUT_MATRIX: 'null',
    'INPUT_GITHUB-TOKEN': TOKEN
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const dotenv = join(temp, 'step.env')
  writeFileSync(
    dotenv,
    Object.entries(env)
      .map(([k, v]) => `${k}=${quoted(v)}\n`)
      .join('')
  )
  const result = spawnSync(
    process.execPath,
    [
      'node_modules/@github/local-action/bin/local-action.js',
      'run',
      '.',
      '__tests__/local-action/entry.mjs',
      dotenv
    ],
    {
      cwd: REPO,
      encoding: 'utf8',
      // npm_config_offline: `npm exec tsx` must use the installed tsx, never the registry.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: 'true' }
    }
  )
  return {
    status: result.status,
    log: result.stdout + result.stderr,
    outputs: readGithubOutput(output),
    summary: readFileSync(summary, 'utf8')
  }
}

/** The same step through the project's own harness, as `npm run demo` runs it. */
function runThroughHarness(inputs: Record<string, string>): StepRun {
  const { temp, output, summary } = stepFolder('harness')
  const result = spawnSync(process.execPath, ['dist/index.js'], {
    cwd: REPO,
    encoding: 'utf8',
    env: runnerEnv({ workspace: REPO, output, summary, temp, inputs })
  })
  return { status: result.status, log: result.stdout, outputs: readGithubOutput(output), summary: '' }
}

describe('@github/local-action runs the committed action.yml and dist/index.js', () => {
  it('on the demo inputs: the same verdict and counts as the harness, outputs declared, no token', () => {
    const action = parse(readFileSync('action.yml', 'utf8'))
    // The post step (the Trivy DB cache save) is run by the e2e harness, which passes main's state on.
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()'
    })

    const step = runThroughLocalAction(demoInputs)
    expect(step.log).not.toMatch(/local-action reads the default|does not declare|is an expression/)
    expect(step.outputs.verdict).toBe('fail')
    expect(step.status).toBe(1) // fail: true, and the bundle's core.setFailed sets the exit code
    // local-action received every output (its table) and action.yml declares each one.
    expect(step.log).toMatch(/'verdict'\s*│\s*'fail'/)
    for (const name of Object.keys(step.outputs)) expect(Object.keys(action.outputs)).toContain(name)

    const harness = runThroughHarness(demoInputs)
    for (const name of COUNTS) expect([name, step.outputs[name]]).toEqual([name, harness.outputs[name]])
    expect(step.summary).toContain('container-gate: fail')

    // The token is masked (the runner hides every later occurrence) and appears nowhere else.
    expect(step.log).toContain(`::add-mask::${TOKEN}`)
    const log = step.log.replaceAll(`::add-mask::${TOKEN}`, '')
    const reports = [step.outputs['sarif-file'], step.outputs['report-file']].map(f =>
      readFileSync(resolve(f!), 'utf8')
    )
    for (const text of [log, step.summary, ...reports]) expect(text).not.toContain(TOKEN)
  }, 60_000)
})
