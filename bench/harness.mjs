// Measurement helpers for the benchmarks: run a command in a fresh process and time it (wall clock
// from this process; CPU and peak memory from GNU time when it is installed), medians, ratios, and
// the environment a runner gives the action (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
import { spawnSync } from 'node:child_process'
import { runnerEnv } from '../scripts/runner-env.mjs'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { join, resolve } from 'node:path'

export const root = resolve(import.meta.dirname, '..')
const GNU_TIME = '/usr/bin/time'
const hasGnuTime = existsSync(GNU_TIME)

/**
 * Runs argv once and measures it. Wall time is taken here around the spawn, so it includes process
 * start-up, which is part of what a runner pays too.
 * @returns { wall, cpu, rss } in ms, ms and MiB (cpu and rss undefined without GNU time)
 */
export function measure(argv, { env, cwd, check, scratch }) {
  const timeFile = join(scratch, 'time.txt')
  const full = hasGnuTime ? [GNU_TIME, '-f', '%U %S %M', '-o', timeFile, ...argv] : argv
  const start = process.hrtime.bigint()
  const result = spawnSync(full[0], full.slice(1), { env, cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
  const wall = Number(process.hrtime.bigint() - start) / 1e6
  if (result.error) throw result.error
  check(result)
  if (!hasGnuTime) return { wall, stdout: result.stdout }
  // GNU time writes "Command exited with non-zero status N" first when the command fails.
  const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop()
  const [user, sys, rssKb] = last.split(' ').map(Number)
  return { wall, cpu: (user + sys) * 1000, rss: rssKb / 1024, stdout: result.stdout }
}

/** Adds measurements of several processes run one after another (wall and CPU add, memory peaks). */
export function combine(parts) {
  return {
    wall: parts.reduce((s, p) => s + p.wall, 0),
    cpu: parts.every(p => p.cpu !== undefined) ? parts.reduce((s, p) => s + p.cpu, 0) : undefined,
    rss: parts.every(p => p.rss !== undefined) ? Math.max(...parts.map(p => p.rss)) : undefined
  }
}

export function median(values) {
  const v = values.filter(x => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length === 0) return undefined
  const mid = Math.floor(v.length / 2)
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

/**
 * Runs every command once per round, in an order that rotates each round (A B C, B C A, ...), so
 * load from other users of the machine falls on all of them alike. A command with `rounds` smaller
 * than the total takes part in the first `rounds` rounds only.
 * @returns Map of command name → array of measurements, index = round
 */
export function interleave(commands, rounds, log = () => {}) {
  const samples = new Map(commands.map(c => [c.name, []]))
  for (let round = 0; round < rounds; round++) {
    const active = commands.filter(c => round < (c.rounds ?? rounds))
    for (let i = 0; i < active.length; i++) {
      const command = active[(i + round) % active.length]
      const m = command.run()
      samples.get(command.name)[round] = m
      log(`round ${round + 1}/${rounds} ${command.name}: ${m.wall.toFixed(0)} ms`)
    }
  }
  return samples
}

/** Median of the per-round ratios a/b (rounds where both ran), with the lowest and highest. */
export function pairedRatio(a, b, key = 'wall') {
  const ratios = []
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]?.[key] !== undefined && b[i]?.[key] !== undefined) ratios.push(a[i][key] / b[i][key])
  }
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), n: ratios.length }
}

export function summarize(list) {
  const present = list.filter(Boolean)
  const walls = present.map(m => m.wall)
  return {
    n: present.length,
    wall: median(walls),
    min: Math.min(...walls),
    max: Math.max(...walls),
    cpu: median(present.map(m => m.cpu)),
    rss: median(present.map(m => m.rss))
  }
}

/**
 * Runs the bundled action (`dist`, a copy of dist/index.js) on imported reports the way a runner would, offline: no
 * GITHUB_REPOSITORY or token, so nothing is uploaded or commented. Expects the gate to fail (the
 * replicated reports carry CRITICAL vulnerabilities) and throws on anything else.
 */
