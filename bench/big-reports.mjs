// Big reports (issue 16 item 5): node bench/big-reports.mjs [--size 50000] [--rounds 5] [--commits c2cc160,HEAD]
//
// Runs dist/index.js of each commit (exported with git archive, so rebuilding the work tree does not
// change the figures) on the same replicated Trivy reports (bench/fixtures.mjs: 90% vulnerabilities
// in one `trivy image` report, 10% misconfigurations in one `trivy config` report), the way a runner
// runs it, offline: import, verdict, SARIF, JSON report, job summary. The commits take turns (A B,
// B A, ...) under GNU time, which gives the peak resident memory (RSS) and CPU time. After the runs,
// the outputs of the first and last commit are compared: the SARIF and the job summary byte for byte,
// the JSON report as parsed JSON (its generatedAt and the run folder's paths aside).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { writeReports } from './fixtures.mjs'
import {
  distCommand,
  exportCommit,
  git,
  hasGnuTime,
  interleave,
  nodes,
  pairedRatio,
  summarize
} from './harness.mjs'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
const size = Number(option('size', '50000'))
const rounds = Number(option('rounds', '5'))
const commits = option('commits', 'c2cc160,HEAD')
  .split(',')
  .map(c => ({ name: c, sha: git(['rev-parse', c]) }))
const log = message => process.stderr.write(`${message}\n`)
if (!hasGnuTime) throw new Error('/usr/bin/time (GNU time) is needed for the peak memory.')

const scratch = mkdtempSync(join(tmpdir(), 'container-gate-big-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))
const node24 = nodes()[1] ?? nodes()[0]
const reports = writeReports(join(scratch, 'reports'), size)
const files = [reports.image, reports.config]
const mib = files.reduce((n, f) => n + statSync(f).size, 0) / 2 ** 20
log(`${size} findings: ${mib.toFixed(0)} MiB of Trivy JSON in ${scratch}`)

const runs = commits.map(c => {
  exportCommit(c.sha, ['dist'], join(scratch, c.sha))
  const dir = join(scratch, `run-${c.sha}`)
  mkdirSync(dir, { recursive: true })
  const run = distCommand({
    node: node24.bin,
    dist: join(scratch, c.sha, 'dist/index.js'),
    reports: files,
    scratch: dir
  })
  return { ...c, dir, command: { name: c.name, rounds, run } }
})
log('Warm-up (page cache), then interleaved rounds')
for (const r of runs) r.command.run()
const samples = interleave(
  runs.map(r => r.command),
  rounds,
  log
)

/** The outputs of the last run of a commit, with what differs between any two runs set aside. */
function outputs(run) {
  const out = join(run.dir, 'runner-temp')
  const find = name => {
    const stack = [out]
    while (stack.length) {
      const d = stack.pop()
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name)
        if (e.isDirectory()) stack.push(p)
        else if (e.name === name) return p
      }
    }
    throw new Error(`${name} not found under ${out}`)
  }
  const reportFile = find('container-gate-report.json')
  const sarifFile = find('container-gate.sarif')
  const report = JSON.parse(readFileSync(reportFile, 'utf8'))
  report.generatedAt = '(time)'
  report.sarifFile = '(path)'
  return {
    report,
    reportBytes: statSync(reportFile).size,
    sarif: readFileSync(sarifFile),
    summary: readFileSync(join(run.dir, 'step-summary.md'), 'utf8').replaceAll(
      dirname(reportFile),
      '(run folder)'
    )
  }
}

const first = outputs(runs[0])
const last = outputs(runs[runs.length - 1])
const same = {
  sarif: first.sarif.equals(last.sarif),
  summary: first.summary === last.summary,
  report: isDeepStrictEqual(first.report, last.report)
}

const rssRange = r => {
  const all = samples.get(r.name).map(m => m.rss)
  return { min: Math.min(...all), max: Math.max(...all) }
}
const fmt = (v, d = 0) => (v === undefined ? '—' : v.toFixed(d))
const print = s => process.stdout.write(`${s}\n`)
print(
  `${size} findings (${reports.vulns} vulnerabilities, ${reports.misconfigs} misconfigurations; ${mib.toFixed(0)} MiB of Trivy JSON), Node ${node24.version}, ${rounds} rounds interleaved; medians [min–max].`
)
print('')
print('| commit | wall ms | CPU ms | peak RSS MiB | KiB per finding | JSON report MiB |')
print('|---|---|---|---|---|---|')
for (const r of runs) {
  const s = summarize(samples.get(r.name))
  const o = r === runs[0] ? first : r === runs[runs.length - 1] ? last : outputs(r)
  print(
    `| ${r.name} (${r.sha.slice(0, 7)}) | ${fmt(s.wall)} [${fmt(s.min)}–${fmt(s.max)}] | ${fmt(s.cpu)} | ${fmt(s.rss)} [${fmt(rssRange(r).min)}–${fmt(rssRange(r).max)}] | ${fmt((s.rss * 1024) / size, 1)} | ${fmt(o.reportBytes / 2 ** 20, 1)} |`
  )
}
if (runs.length > 1) {
  const a = samples.get(runs[runs.length - 1].name)
  const b = samples.get(runs[0].name)
  const wall = pairedRatio(a, b)
  const rss = pairedRatio(a, b, 'rss')
  print('')
  print(
    `${runs[runs.length - 1].name} / ${runs[0].name}: wall ${fmt(wall.median, 2)} [${fmt(wall.min, 2)}–${fmt(wall.max, 2)}], peak RSS ${fmt(rss.median, 2)} [${fmt(rss.min, 2)}–${fmt(rss.max, 2)}].`
  )
  print(
    `Outputs: SARIF ${same.sarif ? 'byte-identical' : 'DIFFERENT'}, job summary ${same.summary ? 'byte-identical' : 'DIFFERENT'}, JSON report ${same.report ? 'the same JSON' : 'DIFFERENT JSON'} (generatedAt and the SARIF path aside).`
  )
}
if (!same.sarif || !same.summary || !same.report) process.exitCode = 1
