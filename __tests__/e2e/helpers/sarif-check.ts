/**
 * Checks a SARIF file the way it will be judged: the SARIF 2.1.0 JSON schema (ajv) and Microsoft's
 * SARIF Multitool with GitHub's ingestion rules (GH1001-GH1007). The Multitool exits 0 even when
 * rules fail, so its own output SARIF is read for results.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { REPO, SHARED } from './harness.js'

const run = promisify(execFile)

// ajv-formats is CommonJS: depending on the loader its plugin is the module or its default export.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin

/**
 * The native Multitool, run without a shell. Not node_modules/.bin/sarif-multitool: that wrapper
 * spawns with `shell: true`, so `--rule-kind "Sarif;Ghas"` is cut at the `;` and GitHub's rules
 * (GH1001-GH1007) silently never run.
 */
function multitoolBinary(): string {
  const platform = process.platform === 'win32' ? 'win32' : process.platform
  const dir = join(REPO, `node_modules/@microsoft/sarif-multitool-${platform}`)
  return join(dir, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool')
}

let validator: ReturnType<Ajv2020['compile']> | undefined

/** Schema errors as readable lines; empty when the file is valid SARIF 2.1.0. */
export function schemaErrors(sarif: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats(ajv)
    const schema = JSON.parse(
      readFileSync(join(SHARED, 'fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')
    ) as object
    validator = ajv.compile(schema)
  }
  return validator(sarif) ? [] : (validator.errors ?? []).map(e => `${e.instancePath} ${e.message ?? ''}`)
}

interface MultitoolResult {
  ruleId?: string
  level?: string
  message?: { text?: string; arguments?: string[] }
}

/**
 * Errors the Multitool reports with GitHub's rules. GH1004 errors are dropped only when the file
 * stays within what GitHub accepts today (20 runs, 25,000 results per run): the Multitool's limits
 * (5 runs, 1,000 results) are older than GitHub's (see __fixtures__/shared/fixtures/SOURCES.md).
 */
export async function multitoolErrors(file: string, outDir: string): Promise<string[]> {
  const out = join(outDir, `multitool-${Date.now()}-${Math.random().toString(36).slice(2, 6)}.sarif`)
  await run(
    multitoolBinary(),
    [
      'validate',
      '--rule-kind',
      'Sarif;Ghas',
      '--config',
      join(SHARED, 'fixtures/sarif/github.config.xml'),
      '-o',
      out,
      file
    ],
    { maxBuffer: 64 * 1024 * 1024 }
  )
  const report = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: MultitoolResult[] }[] }
  const sarif = JSON.parse(readFileSync(file, 'utf8')) as { runs: { results?: unknown[] }[] }
  const withinGitHubLimits =
    sarif.runs.length <= 20 && sarif.runs.every(r => (r.results?.length ?? 0) <= 25_000)
  return report.runs
    .flatMap(r => r.results ?? [])
    .filter(r => r.level === 'error')
    .filter(r => !(withinGitHubLimits && r.ruleId?.startsWith('GH1004')))
    .map(r => `${r.ruleId}: ${r.message?.text ?? (r.message?.arguments ?? []).join(' | ')}`)
}
