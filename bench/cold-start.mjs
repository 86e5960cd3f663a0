// Cold start: dist/index.js refusing a bad input (it loads, reads the inputs and fails at once)
// against `node -e 0`, both on the Node 24 action.yml runs, interleaved; for one or more commits'
// dist/ side by side. Also how much JavaScript the run compiles (the bundle files it loads).
//
//   node bench/cold-start.mjs [--rounds 20] [--commits 998f489,HEAD]
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
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
const samples = interleave(commands, rounds, m => process.stderr.write(`\r${m}      `))
process.stderr.write('\n')
const base = samples.get('node -e 0')
const b = summarize(base)
console.log(`Node ${node}; ${rounds} rounds interleaved; medians [min–max].\n`)
console.log(
  '| what | wall ms | over `node -e 0` (median of paired differences) | peak RSS MiB | dist files |'
)
console.log('|---|---|---|---|---|')
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
    `| dist of ${commit}, bad input | ${s.wall.toFixed(0)} [${s.min.toFixed(0)}–${s.max.toFixed(0)}] | +${over.toFixed(0)} ms (×${ratio.median.toFixed(2)}) | ${s.rss?.toFixed(0) ?? ''} | ${sizes[commit].join(', ')} |`
  )
}
rmSync(scratch, { recursive: true, force: true })
