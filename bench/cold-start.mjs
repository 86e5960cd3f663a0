// Cold start: dist/index.js refusing a bad input (it loads, reads the inputs and fails at once)
// against `node -e 0`, both on the Node 24 action.yml runs, interleaved; for one or more commits'
// dist/ side by side. Also how much JavaScript the run compiles: the bundle files it opens (found
// once with `strace -e trace=openat`) and the time V8 takes to compile them (vm.SourceTextModule,
// each file parsed and compiled, not run; in a fresh process per round, interleaved).
//
//   node bench/cold-start.mjs [--rounds 20] [--commits 998f489,HEAD]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runnerEnv } from '../scripts/runner-env.mjs'
import { exportCommit, git, interleave, measure, nodes, pairedRatio, summarize } from './harness.mjs'

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '20' }, commits: { type: 'string', default: 'HEAD' } }
})
const rounds = Number(values.rounds)
const commits = values.commits.split(',').map(c => git(['rev-parse', '--short', c]))
const node = nodes().find(n => n.version.startsWith('v24'))?.bin ?? process.execPath
const scratch = mkdtempSync(join(tmpdir(), 'cg-cold-'))

// A mode that is not one: readInputs refuses it, the step fails with one error line.
function badInputCommand(dist) {
  const output = join(scratch, 'out')
  const env = runnerEnv({
    workspace: scratch,
    output,
    summary: join(scratch, 'summary'),
    temp: join(scratch, 'temp'),
    inputs: { mode: 'bogus' }
  })
  return () => {
    writeFileSync(output, '')
    const { stdout, ...m } = measure([node, dist], {
      env,
      cwd: scratch,
      scratch,
      check: r => {
        if (r.status !== 1 || !/mode/.test(r.stdout))
          throw new Error(`expected a bad-input failure:\n${r.stdout}${r.stderr}`)
      }
    })
    void stdout
    return m
  }
}

const commands = [
  {
    name: 'node -e 0',
    run: () => measure([node, '-e', '0'], { env: {}, cwd: scratch, scratch, check: () => {} })
  }
]
const sizes = {}
for (const commit of commits) {
  const dir = join(scratch, commit)
  exportCommit(commit, ['dist'], dir)
  sizes[commit] = readdirSync(join(dir, 'dist'))
    .filter(f => f.endsWith('.js'))
    .map(f => `${f} ${(statSync(join(dir, 'dist', f)).size / 1e6).toFixed(2)} MB`)
  commands.push({ name: commit, run: badInputCommand(join(dir, 'dist/index.js')) })
}
// The bundle files a bad-input run opens, and a command that compiles them (and prints the ms).
const loaded = {}
const compileScript = join(scratch, 'compile.mjs')
writeFileSync(
  compileScript,
  [
    "import vm from 'node:vm'",
    "import { readFileSync } from 'node:fs'",
    'const texts = process.argv.slice(2).map(f => readFileSync(f, "utf8"))',
    'const started = performance.now()',
    'for (const text of texts) new vm.SourceTextModule(text)',
    'console.log(performance.now() - started)'
  ].join('\n')
)
for (const commit of commits) {
  const dist = join(scratch, commit, 'dist')
  const trace = join(scratch, `trace-${commit}`)
  const env = {
    ...process.env,
    INPUT_MODE: 'bogus',
    GITHUB_OUTPUT: join(scratch, 'out'),
    GITHUB_STATE: join(scratch, 'state')
  }
  writeFileSync(join(scratch, 'state'), '')
  spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', '-o', trace, node, join(dist, 'index.js')], { env })
  loaded[commit] = [
    ...new Set([...readFileSync(trace, 'utf8').matchAll(/openat\([^"]*"([^"]+\.js)"/g)].map(m => m[1]))
  ].filter(f => f.startsWith(dist))
  commands.push({
    name: `compile ${commit}`,
    run: () => {
      const m = measure(
        [node, '--experimental-vm-modules', '--no-warnings', compileScript, ...loaded[commit]],
        {
          env: {},
          cwd: scratch,
          scratch,
          check: r => {
            if (r.status !== 0) throw new Error(r.stderr)
          }
        }
      )
      return { ...m, wall: Number(m.stdout.trim()) }
    }
  })
}
const samples = interleave(commands, rounds, m => process.stderr.write(`\r${m}      `))
process.stderr.write('\n')
const loadedSizes = commit => {
  const bytes = loaded[commit].reduce((n, f) => n + statSync(f).size, 0)
  return `${loaded[commit].length} of ${sizes[commit].length}, ${(bytes / 1e6).toFixed(2)} MB`
}
const compiled = commit => {
  const c = summarize(samples.get(`compile ${commit}`))
  return `${c.wall.toFixed(0)} [${c.min.toFixed(0)}–${c.max.toFixed(0)}]`
}
const base = samples.get('node -e 0')
const b = summarize(base)
console.log(`Node ${node}; ${rounds} rounds interleaved; medians [min–max].\n`)
console.log(
  '| what | wall ms | over `node -e 0` (median of paired differences) | peak RSS MiB | bundle files it loads | compile ms (V8, those files) |'
)
console.log('|---|---|---|---|---|---|')
console.log(
  `| node -e 0 | ${b.wall.toFixed(0)} [${b.min.toFixed(0)}–${b.max.toFixed(0)}] | | ${b.rss?.toFixed(0) ?? ''} | |`
)
for (const commit of commits) {
  const s = summarize(samples.get(commit))
  const diffs = samples
    .get(commit)
    .map((m, i) => m.wall - base[i].wall)
    .sort((x, y) => x - y)
  const over = diffs[Math.floor(diffs.length / 2)]
  const ratio = pairedRatio(samples.get(commit), base)
  console.log(
    `| dist of ${commit}, bad input | ${s.wall.toFixed(0)} [${s.min.toFixed(0)}–${s.max.toFixed(0)}] | +${over.toFixed(0)} ms (×${ratio.median.toFixed(2)}) | ${s.rss?.toFixed(0) ?? ''} | ${loadedSizes(commit)} | ${compiled(commit)} |`
  )
}
rmSync(scratch, { recursive: true, force: true })
