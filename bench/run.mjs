// The benchmarks, as one command: node bench/run.mjs [--rounds N] [--sizes 1000,10000,60000]
//
// 1. dist/index.js end to end (the runner's way: INPUT_*, GITHUB_OUTPUT, offline) on Trivy reports
//    of ~1k, ~10k and ~60k findings replicated from real ones (bench/fixtures.mjs), on Node 24 (what
//    action.yml runs) and Node 20, side by side with `trivy convert --format sarif` on the same
//    reports (what trivy-action does to make SARIF), all interleaved in one run.
// 2. Each stage of the processing (parse, evaluate, renderSarif, ... renderComment) timed inside one
//    cold process per size (bench/entry.ts, bundled with ncc into a temporary directory).
//
// Prints markdown tables; also writes them with the raw samples to bench/out/ (git-ignored).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { writeReports } from './fixtures.mjs'
import {
  bundleEntry,
  distCommand,
  exportCommit,
  git,
  hasGnuTime,
  interleave,
  measure,
  median,
  nodes,
  pairedRatio,
  root,
  summarize,
  trivyConvertCommand
} from './harness.mjs'

const TRIVY = process.env.BENCH_TRIVY ?? '/var/cache/container-gate-e2e/trivy-0.74.0/trivy'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
const rounds = Number(option('rounds', '5'))
const sizes = option('sizes', '1000,10000,60000').split(',').map(Number)
const largest = Math.max(...sizes)
// Small sizes are cheap: give them twice the rounds for steadier medians.
const roundsFor = n => (n === largest ? rounds : rounds * 2)
const log = message => process.stderr.write(`${message}\n`)
const started = Date.now()

