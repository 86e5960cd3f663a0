// The entry point @github/local-action runs (see local-action.test.ts): it plays the runner's part
// for the committed bundle.
//
// local-action imports this module and calls run(). It cannot run dist/index.js directly: it wants
// a module exporting run(), and it swaps @actions/core for its own stub, which a bundle (that
// carries its own copy of @actions/core) never sees. So this module does what the runner does
// before `node dist/index.js`, with local-action as the reader of the defaults:
//   1. every input action.yml declares and the .env does not give (as a workflow's `with:` would)
//      gets the default local-action's core.getInput returns — its own reading of action.yml,
//      which must agree with this repository's;
//   2. it imports the committed dist/index.js, which runs the action in this process, and waits
//      until the action's work is done (the event loop drains);
//   3. it hands what the bundle wrote to GITHUB_OUTPUT to local-action's core.setOutput, refusing
//      any output action.yml does not declare, so local-action prints its outputs table.
// The bundle's own @actions/core sets process.exitCode when the step fails, as under the runner.
import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'yaml'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** action.yml as this repository reads it: input defaults, output names. */
function declared() {
  const action = parse(readFileSync(join(repo, 'action.yml'), 'utf8'))
  const inputs = Object.entries(action.inputs ?? {}).map(([name, spec]) => [
    name,
    String(spec?.default ?? '')
  ])
  return { inputs: new Map(inputs), outputs: Object.keys(action.outputs ?? {}) }
}

/** The runner sets INPUT_<NAME> (spaces to _, upper case, hyphens kept) for every input. */
const inputVariable = name => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/** Fills in every input the .env leaves out with the default local-action read from action.yml. */
function applyDefaults(inputs) {
  for (const [name, ours] of inputs) {
    const variable = inputVariable(name)
    if (variable in process.env) continue // given in the .env, as a workflow's `with:` would
    const theirs = core.getInput(name) // local-action's stub: its own reading of action.yml
    if (theirs !== ours) {
      throw new Error(
        `input ${name}: local-action reads the default ${JSON.stringify(theirs)}, this repository ${JSON.stringify(ours)}`
      )
    }
    if (theirs.includes('${{')) {
      throw new Error(
        `input ${name}: its default ${theirs} is an expression the runner evaluates; give its value in the .env`
      )
    }
    process.env[variable] = theirs
  }
}

/** `name<<delimiter` heredocs, as @actions/core writes GITHUB_OUTPUT. */
function readOutputs(file) {
  const outputs = {}
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const end = lines.indexOf(m[2], i + 1)
    if (end < 0) throw new Error(`GITHUB_OUTPUT: ${m[1]} has no closing delimiter`)
    outputs[m[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return outputs
}

export async function run() {
  const meta = declared()
  applyDefaults(meta.inputs)
  const finished = new Promise(done => process.once('beforeExit', done))
  await import(pathToFileURL(join(repo, 'dist/index.js')).href)
  await finished
  const outputs = readOutputs(process.env.GITHUB_OUTPUT)
  const undeclared = Object.keys(outputs).filter(name => !meta.outputs.includes(name))
  if (undeclared.length > 0) {
    throw new Error(`dist/index.js set outputs that action.yml does not declare: ${undeclared.join(', ')}`)
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}
