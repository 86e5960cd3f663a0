/**
 * Scanners as data: each scan is a ScanJob — which tool, what subject, the argv, where its report
 * lands and how to parse it. Planning is pure; `runScans` is the only part that executes.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ToolError } from '../errors.js'
import type { Exec } from '../exec.js'
import type { Finding } from '../findings/model.js'
import { hadolintArgs, parseHadolintReport } from './hadolint.js'
import { parseTrivyReport, trivyConfigArgs, trivyImageArgs, type TrivyCommonOptions } from './trivy.js'

export type ScannerTool = 'trivy' | 'hadolint'

export interface ScanJob {
  tool: ScannerTool
  /** Human label: "image ghcr.io/acme/app:1", "config .", "Dockerfiles". */
  label: string
  /** What is scanned, as findings and SARIF categories name it (hadolint: one subject per file). */
  subject: string
  args: string[]
  /** Where the tool writes its JSON; undefined when the report is read from stdout. */
  outputFile?: string
  parse(text: string, file: string): Finding[]
}

export interface ScanPlanInput {
  images: readonly string[]
  imageInputs: readonly string[]
  configPaths: readonly string[]
  dockerfiles: readonly string[]
  /** A private folder for this run's reports (under RUNNER_TEMP). */
  reportDir: string
  trivy: Omit<TrivyCommonOptions, 'outputFile'>
}

/** Builds every scan the inputs ask for. Pure: no file is touched. */
export function planScans(input: ScanPlanInput): ScanJob[] {
  const jobs: ScanJob[] = []
  let n = 0
  const out = (name: string) => join(input.reportDir, `${String(++n).padStart(2, '0')}-${name}.json`)
  for (const ref of input.images) {
    const outputFile = out('trivy-image')
    jobs.push({
      tool: 'trivy',
      label: `image ${ref}`,
      subject: ref,
      args: trivyImageArgs({ kind: 'reference', ref }, { ...input.trivy, outputFile }),
      outputFile,
      parse: (text, file) => parseTrivyReport(text, file, { subject: ref })
    })
  }
  for (const path of input.imageInputs) {
    const outputFile = out('trivy-image-input')
    jobs.push({
      tool: 'trivy',
      label: `image input ${path}`,
      subject: path,
      args: trivyImageArgs({ kind: 'input', path }, { ...input.trivy, outputFile }),
      outputFile,
      parse: (text, file) => parseTrivyReport(text, file, { subject: path })
    })
  }
  for (const path of input.configPaths) {
    const outputFile = out('trivy-config')
    const fileBase = path.replace(/^\.\/?/, '').replace(/\/$/, '')
    jobs.push({
      tool: 'trivy',
      label: `config ${path}`,
      subject: path,
      args: trivyConfigArgs(path, { ...input.trivy, outputFile }),
      outputFile,
      parse: (text, file) => parseTrivyReport(text, file, { subject: path, fileBase })
    })
  }
  if (input.dockerfiles.length > 0) {
    jobs.push({
      tool: 'hadolint',
      label: `Dockerfiles (${input.dockerfiles.length})`,
      subject: 'Dockerfile',
      args: hadolintArgs(input.dockerfiles),
      parse: (text, file) => parseHadolintReport(text, file, { subject: 'Dockerfile', fileBase: '' })
    })
  }
  return jobs
}

export interface ScanOutcome {
  job: ScanJob
  exitCode: number
  findings: Finding[]
  /** The raw report's path, kept for the JSON report and for debugging. */
  reportFile?: string
}

/**
 * Runs the jobs concurrently. A scanner's exit code is data: a non-zero exit is only an error when
 * the tool also produced no readable report (then stderr explains why).
 */
export async function runScans(
  jobs: readonly ScanJob[],
  deps: {
    exec: Exec
    binaries: Record<ScannerTool, string>
    cwd: string
    env?: Record<string, string>
    /** Turns a failed run's stderr into a clearer error (e.g. which DB repositories were tried). */
    explainFailure?: (job: ScanJob, stderr: string) => Error | undefined
  }
): Promise<ScanOutcome[]> {
  return Promise.all(
    jobs.map(async job => {
      const result = await deps.exec(deps.binaries[job.tool], job.args, { cwd: deps.cwd, env: deps.env })
      let text = result.stdout
      if (job.outputFile) {
        try {
          text = await readFile(job.outputFile, 'utf8')
        } catch {
          text = ''
        }
      }
      if (text.trim() === '') {
        const explained = deps.explainFailure?.(job, result.stderr)
        if (explained) throw explained
        const why = result.stderr.trim().split('\n').slice(-5).join('\n') || `exit code ${result.exitCode}`
        throw new ToolError(`${job.tool} (${job.label}) produced no report:\n${why}`)
      }
      const findings = job.parse(text, job.outputFile ?? `${job.tool} output`)
      return { job, exitCode: result.exitCode, findings, reportFile: job.outputFile }
    })
  )
}
