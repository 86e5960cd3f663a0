/**
 * Running the planned scans: the only part of scanners/ that touches the world. Every job reads its
 * repository files through the safe read and is prepared before any scanner starts; a scanner's
 * exit code is data, not the verdict.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ToolError } from '../errors.js'
import type { Finding } from '../findings/model.js'
import { decodeManifest } from '../kube/documents.js'
import { formatDuration, type Clock } from '../log.js'
import type { Exec } from '../tools/exec.js'
import { READ_LIMITS, readFileSafely, refusedRead } from '../workspace/safe-read.js'
import type { SourceText } from './gator.js'
import type { PreparedScan, ScanJob, ScannerTool } from './plan.js'
import { withTurnFlags, type Turn } from './trivy-turns.js'

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

/** How a run of scans tells the log what it is doing: each result, and a line now and then while
 * a long one (a Trivy DB download, a large image) runs. The clock is injected so tests never sleep. */
export interface ScanProgress {
  clock: Clock
  report(line: string): void
  /** How often a line says what is still running (default 30 s). */
  intervalMs?: number
  /** What a job is busy with beyond scanning, for those lines ("Trivy is downloading its DB"). */
  hint?(job: ScanJob): string | undefined
}

interface ScanDeps {
  exec: Exec
  /** The installed executable of each tool the jobs run, or its install under way: a job starts as
   * soon as its own tool is ready, whatever the others' installs are doing. */
  binaries: Partial<Record<ScannerTool, string | Promise<string>>>
  /** What else a job waits for before it starts (an image scan: Trivy's DB restored). */
  waitFor?: (job: ScanJob) => Promise<unknown> | undefined
  /** Its turn at what it shares with other jobs (Trivy's cache dir, src/scanners/trivy-turns.ts). */
  turn?: (job: ScanJob) => Promise<Turn>
  cwd: string
  env?: Record<string, string>
  /** Turns a failed run's stderr into a clearer error (e.g. which DB repositories were tried). */
  explainFailure?: (job: ScanJob, stderr: string) => Error | undefined
  progress?: ScanProgress
}

/** Lines of a scanner's stderr shown under its result: its warnings and errors, the last ones. */
const STDERR_LINES = 20

function reportResult(
  progress: ScanProgress,
  job: ScanJob,
  result: { exitCode: number; stderr: string },
  outcome: { findings: number; ms: number }
): void {
  const exit = result.exitCode === 0 ? '' : ` (exit code ${result.exitCode})`
  const found = `${outcome.findings} finding${outcome.findings === 1 ? '' : 's'}`
  progress.report(`${job.tool} ${job.label}: ${found} in ${formatDuration(outcome.ms)}${exit}.`)
  const said = result.stderr.split(/\r?\n/).filter(line => line.trim() !== '')
  for (const line of said.slice(-STDERR_LINES)) progress.report(`  | ${line}`)
}

/** Waits for what a job needs: its tool's executable, and what `waitFor` names. */
async function readyToRun(job: ScanJob, deps: ScanDeps): Promise<string> {
  const binary = await deps.binaries[job.tool]
  if (binary === undefined) throw new Error(`${job.tool} was not installed for ${job.label}.`)
  await deps.waitFor?.(job)
  return binary
}

/** Runs one prepared job: writes its staged files, runs the tool, parses what it reported. */
async function runJob(
  job: ScanJob,
  binary: string,
  ready: PreparedScan | undefined,
  deps: ScanDeps,
  turn?: Turn
): Promise<ScanOutcome> {
  for (const [path, content] of ready?.files ?? []) {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, content)
  }
  const started = deps.progress?.clock.now() ?? 0
  const args = turn ? withTurnFlags(job.args, turn) : job.args
  const result = await deps.exec(binary, args, { cwd: deps.cwd, env: deps.env })
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
  if (deps.progress) {
    const ms = deps.progress.clock.now() - started
    reportResult(deps.progress, job, result, { findings: findings.length, ms })
  }
  return { job, exitCode: result.exitCode, findings, reportFile: job.outputFile }
}

/** Every `intervalMs`, one line per job still running: how long so far, and what it is busy with.
 * `running` holds the jobs started and not yet done, with when each started. */
function keepSaying(running: ReadonlyMap<ScanJob, number>, progress: ScanProgress): () => void {
  return progress.clock.every(progress.intervalMs ?? 30_000, () => {
    for (const [job, started] of running) {
      const so = formatDuration(progress.clock.now() - started)
      const hint = progress.hint?.(job)
      progress.report(`Still running after ${so}: ${job.tool} ${job.label}${hint ? ` (${hint})` : ''}.`)
    }
  })
}

/**
 * Runs the jobs concurrently, each as soon as its tool (and what `waitFor` names) is ready. A
 * scanner's exit code is data: a non-zero exit is only an error when
 * the tool also produced no readable report (then stderr explains why). Every job is prepared
 * first, so a bad policy file stops the run before any scanner starts.
 */
export async function runScans(jobs: readonly ScanJob[], deps: ScanDeps): Promise<ScanOutcome[]> {
  const prepared = await Promise.all(
    jobs.map(async job => (job.prepare ? job.prepare(readJobSources(job, deps.cwd)) : undefined))
  )
  const running = new Map<ScanJob, number>()
  const stop = deps.progress ? keepSaying(running, deps.progress) : undefined
  try {
    return await Promise.all(
      jobs.map(async (job, i) => {
        const binary = await readyToRun(job, deps)
        const turn = await deps.turn?.(job)
        running.set(job, deps.progress?.clock.now() ?? 0)
        try {
          return await runJob(job, binary, prepared[i], deps, turn)
        } finally {
          running.delete(job)
          turn?.release()
        }
      })
    )
  } finally {
    stop?.()
  }
}
