/**
 * Scanners as data: each scan is a ScanJob — which tool, what subject, the argv, where its report
 * lands and how to parse it. Planning is pure; `runScans` is the only part that executes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ToolError } from '../errors.js'
import type { Exec } from '../tools/exec.js'
import type { Finding } from '../findings/model.js'
import { decodeManifest } from '../kube/documents.js'
import { READ_LIMITS, readFileSafely, refusedRead } from '../workspace/safe-read.js'
import {
  explainGatorFailure,
  gatorTestArgs,
  indexPolicies,
  parseGatorReport,
  stageObjects,
  type SourceText
} from './gator.js'
import { hadolintArgs, parseHadolintReport } from './hadolint.js'
import { parseTrivyReport, trivyConfigArgs, trivyImageArgs, type TrivyCommonOptions } from './trivy.js'

export type ScannerTool = 'trivy' | 'hadolint' | 'gator'

/** What a job makes of the workspace files it reads (see ScanJob.prepare). */
export interface PreparedScan {
  /** Files to write before the tool runs (absolute path -> content): what its argv names. */
  files: ReadonlyMap<string, string>
  /** Replaces the job's parse: it knows the files (gator: where each object is). */
  parse(text: string, file: string): Finding[]
  /** Turns the stderr of a run that printed no report into a clearer error. */
  explainFailure?(stderr: string): Error | undefined
}

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
  /** Workspace files (relative to the scan's cwd, or absolute) that prepare needs. */
  reads?: readonly string[]
  /**
   * Pure: from the texts of `reads`, the files to write and the parser to use. Throws a
   * ConfigurationError for a bad file, before any scanner starts. runScans does the reading and
   * writing, so planning and parsing stay free of side effects.
   */
  prepare?(texts: readonly SourceText[]): PreparedScan
}

export interface ScanPlanInput {
  images: readonly string[]
  imageInputs: readonly string[]
  configPaths: readonly string[]
  dockerfiles: readonly string[]
  /** A private folder for this run's reports (under RUNNER_TEMP). */
  reportDir: string
  trivy: Omit<TrivyCommonOptions, 'outputFile'>
  /** The cluster's Gatekeeper policies and the manifests to test against them (gator). */
  gatekeeper?: GatekeeperPlan
}

export interface GatekeeperPlan {
  /** ConstraintTemplate and Constraint files (the `gatekeeper-policies` input, resolved). */
  policies: readonly string[]
  /** The manifests the admission rules check (resolveManifests). */
  manifests: readonly string[]
}

/** One gator job: the policies on the objects staged from the manifests (see stageObjects). */
function gatorJob(plan: GatekeeperPlan, objectsFile: string): ScanJob {
  const policySet = new Set(plan.policies)
  return {
    tool: 'gator',
    label: `Gatekeeper policies (${plan.policies.length} files) on ${plan.manifests.length} manifests`,
    subject: 'gatekeeper',
    args: gatorTestArgs(plan.policies, objectsFile),
    reads: [...new Set([...plan.policies, ...plan.manifests])],
    prepare: texts => {
      const policies = indexPolicies(texts.filter(t => policySet.has(t.path)))
      const manifests = new Set(plan.manifests)
      const staged = stageObjects(texts.filter(t => manifests.has(t.path)))
      return {
        files: new Map([[objectsFile, staged.yaml]]),
        parse: (text, file) => parseGatorReport(text, file, staged.objects),
        explainFailure: stderr => explainGatorFailure(stderr, policies)
      }
    },
    // Without prepare's objects the violations cannot be located; runScans always prepares.
    parse: (text, file) => parseGatorReport(text, file, [])
  }
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
  if (input.gatekeeper && input.gatekeeper.policies.length > 0) {
    const objectsFile = join(input.reportDir, `${String(++n).padStart(2, '0')}-gator-objects.yaml`)
    jobs.push(gatorJob(input.gatekeeper, objectsFile))
  }
  return jobs
}

/**
 * Reads a job's `reads` (repository files: Gatekeeper policies, manifests) through the one safe read:
 * inside the workspace, regular files, READ_LIMITS.source. A file that cannot be read is the user's
 * to fix (it came from an input), before any scanner starts.
 */
function readJobSources(job: ScanJob, cwd: string): SourceText[] {
  return (job.reads ?? []).map(path => {
    // Read as kubectl reads manifests (UTF-16 and byte-order marks), as gator's objects must be.
    const read = readFileSafely(path, {
      workspace: cwd,
      maxBytes: READ_LIMITS.source,
      scope: 'workspace',
      decode: decodeManifest
    })
    if (!read.ok) throw refusedRead(`${job.tool} (${job.label}): ${path}`, read, '')
    return { path, text: read.text }
  })
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
 * the tool also produced no readable report (then stderr explains why). Every job is prepared
 * first, so a bad policy file stops the run before any scanner starts.
 */
export async function runScans(
  jobs: readonly ScanJob[],
  deps: {
    exec: Exec
    /** The installed executable of each tool the jobs run. */
    binaries: Partial<Record<ScannerTool, string>>
    cwd: string
    env?: Record<string, string>
    /** Turns a failed run's stderr into a clearer error (e.g. which DB repositories were tried). */
    explainFailure?: (job: ScanJob, stderr: string) => Error | undefined
  }
): Promise<ScanOutcome[]> {
  const prepared = await Promise.all(
    jobs.map(async job => (job.prepare ? job.prepare(readJobSources(job, deps.cwd)) : undefined))
  )
  return Promise.all(
    jobs.map(async (job, i) => {
      const ready = prepared[i]
      for (const [path, content] of ready?.files ?? []) {
        await mkdir(dirname(path), { recursive: true })
        await writeFile(path, content)
      }
      const binary = deps.binaries[job.tool]
      if (binary === undefined) throw new Error(`${job.tool} was not installed for ${job.label}.`)
      const result = await deps.exec(binary, job.args, { cwd: deps.cwd, env: deps.env })
      let text = result.stdout
      if (job.outputFile) {
        try {
          text = await readFile(job.outputFile, 'utf8')
        } catch {
          text = ''
        }
      }
      if (text.trim() === '') {
        const explained = ready?.explainFailure?.(result.stderr) ?? deps.explainFailure?.(job, result.stderr)
        if (explained) throw explained
        const why = result.stderr.trim().split('\n').slice(-5).join('\n') || `exit code ${result.exitCode}`
        throw new ToolError(`${job.tool} (${job.label}) produced no report:\n${why}`)
      }
      const findings = (ready?.parse ?? job.parse)(text, job.outputFile ?? `${job.tool} output`)
      return { job, exitCode: result.exitCode, findings, reportFile: job.outputFile }
    })
  )
}