export function distCommand({ node, nodeArgs = [], dist, reports, scratch }) {
  const output = join(scratch, 'github-output')
  const summary = join(scratch, 'step-summary.md')
  const runnerTemp = join(scratch, 'runner-temp')
  const inputs = {
    report: reports.join('\n'),
    'config-path': '',
    dockerfile: '',
    'upload-sarif': 'false',
    comment: 'off',
    fail: 'true',
    summary: 'true'
  }
  const env = runnerEnv({ workspace: scratch, output, summary, temp: runnerTemp, inputs })
  return () => {
    // Fresh files each run: the summary is appended to, and every run leaves a report directory.
    rmSync(runnerTemp, { recursive: true, force: true })
    mkdirSync(runnerTemp, { recursive: true })
    writeFileSync(output, '')
    writeFileSync(summary, '')
    const { stdout: _stdout, ...m } = measure([node, ...nodeArgs, dist], {
      env,
      cwd: scratch,
      scratch,
      check: result => {
        const verdict = /^verdict<<(.+)\n(.*)\n/m.exec(readFileSync(output, 'utf8'))?.[2]
        if (result.status !== 1 || verdict !== 'fail') {
          throw new Error(
            `dist/index.js: expected a failing gate (exit 1, verdict fail), got exit ${result.status}, verdict ${verdict}\n${result.stdout.slice(-2000)}${result.stderr}`
          )
        }
      }
    })
    return m
  }
}

/** `trivy convert --format sarif` on each report, as trivy-action makes SARIF from a JSON report. */
export function trivyConvertCommand({ trivy, reports, scratch }) {
  const cwd = mkdtempSync(join(scratch, 'trivy-'))
  const env = { PATH: process.env.PATH, HOME: cwd, TRIVY_CACHE_DIR: join(cwd, 'cache') }
  return () =>
    combine(
      reports.map((report, i) =>
        measure([trivy, 'convert', '--format', 'sarif', '--output', join(cwd, `${i}.sarif`), report], {
          env,
          cwd,
          scratch,
          check: result => {
            if (result.status !== 0)
              throw new Error(`trivy convert ${report}: exit ${result.status}\n${result.stderr}`)
          }
        })
      )
    )
}

/**
 * Copies `paths` as they are in `commit` into `dir`: the work tree is shared with people editing
 * src/ and rebuilding dist/ while the benchmarks run.
 */
export function exportCommit(commit, paths, dir) {
  mkdirSync(dir, { recursive: true })
  const archive = spawnSync('git', ['archive', '--format=tar', commit, ...paths], {
    cwd: root,
    maxBuffer: 1 << 30
  })
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`)
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout })
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`)
}

/**
 * Bundles bench/entry.ts with the sources of `commit` (not the work tree, which others may be
 * editing) into `dir` with ncc, so the stage figures belong to the commit the results name.
 * @returns the bundled file
 */
export function bundleEntry(commit, dir, entry = 'bench/entry.ts') {
  const tree = join(dir, 'tree')
  exportCommit(commit, ['src', 'tsconfig.json', 'package.json'], tree)
  mkdirSync(join(tree, 'bench'), { recursive: true })
  copyFileSync(join(root, entry), join(tree, entry))
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'))
  const ncc = join(root, 'node_modules/.bin/ncc')
  // Not --transpile-only: ncc then emits require() calls, which the ESM-only @actions packages refuse.
  const out = join(dir, 'bundle')
  const result = spawnSync(ncc, ['build', join(tree, entry), '-o', out, '--quiet'], {
    cwd: tree,
    encoding: 'utf8'
  })
  if (result.status !== 0) throw new Error(`ncc build ${entry} failed:\n${result.stdout}${result.stderr}`)
  return join(out, 'index.js')
}

/** Node 20 from PATH (not node_modules) and the Node 24 the project installs as a dev dependency. */
export function nodes() {
  const which = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)
  const system = which.find(p => !p.includes('node_modules')) ?? process.execPath
  const local = join(root, 'node_modules/node/bin/node')
  const version = bin => spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const found = [{ bin: system, version: version(system) }]
  if (existsSync(local)) found.push({ bin: local, version: version(local) })
  return found
}

export function git(args) {
  return spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim()
}

export { hasGnuTime }
