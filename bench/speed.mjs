// Tool install and warm-run overhead, before and after, side by side, with the real Trivy 0.74.0 and
// hadolint 2.15.1 that scripts/e2e-tools.sh builds (E2E_TOOLS_DIR, default
// /var/cache/container-gate-e2e), served by the e2e release mirror (e2e/mirror/server.mjs) in the
// shapes of their GitHub releases.
//
//   node bench/speed.mjs [--rounds 7] [--commits 998f489,HEAD] [--only install|warm]
//
// 1. Cold install of Trivy: the installer alone (bench/install-entry.ts bundled from each commit's
//    src/, a fresh tool cache each time) against `curl -fsSL -o f URL && sha256sum -c && tar xzf f
//    trivy`, the least a careful shell step does. Also the warm install: the cached entry checked.
// 2. Warm run: dist/index.js scanning an image tarball, the repository's configuration and its
//    Dockerfile, with the tools in the tool cache and Trivy's DB on disk, against each scanner run
//    alone with the argv the action gave it (recorded once with strace), and all of them one after
//    another.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runnerEnv } from '../scripts/runner-env.mjs'
import {
  bundleEntry,
  exportCommit,
  git,
  interleave,
  measure,
  nodes,
  pairedRatio,
  root,
  summarize
} from './harness.mjs'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    commits: { type: 'string', default: '998f489,HEAD' },
    only: { type: 'string' }
  }
})
const rounds = Number(values.rounds)
const commits = values.commits.split(',').map(c => git(['rev-parse', '--short', c]))
const node = nodes().find(n => n.version.startsWith('v24'))?.bin ?? process.execPath
const toolsDir = process.env.E2E_TOOLS_DIR ?? '/var/cache/container-gate-e2e'
const envSh = readFileSync(join(toolsDir, 'env.sh'), 'utf8')
const toolEnv = Object.fromEntries([...envSh.matchAll(/(E2E_[A-Z_]+)=(\S+)/g)].map(m => [m[1], m[2]]))
const work = mkdtempSync(join(tmpdir(), 'cg-speed-'))
const out = join(root, 'bench/out')
mkdirSync(out, { recursive: true })
const log = m => process.stderr.write(`${m}\n`)
const sha256 = file => createHash('sha256').update(readFileSync(file)).digest('hex')

// The mirror: the release assets laid out by e2e/mirror/assets.sh (cached under bench/out/mirror).
const mirrorRoot = join(out, 'mirror')
const built = spawnSync('bash', [join(root, 'e2e/mirror/assets.sh'), mirrorRoot], {
  env: { ...process.env, E2E_TOOLS_DIR: toolsDir, PATH: `${process.env.PATH}:/usr/local/go/bin` },
  encoding: 'utf8'
})
if (built.status !== 0) throw new Error(`assets.sh: ${built.stderr}`)
const portFile = join(work, 'mirror.port')
const server = spawn(
  process.execPath,
  [join(root, 'e2e/mirror/server.mjs'), '--root', mirrorRoot, '--port-file', portFile],
  {
    stdio: 'ignore'
  }
)
while (!existsSync(portFile) || readFileSync(portFile, 'utf8').trim() === '')
  await new Promise(r => setTimeout(r, 50))
const mirror = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`
const trivyVersion = toolEnv.E2E_TRIVY_VERSION
const hadolintVersion = toolEnv.E2E_HADOLINT_VERSION
const trivyAsset = `trivy_${trivyVersion}_Linux-64bit.tar.gz`
const trivyAssetFile = join(mirrorRoot, `aquasecurity/trivy/releases/download/v${trivyVersion}/${trivyAsset}`)
const hadolintAsset = 'hadolint-linux-x86_64'
const hadolintAssetFile = join(
  mirrorRoot,
  `hadolint/hadolint/releases/download/v${hadolintVersion}/${hadolintAsset}`
)
const digests = { trivy: sha256(trivyAssetFile), hadolint: sha256(hadolintAssetFile) }
const toolDigests = `${digests.trivy}  ${trivyAsset}\n${digests.hadolint}  ${hadolintAsset}`

function fresh(name) {
  const dir = join(work, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return dir
}

const ok = what => r => {
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}\n${r.stdout}\n${r.stderr}`)
}

