// GitHub API calls of a pull_request run, for one or more commits' dist/index.js side by side,
// against the GitHub API stand-in (__tests__/helpers/github-standin.ts, loaded by Node 24's type
// stripping: every request checked against GitHub's OpenAPI description and GraphQL schema).
//
//   node_modules/node/bin/node bench/api-calls.mjs [--commits eaa8033,HEAD]
//
// One tool (an imported Trivy report: no scanner needed), default inputs otherwise (SARIF upload,
// wait for processing, the sticky comment). The default branch `master` is analysed first by a
// push run of the same commit; then the pull request run (Codertocat/Hello-World#2, base master)
// is counted, by operation. Each commit gets a fresh stand-in.
//
// With --findings N (e.g. 8259, past the 5,000 alerts one comparison reads): the same generated
// Trivy reports of N findings (bench/fixtures.mjs) in both runs, so the pull request is identical to
// its base; the table then also says how many findings the comment calls new (none are).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { runnerEnv } from '../scripts/runner-env.mjs'
import { writeReports } from './fixtures.mjs'
import { exportCommit, git, root } from './harness.mjs'

const { GitHubStandIn } = await import('../__tests__/helpers/github-standin.ts')
const { values } = parseArgs({
  options: { commits: { type: 'string', default: 'eaa8033,HEAD' }, findings: { type: 'string' } }
})
const commits = values.commits.split(',').map(c => git(['rev-parse', '--short', c]))
const work = mkdtempSync(join(tmpdir(), 'cg-api-'))
const require = createRequire(import.meta.url)
const examples = require('@octokit/webhooks-examples/api.github.com/index.json')
const example = name => examples.find(x => x.name === name).examples
const pullRequest = example('pull_request').find(e => e.action === 'opened')
const push = example('push')[0]
const generated = values.findings ? writeReports(join(work, 'reports'), Number(values.findings)) : undefined
const report = generated
  ? `${generated.image}\n${generated.config}`
  : join(root, '__fixtures__/shared/fixtures/trivy/golden/alpine-39.json.golden')

/** Runs dist/index.js as the runner would for `event`; resolves with its stdout. */
function runAction(dist, gh, dir, event) {
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const eventFile = join(dir, `${event.name}.json`)
  writeFileSync(eventFile, JSON.stringify(event.payload))
  const output = join(dir, 'output')
  writeFileSync(output, '')
  writeFileSync(join(dir, 'summary'), '')
  const env = {
    ...runnerEnv({
      workspace,
      output,
      summary: join(dir, 'summary'),
      temp: join(dir, 'temp'),
      inputs: { report, 'github-token': 'ghs_standintoken', fail: 'false', 'upload-artifact': 'false' }
    }),
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'gate',
    GITHUB_RUN_ID: '7',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: gh.url,
    GITHUB_GRAPHQL_URL: `${gh.url}/graphql`,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REF: event.ref,
    GITHUB_SHA: event.sha
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [dist], { env, cwd: workspace })
    let stdout = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stdout += d))
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(stdout) : reject(new Error(`${dist} exited ${code}:\n${stdout.slice(-3000)}`))
    )
  })
}

const rows = []
for (const commit of commits) {
  const dir = join(work, commit)
  exportCommit(commit, ['dist'], dir)
  const dist = join(dir, 'dist/index.js')
  const gh = new GitHubStandIn({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master' })
  await gh.start()
  try {
    const base = { name: 'push', payload: push, ref: 'refs/heads/master', sha: push.after }
    await runAction(dist, gh, join(dir, 'push'), base)
    const before = gh.requests.length
    const head = { name: 'pull_request', payload: pullRequest, ref: 'refs/pull/2/merge', sha: push.after }
    const started = performance.now()
    await runAction(dist, gh, join(dir, 'pr'), head)
    const ms = performance.now() - started
    const calls = gh.requests.slice(before).map(r => r.operationId ?? `${r.method} ${r.path}`)
    if (gh.violations.length > 0) throw new Error(`${commit}: ${JSON.stringify(gh.violations)}`)
    const byOperation = new Map()
    for (const c of calls) byOperation.set(c, (byOperation.get(c) ?? 0) + 1)
    // What the comment calls new: the count in its "New compared with <base> (N)" heading, and
    // any "N more new findings" line.
    const body = gh.commentsOn(2)[0]?.body ?? ''
    const heading = /New compared with \S+ \(([\d,]+)/.exec(body)?.[1] ?? '0'
    const more = /([\d,]+) more new findings?/.exec(body)?.[1]
    const called = `${heading}${more ? ` (+ "${more} more new findings")` : ''}`
    rows.push(
      `| ${commit} | **${calls.length}** | ${[...byOperation].map(([op, n]) => `${op} × ${n}`).join(', ')} | ${(ms / 1000).toFixed(1)} | ${called} |`
    )
  } finally {
    await gh.stop()
  }
}
const what = generated
  ? `generated Trivy reports of ${values.findings} findings`
  : 'one imported Trivy report'
console.log(`Node ${process.version}; ${what}, pull_request run after the base (master) was analysed.\n`)
console.log('| dist of | API calls | by operation | pull_request run, s | findings the comment calls new |')
console.log('|---|---|---|---|---|')
for (const row of rows) console.log(row)
rmSync(work, { recursive: true, force: true })
