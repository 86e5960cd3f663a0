// Runs the bundled action on the repository's own examples/ the way a runner would (INPUT_*,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), with no network and no GitHub: the examples hold reports
// recorded from the real tools, and the base-image and admission rules are evaluated by the action
// itself. Prints the verdict and where the SARIF, JSON report and summary went.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { demoInputs } from './demo-inputs.mjs'
import { readGithubOutput, runnerEnv } from './runner-env.mjs'

const root = resolve(import.meta.dirname, '..')
const temp = mkdtempSync(join(tmpdir(), 'container-gate-demo-'))
const output = join(temp, 'github-output')
const summary = join(temp, 'step-summary.md')
writeFileSync(output, '')
writeFileSync(summary, '')

const env = runnerEnv({ workspace: root, output, summary, temp, inputs: demoInputs })

const result = spawnSync(process.execPath, [join(root, 'dist/index.js')], {
  env,
  cwd: root,
  encoding: 'utf8'
})
process.stdout.write(result.stdout)
process.stderr.write(result.stderr)

const outputs = readGithubOutput(output)
console.log('\n--- container-gate demo ---')
console.log(`verdict:        ${outputs.verdict} (exit code ${result.status})`)
console.log(
  `blocking:       ${outputs['blocking-count']}  critical=${outputs.critical} high=${outputs.high} medium=${outputs.medium} low=${outputs.low}`
)
console.log(`SARIF:          ${outputs['sarif-file']}`)
console.log(`JSON report:    ${outputs['report-file']}`)
console.log(`job summary:    ${summary}`)
// The demo's examples are meant to fail the gate; the demo itself succeeds when the action ran.
process.exit(outputs.verdict ? 0 : 1)
