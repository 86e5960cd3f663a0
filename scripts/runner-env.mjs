// The environment a GitHub runner gives a JavaScript action, for running dist/index.js outside
// GitHub (the demo, the benchmarks): INPUT_* with hyphens kept, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// RUNNER_TEMP, RUNNER_TOOL_CACHE. No GITHUB_REPOSITORY or token, so nothing is uploaded or commented.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * @param {{ workspace: string, output: string, summary: string, temp: string, inputs: Record<string, string> }} o
 * @returns {Record<string, string | undefined>}
 */
export function runnerEnv({ workspace, output, summary, temp, inputs }) {
  // The file core.saveState appends to (the runner hands it to the post step, which these runs skip).
  const state = join(dirname(output), 'github-state')
  if (!existsSync(state)) writeFileSync(state, '')
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_STATE: state,
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: join(temp, 'tool-cache')
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return env
}

/** The outputs @actions/core wrote to a GITHUB_OUTPUT file (`name<<delimiter` heredocs). */
export function readGithubOutput(file) {
  const outputs = {}
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const end = lines.indexOf(m[2], i + 1)
    outputs[m[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return outputs
}
