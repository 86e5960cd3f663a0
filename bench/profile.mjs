// Where the time goes: node bench/profile.mjs [--size 60000] [--stages]
//
// Runs the committed dist/index.js once on Node 24 under --cpu-prof on the replicated reports
// (bench/fixtures.mjs), or with --stages the bench/entry.ts bundle (which also renders the comment
// and plans the upload), and prints the functions with the most self time, the most inclusive time,
// and who calls JSON.parse's wrapper. Names are the bundle's (ncc prefixes a module's functions with
// its file name, e.g. json_input_parseJson is parseJson in src/scanners/json-input.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeReports } from './fixtures.mjs'
import { bundleEntry, distCommand, exportCommit, git, measure, nodes } from './harness.mjs'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
const size = Number(option('size', '60000'))
const stagesMode = process.argv.includes('--stages')
const focus = option('focus', 'parseJson')

const scratch = mkdtempSync(join(tmpdir(), 'container-gate-profile-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))
const commit = git(['rev-parse', 'HEAD'])
const node24 = nodes()[1] ?? nodes()[0]
const reports = writeReports(join(scratch, 'reports'), size)
const files = [reports.image, reports.config]
const profDir = join(scratch, 'prof')
const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${profDir}`]

let wall
if (stagesMode) {
  const entry = bundleEntry(commit, join(scratch, 'entry'))
  wall = measure([node24.bin, ...nodeArgs, entry, ...files], {
    env: { PATH: process.env.PATH },
    cwd: scratch,
    scratch,
    check: r => {
      if (r.status !== 0) throw new Error(r.stderr)
    }
  }).wall
} else {
  exportCommit(commit, ['dist'], join(scratch, 'commit'))
  const run = join(scratch, 'run')
  mkdirSync(run)
  wall = distCommand({
    node: node24.bin,
    nodeArgs,
    dist: join(scratch, 'commit/dist/index.js'),
    reports: files,
    scratch: run
  })().wall
}

const profile = JSON.parse(readFileSync(join(profDir, readdirSync(profDir)[0]), 'utf8'))
const byId = new Map(profile.nodes.map(n => [n.id, n]))
const parent = new Map()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const name = n => {
  const f = n.callFrame
  const file = f.url ? f.url.split('/').pop() : ''
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`
}
const self = new Map()
const inclusive = new Map()
const callers = new Map()
let total = 0
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000
  total += dt
  const leaf = byId.get(id)
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt)
  const seen = new Set()
  for (let n = leaf; n; n = byId.get(parent.get(n.id))) {
    const key = name(n)
    if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + dt)
    seen.add(key)
    if (n.callFrame.functionName.endsWith(focus)) {
      const up = byId.get(parent.get(n.id))
      const caller = up ? name(up) : '(root)'
      callers.set(caller, (callers.get(caller) ?? 0) + dt)
    }
  }
})

const top = (map, count) =>
  [...map]
    .filter(([key]) => !/^\((root|program|idle)\)/.test(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, ms]) =>
        `| ${key.replaceAll('|', '\\|')} | ${ms.toFixed(0)} | ${((100 * ms) / total).toFixed(1)}% |`
    )
const print = s => process.stdout.write(`${s}\n`)
print(
  `Profile of ${stagesMode ? 'bench/entry.ts (all stages)' : 'dist/index.js'} on ${size} findings, Node ${node24.version}, commit ${commit.slice(0, 7)}: ${total.toFixed(0)} ms sampled, ${wall.toFixed(0)} ms wall (profiling adds overhead).`
)
print('\nSelf time:\n\n| function | ms | share |\n|---|---|---|')
top(self, 20).forEach(print)
print('\nInclusive time:\n\n| function | ms | share |\n|---|---|---|')
top(inclusive, 25).forEach(print)
print(`\nCallers of ${focus} (time inside it, by caller):\n\n| caller | ms | share |\n|---|---|---|`)
top(callers, 10).forEach(print)