function table(title, header, rows) {
  return [
    `### ${title}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map(r => `| ${r.join(' | ')} |`),
    ''
  ].join('\n')
}
const fmt = s => `${s.wall.toFixed(0)} [${s.min.toFixed(0)}–${s.max.toFixed(0)}]`
const report = [
  `Run ${new Date().toISOString()}, commits ${commits.join(' → ')}, Node ${node}, ${rounds} rounds interleaved; medians [min–max] ms; ratios are medians of per-round ratios.`,
  ''
]

if (values.only !== 'warm') {
  const bundles = Object.fromEntries(
    commits.map(c => [c, bundleEntry(c, join(work, `bundle-${c}`), 'bench/install-entry.ts')])
  )
  const url = `${mirror}/aquasecurity/trivy/releases/download/v${trivyVersion}/${trivyAsset}`
  const scratch = fresh('scratch')
  const shell = {
    name: 'curl + sha256sum -c + tar xzf',
    run: () => {
      const dir = fresh('shell')
      return measure(
        [
          'sh',
          '-c',
          `curl -fsSL -o f "${url}" && echo "${digests.trivy}  f" | sha256sum -c --quiet && tar xzf f trivy`
        ],
        { env: { PATH: process.env.PATH }, cwd: dir, scratch, check: ok('shell install') }
      )
    }
  }
  const installer = (commit, warm) => ({
    name: `${commit} ${warm ? 'warm' : 'cold'}`,
    run: () => {
      const dir = join(work, `tc-${commit}`)
      if (!warm) rmSync(dir, { recursive: true, force: true })
      mkdirSync(join(dir, 'cache'), { recursive: true })
      const temp = fresh(`temp-${commit}`)
      const env = { PATH: process.env.PATH, RUNNER_TOOL_CACHE: join(dir, 'cache'), RUNNER_TEMP: temp }
      const m = measure([node, bundles[commit], 'trivy', trivyVersion, mirror, digests.trivy, trivyAsset], {
        env,
        cwd: temp,
        scratch,
        check: ok(`installer ${commit}`)
      })
      const inside = JSON.parse(m.stdout.trim().split('\n').pop())
      if ((inside.source === 'tool-cache') !== warm)
        throw new Error(`${commit}: expected ${warm ? 'the tool cache' : 'a download'}, got ${inside.source}`)
      return { ...m, inside: inside.ms }
    }
  })
  const cold = [shell, ...commits.map(c => installer(c, false))]
  const coldSamples = interleave(cold, rounds, log)
  // The warm check right after a cold install of the same commit, so the cache holds its own layout.
  const warm = commits.map(c => installer(c, true))
  const warmSamples = interleave(warm, rounds, log)
  const base = coldSamples.get(shell.name)
  const rows = [[shell.name, fmt(summarize(base)), '', '1.00', `${summarize(base).rss?.toFixed(0) ?? ''}`]]
  for (const c of commits) {
    const s = coldSamples.get(`${c} cold`)
    rows.push([
      `installer at ${c}, cold`,
      fmt(summarize(s)),
      `${summarize(s.map(x => ({ wall: x.inside }))).wall.toFixed(0)}`,
      `**${pairedRatio(s, base).median.toFixed(2)}**`,
      `${summarize(s).rss?.toFixed(0) ?? ''}`
    ])
  }
  for (const c of commits) {
    const s = warmSamples.get(`${c} warm`)
    rows.push([
      `installer at ${c}, warm (tool cache checked)`,
      fmt(summarize(s)),
      `${summarize(s.map(x => ({ wall: x.inside }))).wall.toFixed(0)}`,
      '',
      `${summarize(s).rss?.toFixed(0) ?? ''}`
    ])
  }
  report.push(
    table(
      `Install Trivy ${trivyVersion} (${(readFileSync(trivyAssetFile).length / 1e6).toFixed(0)} MB archive, 168 MB executable) from the local mirror`,
      ['what', 'wall ms (process)', 'install ms (inside the process)', 'ratio to the shell', 'peak RSS MiB'],
      rows
    )
  )
}

/**
 * One traced warm run: when each scanner process started and ended, in ms after the action's
 * process started, and when the action ended (strace -ttt lines: "pid seconds.micros call").
 */
function timelineTable(commit, file) {
  const lines = readFileSync(file, 'utf8').split('\n')
  const start = Number(lines[0].split(/\s+/)[1])
  const at = line => ((Number(line.split(/\s+/)[1]) - start) * 1000).toFixed(0)
  const names = new Map()
  const rows = []
  for (const line of lines) {
    const [pid] = line.split(/\s+/)
    const exec = /execve\("[^"]+\/(trivy|hadolint)", \["[^"]*", "([^"]+)"/.exec(line)
    if (exec && !/--version|"version"/.test(line)) {
      names.set(pid, exec[1] === 'trivy' ? `trivy ${exec[2]}` : 'hadolint')
      rows.push([names.get(pid), at(line), ''])
    }
    // The action reaps each child (libuv's waitpid): the pid it returns has ended.
    const reaped = /wait4\(.*\) = (\d+)$/.exec(line)?.[1]
    const row = reaped && rows.find(r => r[0] === names.get(reaped) && r[2] === '')
    if (row) row[2] = at(line)
  }
  // The action's own exit: exit_group from its main thread (the first pid in the trace).
  const main = lines[0].split(/\s+/)[0]
  const end = lines.find(l => l.startsWith(`${main} `) && /exit_group\(/.test(l))
  rows.push(['the action ends', '', end ? at(end) : ''])
  return table(
    `Timeline of one warm run at ${commit} (ms after the action's process started)`,
    ['process', 'started', 'ended'],
    rows
  )
}

if (values.only !== 'install') {
  // The workspace: a Dockerfile to lint and to scan as configuration; an image tarball to scan.
  const fixtures = join(out, 'fixtures')
  if (!existsSync(join(fixtures, 'fixtures.json'))) {
    const builder = spawnSync('sh', ['-c', `ls ${toolsDir}/e2e-fixtures-* | head -1`], {
      encoding: 'utf8'
    }).stdout.trim()
    const r = spawnSync(
      builder,
      [
        '-db-fixtures',
        join(root, '__fixtures__/shared/fixtures/trivy/db'),
        '-images',
        join(root, 'e2e/images'),
        '-out',
        fixtures
      ],
      { encoding: 'utf8' }
    )
    ok('e2e-fixtures')(r)
  }
  const image = join(fixtures, 'images/debian-vuln.tar')
  const dists = Object.fromEntries(
    commits.map(c => {
      exportCommit(c, ['dist'], join(work, `dist-${c}`))
      return [c, join(work, `dist-${c}/dist/index.js`)]
    })
  )
  const workspace = fresh('workspace')
  mkdirSync(join(workspace, 'images'))
  cpSync(image, join(workspace, 'images/debian-vuln.tar'))
  writeFileSync(
    join(workspace, 'Dockerfile'),
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER root\n'
  )
  const inputs = {
    'image-input': 'images/debian-vuln.tar',
    dockerfile: 'Dockerfile',
    'config-path': '.',
    'tool-mirror': mirror,
    'tool-digests': toolDigests,
    'trivy-db-repository': '127.0.0.1:1/unused/trivy-db',
    'cache-db': 'false',
    'upload-sarif': 'false',
    'upload-artifact': 'false',
    comment: 'off',
    fail: 'false'
  }
  const prepare = commit => {
    const dir = fresh(`warm-${commit}`)
    const temp = join(dir, 'temp')
    const env = runnerEnv({
      workspace,
      output: join(dir, 'output'),
      summary: join(dir, 'summary'),
      temp,
      inputs
    })
    env.RUNNER_TOOL_CACHE = join(dir, 'tool-cache')
    // Trivy's DB where the action keeps it (workspace/run-dirs.ts): a warm runner has it on disk.
    const db = join(temp, 'container-gate-trivy-cache/db')
    mkdirSync(db, { recursive: true })
    spawnSync('tar', ['xzf', join(fixtures, 'db.tar.gz'), '-C', db])
    // Downloaded just now, as the post step of an earlier run on this runner would have left it.
    const meta = JSON.parse(readFileSync(join(db, 'metadata.json'), 'utf8'))
    meta.DownloadedAt = new Date().toISOString()
    writeFileSync(join(db, 'metadata.json'), JSON.stringify(meta))
    writeFileSync(join(dir, 'output'), '')
    writeFileSync(join(dir, 'summary'), '')
    // The first run installs the tools; later runs find them in the tool cache.
    ok(`first run of ${commit}`)(spawnSync(node, [dists[commit]], { env, cwd: workspace, encoding: 'utf8' }))
    return { dir, env }
  }
  const setups = Object.fromEntries(commits.map(c => [c, prepare(c)]))
  // The scanners' argv as the action ran them (the newest commit's), recorded once with strace;
  // and for each commit, once, when each process started and ended (strace -ttt): the timeline.
  const timeline = commit => {
    const file = join(work, `trace-${commit}`)
    spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-ttt',
        '-s',
        '4096',
        '-e',
        'trace=execve,wait4,exit_group',
        '-o',
        file,
        node,
        dists[commit]
      ],
      { env: setups[commit].env, cwd: workspace }
    )
    return file
  }
  const traces = Object.fromEntries(commits.map(c => [c, timeline(c)]))
  const traced = setups[commits.at(-1)]
  const trace = traces[commits.at(-1)]
  const scanners = []
  for (const line of readFileSync(trace, 'utf8').split('\n')) {
    const m = /execve\("([^"]+\/(trivy|hadolint))", \[(.*)\], /.exec(line)
    if (!m || /--version|^"[^"]+", "version"/.test(m[3])) continue
    const argv = JSON.parse(`[${m[3]}]`)
    if (argv[1] === 'version' || argv.includes('--version')) continue
    scanners.push({ name: `${m[2]} ${argv[1]} alone`, argv: [m[1], ...argv.slice(1)] })
  }
  // The action's run folder is gone after its run: recreate the files Trivy is pointed at
  // (workspace/run-dirs.ts writes them: an empty ignore file and config, `{}` as secret config).
  const runFolders = () => {
    for (const s of scanners) {
      const ignore = s.argv.find(a => a.endsWith('empty.trivyignore'))
      if (!ignore) continue
      const dir = ignore.slice(0, -'/empty.trivyignore'.length)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'empty.trivyignore'), '')
      writeFileSync(join(dir, 'trivy.yaml'), '')
      writeFileSync(join(dir, 'trivy-secret.yaml'), '{}\n')
    }
  }
  const scratch = fresh('scratch-warm')
  const scannerEnv = { PATH: process.env.PATH, HOME: traced.dir, TRIVY_DISABLE_VEX_NOTICE: 'true' }
  const commands = [
    ...scanners.map(s => ({
      name: s.name,
      run: () => {
        runFolders()
        // A scanner that fails at once would make the action look slow: it must write its report.
        const output = s.argv[s.argv.indexOf('--output') + 1]
        if (s.argv.includes('--output')) rmSync(output, { force: true })
        return measure(s.argv, {
          env: scannerEnv,
          cwd: workspace,
          scratch,
          check: r => {
            const wrote = s.argv.includes('--output') ? existsSync(output) : r.stdout.trim() !== ''
            if (r.status !== 0 || !wrote) throw new Error(`${s.name}: exit ${r.status}\n${r.stderr}`)
          }
        })
      }
    })),
    ...commits.map(c => ({
      name: `action ${c}`,
      run: () => {
        writeFileSync(join(setups[c].dir, 'output'), '')
        writeFileSync(join(setups[c].dir, 'summary'), '')
        const m = measure([node, dists[c]], {
          env: setups[c].env,
          cwd: workspace,
          scratch,
          check: ok(`action ${c}`)
        })
        // The last run's log: each stage says how long it took.
        writeFileSync(join(out, `warm-${c}.log`), m.stdout)
        return m
      }
    }))
  ]
  const samples = interleave(commands, rounds, log)
  const slowest = scanners
    .map(s => ({ s, med: summarize(samples.get(s.name)).wall }))
    .sort((a, b) => b.med - a.med)[0].s.name
  const sequential = samples
    .get(scanners[0].name)
    .map((_, i) => ({ wall: scanners.reduce((t, s) => t + samples.get(s.name)[i].wall, 0) }))
  const rows = scanners.map(s => [
    s.name + (s.name === slowest ? ' (slowest)' : ''),
    fmt(summarize(samples.get(s.name))),
    '',
    ''
  ])
  rows.push(['the scanners one after another', fmt(summarize(sequential)), '', ''])
  for (const c of commits) {
    const s = samples.get(`action ${c}`)
    rows.push([
      `dist/index.js at ${c}`,
      fmt(summarize(s)),
      `**${pairedRatio(s, samples.get(slowest)).median.toFixed(2)}**`,
      pairedRatio(s, sequential).median.toFixed(2)
    ])
  }
  report.push(
    table(
      'Warm run: image tarball + configuration + Dockerfile, tools cached, DB on disk',
      ['what', 'wall ms', 'action / slowest scanner', 'action / scanners in sequence'],
      rows
    ),
    ...commits.map(c => timelineTable(c, traces[c])),
    'Scanner argv (as the action ran them):',
    '',
    ...scanners.map(s => `- \`${s.argv.map(a => a.replace(work, '$WORK')).join(' ')}\``),
    ''
  )
}

server.kill()
const text = report.join('\n')
writeFileSync(join(out, 'speed.md'), text)
console.log(text)
rmSync(work, { recursive: true, force: true })
