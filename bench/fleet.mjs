// The fleet aggregate at scale: node bench/fleet.mjs [--rounds N] [--shapes 16x2000,64x2000,256x500,256x2000]
//
// One real leg report first: dist/index.js (the committed bundle, as a runner runs it) imports a
// Trivy report of 2,100 findings (a few are repeats the action counts once) replicated from real ones (fixtures.mjs) and writes its JSON report
// (version 2) with every finding decided. That report is then copied into L legs × F findings, as a
// fleet sharing bases looks: legs are spread over 4 base images, 80% of a leg's findings are its
// base's (the same package versions in every image built FROM it), 20% its own. Then
// `mode: aggregate` runs on them end to end (dist/index.js, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, no
// token), each shape once per round, interleaved; GNU time gives CPU and peak memory (max RSS).
//
// Prints a markdown table; writes it with the raw samples to bench/out/fleet.{md,json} (git-ignored).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { writeReports } from './fixtures.mjs'
import { exportCommit, git, hasGnuTime, interleave, measure, median, nodes, root } from './harness.mjs'
import { readGithubOutput, runnerEnv } from '../scripts/runner-env.mjs'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
const rounds = Number(option('rounds', '3'))
const shapes = option('shapes', '16x2000,64x2000,256x500,256x2000')
  .split(',')
  .map(s => s.split('x').map(Number))
  .map(([legs, findings]) => ({ legs, findings }))
const log = message => process.stderr.write(`${message}\n`)
const BASES = [
  'docker.io/library/debian:12',
  'docker.io/library/alpine:3.20',
  'gcr.io/distroless/base:nonroot',
  'docker.io/library/ubuntu:24.04'
]
/** Share of a leg's findings that come from its base, repeated in every image built FROM it. */
const BASE_SHARE = 0.8

