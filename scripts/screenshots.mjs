// `npm run screenshots`: the pictures of the job summary and the pull-request comment in
// docs/screenshots/, made from the demo's own output, never by hand. It runs the demo
// (scripts/demo.mjs: dist/index.js on examples/, the fixed clock) as a pull_request run against
// local stand-ins of the API calls the comment needs and of the artifact service
// (scripts/github-standins.mjs), renders the summary and the comment's body the way github.com does
// (scripts/github-markdown.mjs) and photographs them in headless Chromium through playwright-core.
//
// Node 24 (npm run puts the node devDependency's first on PATH): the artifact stand-in is the
// tests' TypeScript, loaded by Node's type stripping. Chromium: CHROMIUM_PATH, else
// /usr/bin/chromium (Debian: apt-get install chromium). The pictures show the first view people
// get: <details> sections closed.
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads'
import { runDemo } from './demo.mjs'
import { githubPage, renderGitHubMarkdown } from './github-markdown.mjs'

const root = resolve(import.meta.dirname, '..')
const out = join(root, 'docs/screenshots')
const REPOSITORY = 'acme/app'
const PULL_REQUEST = 7

/** A pull_request event's payload, as much of it as the action reads: a branch of the same repo. */
const pullRequestEvent = sha => ({
  action: 'synchronize',
  number: PULL_REQUEST,
  pull_request: {
    number: PULL_REQUEST,
    head: { sha, repo: { full_name: REPOSITORY } },
    base: { ref: 'main', repo: { full_name: REPOSITORY } }
  }
})

/**
 * Runs the demo as a pull-request run, with the artifact service when `artifacts` is true; returns
 * the summary and the comment's markdown.
 */
export async function demoOnPullRequest(dir, { artifacts = false } = {}) {
  const channel = new MessageChannel()
  const standin = new Worker(new URL('./github-standins.mjs', import.meta.url), {
    workerData: { port: channel.port2, artifacts },
    transferList: [channel.port2]
  })
  try {
    const [{ port, artifactEnv }] = await once(channel.port1, 'message')
    const sha = '4f1c2b7a9d3e5f60718293a4b5c6d7e8f9012345'
    const event = join(dir, 'event.json')
    writeFileSync(event, JSON.stringify(pullRequestEvent(sha)))
    const env = {
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: sha,
      GITHUB_REF: `refs/pull/${PULL_REQUEST}/merge`,
      GITHUB_WORKFLOW: 'container security',
      GITHUB_JOB: 'gate',
      GITHUB_RUN_ID: '1234567890',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: `http://127.0.0.1:${port}`,
      ...artifactEnv
    }
    const run = runDemo({ dir, env, inputs: { comment: 'update', 'github-token': 'screenshot-token' } })
    const messages = []
    for (let m = receiveMessageOnPort(channel.port1); m; m = receiveMessageOnPort(channel.port1))
      messages.push(m.message)
    const unanswered = messages.filter(m => m.unanswered).map(m => m.unanswered)
    const comment = messages.find(m => m.comment !== undefined)?.comment
    if (unanswered.length > 0) throw new Error(`the stand-in did not answer: ${unanswered.join(', ')}`)
    if (!run.outputs.verdict || comment === undefined || (artifacts && !run.outputs['artifact-url']))
      throw new Error(`the demo wrote no verdict, comment or artifact:\n${run.stdout}\n${run.stderr}`)
    return { summary: run.summary, comment }
  } finally {
    channel.port1.postMessage('stop')
    await standin.terminate()
    channel.port1.close()
  }
}

/** Photographs each page's frame into docs/screenshots/<name>.png. */
async function photograph(pages) {
  const { chromium } = await import('playwright-core')
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`)
  const browser = await chromium.launch({ executablePath })
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1 })
    for (const { name, html } of pages) {
      await page.setContent(html, { waitUntil: 'load' })
      await page.locator('.frame').screenshot({ path: join(out, `${name}.png`), animations: 'disabled' })
      console.log(`docs/screenshots/${name}.png`)
    }
  } finally {
    await browser.close()
  }
}

async function main() {
  if (!process.features.typescript)
    throw new Error(`npm run screenshots needs Node 24 (the node devDependency), not ${process.version}`)
  const dir = mkdtempSync(join(tmpdir(), 'container-gate-screenshots-'))
  try {
    const { summary, comment } = await demoOnPullRequest(dir, { artifacts: true })
    mkdirSync(out, { recursive: true })
    await photograph([
      {
        name: 'job-summary',
        html: githubPage({
          title: 'job summary',
          header: '<b>gate</b> summary',
          body: renderGitHubMarkdown(summary),
          width: 1012
        })
      },
      {
        name: 'pull-request-comment',
        html: githubPage({
          title: 'pull-request comment',
          header: '<b>github-actions</b> bot commented',
          body: renderGitHubMarkdown(comment),
          width: 820
        })
      }
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
