// `npm run demo`: runs the bundled action on the repository's own examples/ the way a runner would
// (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), with no network and no GitHub: the examples hold
// reports recorded from the real tools, and the base-image and admission rules are evaluated by the
// action itself. It prints the step's log as the log viewer shows it, the job summary as text, and
// the outputs. The action runs as if it were DEMO_NOW (scripts/fixed-clock.mjs), so the output
// does not change with the calendar. Everything it writes goes to a temporary folder that is
// removed at the end, unless `--out <dir>` names a folder to keep the SARIF, JSON report and
// summary in.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { demoInputs } from './demo-inputs.mjs'
import { readGithubOutput, runnerEnv } from './runner-env.mjs'
import { logToText, markdownToText } from './terminal-markdown.mjs'

const root = resolve(import.meta.dirname, '..')

/**
 * Runs dist/index.js on the demo's inputs in `dir` (RUNNER_TEMP, GITHUB_OUTPUT, the summary file),
 * with `env` and `inputs` added (the screenshots add a pull request and GitHub stand-ins).
 * @param {{ dir: string, env?: Record<string, string>, inputs?: Record<string, string> }} options
 */
export function runDemo({ dir, env = {}, inputs = {} }) {
  mkdirSync(dir, { recursive: true })
  const output = join(dir, 'github-output')
  const summary = join(dir, 'step-summary.md')
  writeFileSync(output, '')
  writeFileSync(summary, '')
  const runner = runnerEnv({
    workspace: root,
    output,
    summary,
    temp: dir,
    inputs: { ...demoInputs, ...inputs }
  })
  const clock = pathToFileURL(join(root, 'scripts/fixed-clock.mjs')).href
  const result = spawnSync(process.execPath, ['--import', clock, join(root, 'dist/index.js')], {
    env: { ...runner, ...env },
    cwd: root,
    encoding: 'utf8'
  })
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: readGithubOutput(output),
    summary: readFileSync(summary, 'utf8'),
    summaryFile: summary
  }
}

function main(args) {
  const at = args.indexOf('--out')
  const keep = at >= 0 ? resolve(args[at + 1] ?? '') : undefined
  if (at >= 0 && !args[at + 1]) throw new Error('--out needs a folder: npm run demo -- --out demo-output')
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'container-gate-demo-'))
  try {
    const run = runDemo({ dir })
    const { outputs } = run
    process.stdout.write(`--- the step's log ---\n${logToText(run.stdout)}`)
    process.stderr.write(run.stderr)
    process.stdout.write(`\n--- the job summary ---\n${markdownToText(run.summary)}`)
    console.log('\n--- container-gate demo ---')
    console.log(`verdict:        ${outputs.verdict} (exit code ${run.status})`)
    console.log(
      `blocking:       ${outputs['blocking-count']}  critical=${outputs.critical} high=${outputs.high} medium=${outputs.medium} low=${outputs.low}`
    )
    if (keep) {
      console.log(`SARIF:          ${outputs['sarif-file']}`)
      console.log(`JSON report:    ${outputs['report-file']}`)
      console.log(`job summary:    ${run.summaryFile}`)
    } else {
      console.log(
        "files:          removed with the demo's temporary folder (keep them: npm run demo -- --out <dir>)"
      )
    }
    // The demo's examples are meant to fail the gate; the demo itself succeeds when the action ran.
    return outputs.verdict ? 0 : 1
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main(process.argv.slice(2)))