const scratch = mkdtempSync(join(tmpdir(), 'container-gate-fleet-bench-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))
const commit = git(['rev-parse', 'HEAD'])
exportCommit(commit, ['dist'], join(scratch, 'commit'))
const dist = join(scratch, 'commit/dist/index.js')
const node24 = nodes().find(n => n.version.startsWith('v24'))?.bin
if (!node24) throw new Error('node_modules/node/bin/node (Node 24) is missing.')

/** Runs dist/index.js with the given inputs in `workspace`; returns its outputs. */
function runAction(workspace, inputs, label) {
  const dir = mkdtempSync(join(scratch, 'step-'))
  const output = join(dir, 'output')
  const summary = join(dir, 'summary.md')
  const temp = join(dir, 'runner-temp')
  mkdirSync(temp)
  writeFileSync(output, '')
  writeFileSync(summary, '')
  const env = runnerEnv({ workspace, output, summary, temp, inputs })
  const m = measure([node24, dist], {
    env,
    cwd: workspace,
    scratch: dir,
    check: result => {
      if (result.status === null || result.status > 1)
        throw new Error(
          `${label}: dist/index.js exited ${result.status}\n${result.stdout.slice(-3000)}${result.stderr}`
        )
    }
  })
  return { ...m, outputs: readGithubOutput(output), summaryBytes: readFileSync(summary).length }
}

// 1. One real leg report.
const sources = writeReports(join(scratch, 'trivy'), 2100)
const leg = runAction(
  scratch,
  {
    report: `${sources.image}\n${sources.config}`,
    'config-path': '',
    dockerfile: '',
    'upload-sarif': 'false',
    'upload-artifact': 'false',
    comment: 'off',
    summary: 'false',
    fail: 'false',
    mode: 'gate'
  },
  'leg'
)
const template = JSON.parse(readFileSync(leg.outputs['report-file'], 'utf8'))
const most = Math.max(...shapes.map(s => s.findings))
if (template.version !== 2 || template.findings.length < most)
  throw new Error(`the leg report: version ${template.version}, ${template.findings.length} findings`)
log(
  `Leg report from dist/index.js: ${template.findings.length} findings, ${(JSON.stringify(template, null, 2).length / 1048576).toFixed(1)} MiB`
)

/** Leg `l` of a fleet: the template's findings, re-pointed at its image, its base's versions and its own. */
function legOf(l, findings) {
  const base = l % BASES.length
  const image = `ghcr.io/acme/service-${String(l).padStart(3, '0')}:1.0`
  const shared = Math.round(findings * BASE_SHARE)
  const report = structuredClone({ ...template, findings: [] })
  report.leg = `service-${String(l).padStart(3, '0')}`
  report.inputs.images = [image]
  report.inputs.dockerfiles = [`services/service-${l}/Dockerfile`]
  report.baseImages = [
    {
      dockerfile: `services/service-${l}/Dockerfile`,
      platform: 'linux/amd64',
      image: BASES[base],
      written: BASES[base]
    }
  ]
  report.findings = template.findings.slice(0, findings).map((f, i) => {
    const copy = { ...f, package: f.package ? { ...f.package } : undefined }
    if (copy.kind === 'vuln') {
      copy.image = image
      copy.subject = image
      copy.target = `${image} (debian 12.8)`
      copy.package.installedVersion = `${copy.package.installedVersion}${i < shared ? `+base${base}` : `+${report.leg}`}`
    } else {
      copy.subject = `services/service-${l}`
      copy.file = `services/service-${l}/${copy.file ?? 'Dockerfile'}`
    }
    return copy
  })
  return report
}

// 2. The fleets, written once each.
const fleets = shapes.map(({ legs, findings }) => {
  const workspace = join(scratch, `fleet-${legs}x${findings}`)
  let bytes = 0
  for (let l = 0; l < legs; l++) {
    const dir = join(workspace, 'legs', `container-gate-service-${l}`)
    mkdirSync(dir, { recursive: true })
    const text = JSON.stringify(legOf(l, findings), null, 2)
    bytes += text.length
    writeFileSync(join(dir, 'container-gate-report.json'), text)
  }
  log(`Fleet ${legs} legs × ${findings} findings: ${(bytes / 1048576).toFixed(0)} MiB of reports`)
  const expected = JSON.stringify(
    Array.from({ length: legs }, (_, l) => `service-${String(l).padStart(3, '0')}`)
  )
  const inputs = {
    mode: 'aggregate',
    report: 'legs/**/container-gate-report.json',
    'expected-legs': expected,
    comment: 'off',
    summary: 'true',
    fail: 'false'
  }
  return { legs, findings, bytes, workspace, inputs }
})

// 3. The aggregate, interleaved.
const results = new Map()
const samples = interleave(
  fleets.map(f => ({
    name: `${f.legs}x${f.findings}`,
    run: () => {
      const r = runAction(f.workspace, f.inputs, `aggregate ${f.legs}x${f.findings}`)
      const totals = JSON.parse(r.outputs['fleet-totals'])
      results.set(`${f.legs}x${f.findings}`, { totals, summaryBytes: r.summaryBytes })
      return { wall: r.wall, cpu: r.cpu, rss: r.rss }
    }
  })),
  rounds,
  log
)

const fmt = (v, digits = 1) => (v === undefined ? '—' : v.toFixed(digits))
const rows = fleets.map(f => {
  const name = `${f.legs}x${f.findings}`
  const s = samples.get(name)
  const r = results.get(name)
  const wall = s.map(x => x.wall / 1000)
  return `| ${f.legs} × ${f.findings.toLocaleString('en-US')} | ${r.totals.occurrences.toLocaleString('en-US')} | ${r.totals.distinct.toLocaleString('en-US')} | ${fmt(f.bytes / 1048576, 0)} | ${fmt(median(wall))} [${fmt(Math.min(...wall))}–${fmt(Math.max(...wall))}] | ${fmt(median(s.map(x => x.cpu / 1000)))} | ${fmt(median(s.map(x => x.rss)), 0)} | ${fmt(median(s.map(x => x.rss)) / (f.bytes / 1048576), 2)} | ${fmt(r.summaryBytes / 1024, 0)} |`
})
const table = [
  `Commit ${commit.slice(0, 7)}, Node ${process.versions.node} running the bench, dist/index.js under Node 24; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${rounds} rounds, medians [min–max]${hasGnuTime ? '' : ' (no GNU time: CPU and memory not measured)'}.`,
  '',
  '| legs × findings per leg | findings read | distinct kept | reports (MiB) | wall (s) | CPU (s) | peak RSS (MiB) | RSS / report MiB | summary (KiB) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows
].join('\n')
process.stdout.write(`${table}\n`)
mkdirSync(join(root, 'bench/out'), { recursive: true })
writeFileSync(join(root, 'bench/out/fleet.md'), `${table}\n`)
writeFileSync(
  join(root, 'bench/out/fleet.json'),
  JSON.stringify(
    { commit, shapes, samples: Object.fromEntries(samples), results: Object.fromEntries(results) },
    null,
    2
  )
)
