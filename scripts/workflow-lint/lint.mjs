// Lints every workflow of this repository and every workflow the documentation shows, with the
// two linters GitHub users meet: actionlint (syntax, expressions, `with:` keys against action.yml,
// ShellCheck on `run:` scripts) and zizmor (security: pinning, permissions, injection, credential
// persistence, Dependabot settings; the pedantic persona for this repository's own files). Part
// of `npm test`; zero findings or it fails.
//
//   .github/workflows/*.yml, .github/dependabot.yml, action.yml   as they are
//   README.md and docs/*.md                                       every ```yaml block that is a
//     workflow (a mapping with `jobs`) is written to a scratch folder and linted too. For
//     actionlint, `uses: container-gate/container-gate@<ref>` becomes `uses: ./` beside a copy of
//     action.yml, so the inputs an example passes are checked against the real ones; zizmor sees
//     the block exactly as written. Other yaml blocks (policy files, fragments) must parse.
//
// A finding that is accepted is silenced where it occurs, with the reason on the same line:
// `# zizmor: ignore[<audit>] <why>`. zizmor runs its online audits on this repository's files
// (impostor commits, version comments that disagree with the pinned SHA, known-vulnerable
// actions) only when GH_TOKEN is set, as in ci.yml; offline otherwise. The linters come from
// scripts/workflow-lint/tools.sh.
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'

const root = resolve(import.meta.dirname, '../..')
const ACTION_REF = /\buses:\s*container-gate\/container-gate@\S+/g

/** Every ```yaml / ```yml fenced block of a Markdown file, with the line its content starts on. */
export function yamlBlocks(markdown) {
  const blocks = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*ya?ml\b/.exec(lines[i])
    if (!open) continue
    const fence = open[2]
    const end = lines.findIndex((line, j) => j > i && line.trim().startsWith(fence))
    if (end < 0) throw new Error(`unclosed ${fence}yaml block at line ${i + 1}`)
    blocks.push({ line: i + 2, text: lines.slice(i + 1, end).join('\n') + '\n' })
    i = end
  }
  return blocks
}

function documentation() {
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'))
        .filter(name => name.endsWith('.md'))
        .map(name => `docs/${name}`)
    : []
  return ['README.md', ...docs]
}

function tools() {
  const result = spawnSync('bash', [join(root, 'scripts/workflow-lint/tools.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit']
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
  return Object.fromEntries(
    result.stdout
      .trim()
      .split('\n')
      .map(line => line.split('='))
  )
}

/** Writes the documentation's workflow blocks to two scratch trees; returns how to map names back. */
function extract(scratch) {
  const asWritten = join(scratch, 'as-written/.github/workflows')
  const local = join(scratch, 'local/.github/workflows')
  mkdirSync(asWritten, { recursive: true })
  mkdirSync(local, { recursive: true })
  copyFileSync(join(root, 'action.yml'), join(scratch, 'local/action.yml'))
  // actionlint resolves `uses: ./` only inside a repository, and checks that runs.main exists.
  mkdirSync(join(scratch, 'local/.git'))
  mkdirSync(join(scratch, 'local/dist'))
  writeFileSync(join(scratch, 'local/dist/index.js'), '')
  const origins = new Map()
  let skipped = 0
  for (const doc of documentation()) {
    for (const block of yamlBlocks(readFileSync(join(root, doc), 'utf8'))) {
      let value
      try {
        value = parse(block.text)
      } catch (error) {
        console.error(`${doc}:${block.line}: this yaml block does not parse: ${error.message}`)
        process.exitCode = 1
        continue
      }
      if (!value || typeof value !== 'object' || !('jobs' in value)) {
        skipped++
        continue
      }
      const name = `${doc.replace(/[^A-Za-z0-9]+/g, '-')}-L${block.line}.yml`
      writeFileSync(join(asWritten, name), block.text)
      writeFileSync(join(local, name), block.text.replace(ACTION_REF, 'uses: ./'))
      origins.set(name, { doc, line: block.line })
    }
  }
  return { trees: [join(scratch, 'as-written'), join(scratch, 'local')], origins, skipped }
}

/** Rewrites `<scratch>/.github/workflows/<name>.yml:<line>` in a linter's output to `<doc>:<line>`. */
function mapBack(text, origins) {
  return text.replace(/(?:[^\s:]*\/)?([A-Za-z0-9-]+-L\d+\.yml)(?::(\d+))?/g, (whole, name, line) => {
    const origin = origins.get(name)
    if (!origin) return whole
    return line
      ? `${origin.doc}:${origin.line + Number(line) - 1}`
      : `${origin.doc} (block at line ${origin.line})`
  })
}

function run(label, command, args, cwd, mapOutput) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  const output = mapOutput(`${result.stdout}${result.stderr}`).trim()
  if (result.status !== 0) {
    console.error(`workflow-lint: ${label} reported findings (exit code ${result.status}):\n${output}\n`)
    process.exitCode = 1
    return false
  }
  return true
}

function main() {
  const bin = tools()
  const scratch = mkdtempSync(join(tmpdir(), 'container-gate-workflow-lint-'))
  try {
    const { trees, origins, skipped } = extract(scratch)
    const [asWritten, local] = trees
    const workflows = readdirSync(join(root, '.github/workflows'))
      .filter(name => /\.ya?ml$/.test(name))
      .map(name => `.github/workflows/${name}`)
    const map = text => mapBack(text, origins)
    const actionlint = [`-shellcheck=${bin.shellcheck}`, '-pyflakes=', '-no-color']
    const ok = [
      run('actionlint', bin.actionlint, [...actionlint, ...workflows], root, map),
      run(
        'actionlint (documentation)',
        bin.actionlint,
        [...actionlint, ...[...origins.keys()].map(name => `.github/workflows/${name}`)],
        local,
        map
      ),
      // This repository's own files meet the pedantic persona; the documentation the default one,
      // which is what a user pasting an example would run.
      run('zizmor (pedantic)', bin.zizmor, zizmorArgs(['--persona=pedantic', '.'], ONLINE), root, map),
      run('zizmor (documentation)', bin.zizmor, zizmorArgs([asWritten], false), root, map)
    ].every(Boolean)
    const summary = `${workflows.length} workflows, ${origins.size} documentation workflow blocks (${skipped} other yaml blocks parsed)`
    if (ok && process.exitCode !== 1)
      console.log(`workflow-lint: ${summary}: actionlint and zizmor found nothing`)
    else
      console.error(
        `workflow-lint: ${summary}: see the findings above (the extracted blocks are kept in ${scratch})`
      )
  } finally {
    if (process.exitCode !== 1) rmSync(scratch, { recursive: true, force: true })
  }
}

/** Online audits for this repository's own files when a token is there; the documentation's
 * examples name this action by a tag that need not exist yet, so they are audited offline. */
const ONLINE = Boolean(process.env.GH_TOKEN)

function zizmorArgs(args, online) {
  return [...(online ? [] : ['--offline']), '--strict-collection', '--format', 'plain', ...args]
}

if (import.meta.url === `file://${process.argv[1]}`) main()