const scratch = mkdtempSync(join(tmpdir(), 'container-gate-bench-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))
// The committed bundle, copied: someone may rebuild dist/ in the work tree while this runs.
const commit = git(['rev-parse', 'HEAD'])
exportCommit(commit, ['dist'], join(scratch, 'commit'))
const dist = join(scratch, 'commit/dist/index.js')

const [node20, node24] = nodes()
if (!node24) throw new Error('node_modules/node/bin/node (Node 24) is missing.')
const trivy = existsSync(TRIVY) ? TRIVY : undefined
const trivyVersion = trivy
  ? spawnSync(trivy, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]
  : undefined

log(`Writing reports of ${sizes.join(', ')} findings to ${scratch}`)
const reports = new Map()
for (const n of sizes) {
  const r = writeReports(join(scratch, 'reports'), n)
  const mb = (statSync(r.image).size + statSync(r.config).size) / 2 ** 20
  reports.set(n, { ...r, files: [r.image, r.config], mb })
}
log('Bundling bench/entry.ts with ncc')
const entry = bundleEntry(commit, join(scratch, 'entry'))

// --- 1. End to end, interleaved -------------------------------------------------------------------
const commands = []
for (const n of sizes) {
  const files = reports.get(n).files
  const dir = name => {
    const d = join(scratch, name)
    mkdirSync(d, { recursive: true })
    return d
  }
  commands.push({
    name: `node24 ${n}`,
    rounds: roundsFor(n),
    run: distCommand({ node: node24.bin, dist, reports: files, scratch: dir(`dist24-${n}`) })
  })
  commands.push({
    name: `node20 ${n}`,
    rounds: roundsFor(n),
    run: distCommand({ node: node20.bin, dist, reports: files, scratch: dir(`dist20-${n}`) })
  })
  if (trivy) {
    commands.push({
      name: `trivy ${n}`,
      rounds: roundsFor(n),
      run: trivyConvertCommand({ trivy, reports: files, scratch: dir(`trivy-${n}`) })
    })
  }
}
// One discarded warm-up of each kind on the smallest reports: loads the binaries into the page cache.
log('Warm-up')
for (const c of commands.filter(c => c.name.endsWith(` ${sizes[0]}`))) c.run()
log(`End to end: ${commands.length} commands, up to ${rounds * 2} rounds, interleaved`)
const e2e = interleave(commands, Math.max(...commands.map(c => c.rounds)), log)

// --- 2. Stage breakdown, one cold process per sample ----------------------------------------------
const stageCommands = sizes.map(n => ({
  name: `stages ${n}`,
  rounds: roundsFor(n),
  run: () => {
    const { stdout, ...m } = measure([node24.bin, entry, ...reports.get(n).files], {
      env: { PATH: process.env.PATH },
      cwd: scratch,
      scratch,
      check: r => {
        if (r.status !== 0) throw new Error(`bench entry failed on ${n}: ${r.stderr}`)
      }
    })
    return { ...m, ...JSON.parse(stdout) }
  }
}))
log('Stages')
const stages = interleave(stageCommands, Math.max(...stageCommands.map(c => c.rounds)), log)

// --- Report ---------------------------------------------------------------------------------------
const fmt = (ms, digits = 0) => (ms === undefined ? '—' : ms.toFixed(digits))
const k = n => (n >= 1000 ? `${n / 1000}k` : String(n))
const lines = []
const out = s => lines.push(s)

out(
  `Run: ${new Date().toISOString()}, commit ${commit.slice(0, 7)} (its dist/index.js, and its src/ bundled with bench/entry.ts for the stages).`
)
out(
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, shared with other jobs (noisy). ` +
    `Node ${node24.version} (${node24.bin.replace(root + '/', '')}) and ${node20.version} (${node20.bin}); ` +
    `${trivy ? `Trivy ${trivyVersion.replace('Version: ', '')} (${trivy})` : 'Trivy: not found, comparison skipped'}.`
)
out(
  `Rounds: ${rounds} at ${k(largest)}, ${rounds * 2} at smaller sizes; medians, [min–max]; ratios are medians of per-round ratios. ` +
    `CPU = user+sys${hasGnuTime ? '' : ' (unavailable: no /usr/bin/time)'}; RSS = peak resident memory.`
)
out('')
out(
  'Inputs: one `trivy image` report (90% of the findings, vulnerabilities) and one `trivy config` report (10%, misconfigurations) per size:'
)
out('')
out('| findings | vulnerabilities | misconfigurations | JSON on disk |')
out('|---|---|---|---|')
for (const n of sizes) {
  const r = reports.get(n)
  out(`| ${k(n)} | ${r.vulns} | ${r.misconfigs} | ${r.mb.toFixed(1)} MiB |`)
}

const row = s => `${fmt(s.wall)} [${fmt(s.min)}–${fmt(s.max)}]`
out('')
out(`### dist/index.js end to end (Node ${node24.version}, as action.yml runs it)`)
out('')
out('| findings | wall ms | CPU ms | peak RSS MiB | µs per finding | growth vs previous size |')
out('|---|---|---|---|---|---|')
let previous
for (const n of sizes) {
  const s = summarize(e2e.get(`node24 ${n}`))
  const growth = previous
    ? `×${(s.wall / previous.s.wall).toFixed(2)} for ×${(n / previous.n).toFixed(0)} findings`
    : ''
  out(`| ${k(n)} | ${row(s)} | ${fmt(s.cpu)} | ${fmt(s.rss)} | ${fmt((s.wall * 1000) / n)} | ${growth} |`)
  previous = { n, s }
}

if (trivy) {
  out('')
  out("### Against `trivy convert --format sarif` (trivy-action's way to SARIF), same reports")
  out('')
  out('container-gate does more per run: the policy verdict, SARIF, the job summary and the JSON report.')
  out('')
  out(
    '| findings | trivy convert wall ms | dist (Node 24) wall ms | dist / trivy | trivy CPU ms | dist CPU ms | trivy RSS MiB | dist RSS MiB |'
  )
  out('|---|---|---|---|---|---|---|---|')
  for (const n of sizes) {
    const t = summarize(e2e.get(`trivy ${n}`))
    const d = summarize(e2e.get(`node24 ${n}`))
    const r = pairedRatio(e2e.get(`node24 ${n}`), e2e.get(`trivy ${n}`))
    out(
      `| ${k(n)} | ${row(t)} | ${row(d)} | **${r.median.toFixed(2)}** [${r.min.toFixed(2)}–${r.max.toFixed(2)}] | ${fmt(t.cpu)} | ${fmt(d.cpu)} | ${fmt(t.rss)} | ${fmt(d.rss)} |`
    )
  }
}

out('')
out(`### Node ${node20.version} against Node ${node24.version}, dist/index.js`)
out('')
out('| findings | Node 20 wall ms | Node 24 wall ms | 24 / 20 | Node 20 RSS MiB | Node 24 RSS MiB |')
out('|---|---|---|---|---|---|')
for (const n of sizes) {
  const a = summarize(e2e.get(`node20 ${n}`))
  const b = summarize(e2e.get(`node24 ${n}`))
  const r = pairedRatio(e2e.get(`node24 ${n}`), e2e.get(`node20 ${n}`))
  out(
    `| ${k(n)} | ${row(a)} | ${row(b)} | **${r.median.toFixed(2)}** [${r.min.toFixed(2)}–${r.max.toFixed(2)}] | ${fmt(a.rss)} | ${fmt(b.rss)} |`
  )
}

const stageNames = Object.keys(stages.get(`stages ${sizes[0]}`)[0].times)
out('')
out(`### Stages inside one cold process (Node ${node24.version}, bench/entry.ts), median ms`)
out('')
out(
  '`planUploads` (merge runs, drop to 25,000 results per run, gzip) and `renderComment` run only when publishing to GitHub.'
)
out('')
out(
  `| stage | ${sizes.map(k).join(' | ')} | µs per finding at ${k(largest)} | ${k(largest)} / ${k(sizes[sizes.length - 2] ?? largest)} |`
)
out(`|---|${sizes.map(() => '---|').join('')}---|---|`)
const stageMedian = (n, name) =>
  median(
    stages
      .get(`stages ${n}`)
      .filter(Boolean)
      .map(s => s.times[name])
  )
for (const name of [...stageNames, 'total']) {
  const value = n =>
    name === 'total'
      ? median(
          stages
            .get(`stages ${n}`)
            .filter(Boolean)
            .map(s => Object.values(s.times).reduce((a, b) => a + b, 0))
        )
      : stageMedian(n, name)
  const before = sizes.length > 1 ? value(sizes[sizes.length - 2]) : undefined
  out(
    `| ${name} | ${sizes.map(n => fmt(value(n))).join(' | ')} | ${fmt((value(largest) * 1000) / largest, 1)} | ${before ? `×${(value(largest) / before).toFixed(2)}` : ''} |`
  )
}
const big = stages.get(`stages ${largest}`)[0]
out('')
out(
  `Outputs at ${k(largest)}: SARIF ${(big.bytes.sarif / 2 ** 20).toFixed(1)} MiB (${big.sarifResults} results), JSON report ${(big.bytes.report / 2 ** 20).toFixed(1)} MiB, ` +
    `summary ${(big.bytes.summary / 1024).toFixed(0)} KiB, comment ${(big.bytes.comment / 1024).toFixed(0)} KiB; ` +
    `upload plan: ${big.uploads} upload(s), ${big.dropped} results dropped by the 25,000-per-run limit.`
)
out('')
out(`Total bench time: ${((Date.now() - started) / 1000).toFixed(0)} s.`)

const markdown = lines.join('\n') + '\n'
process.stdout.write(markdown)
mkdirSync(join(root, 'bench/out'), { recursive: true })
writeFileSync(join(root, 'bench/out/results.md'), markdown)
writeFileSync(
  join(root, 'bench/out/results.json'),
  JSON.stringify({ sizes, rounds, e2e: Object.fromEntries(e2e), stages: Object.fromEntries(stages) }, null, 2)
)
