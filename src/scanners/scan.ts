/**
 * The scan stage, end to end: plan the scans the inputs ask for, install (verified) only the tools
 * they need, restore Trivy's DB when a job reads it, and run them. What each scan found, and the
 * subjects it covered, come back for the checks and the reports.
 */
import type { Finding, InstallableTool, ScannedSubject } from '../findings/model.js'
import type { Inputs } from '../inputs/read.js'
import { log } from '../log.js'
import { execTool } from '../tools/exec.js'
import { installTools } from '../tools/toolset.js'
import { restoreDb } from '../tools/trivy-db/handoff.js'
import { explainTrivyDbFailure, trivyDbArgs } from '../tools/trivy-db/repositories.js'
import type { RunPaths } from '../workspace/run-dirs.js'
import { planScans, type ScanJob } from './plan.js'
import { runScans, type ScanOutcome } from './run.js'

export interface Scanned {
  outcomes: ScanOutcome[]
  findings: Finding[]
  /** What was scanned, including what came back clean (hadolint: one subject per Dockerfile). */
  subjects: ScannedSubject[]
  versions: Partial<Record<InstallableTool, string>>
  /** The executable of each tool installed (the scanners', and cosign when signatures are in play). */
  paths: Partial<Record<InstallableTool, string>>
}

/** The scans the inputs ask for: images, image inputs, config paths, Dockerfiles, Gatekeeper. */
function plan(
  inputs: Inputs,
  paths: RunPaths,
  files: { dockerfiles: string[]; manifests: string[]; gatekeeperPolicies: string[] }
): ScanJob[] {
  return planScans({
    images: inputs.images,
    imageInputs: inputs.imageInputs,
    configPaths: inputs.configPaths,
    dockerfiles: files.dockerfiles,
    reportDir: paths.outDir,
    trivy: {
      cacheDir: paths.trivyCacheDir,
      ignoreFile: paths.emptyIgnoreFile,
      configFile: paths.trivyConfigFile,
      secretConfigFile: paths.trivySecretConfigFile,
      dbArgs: trivyDbArgs(inputs.tools.trivyDbRepositories, inputs.tools.trivyJavaDbRepositories),
      // With a mirror the runner is presumably cut off from ghcr.io: use the checks bundle embedded
      // in the Trivy binary instead of waiting on a download that cannot succeed.
      offlineChecks: inputs.tools.mirror !== undefined,
      timeout: '15m'
    },
    gatekeeper: { policies: files.gatekeeperPolicies, manifests: files.manifests }
  })
}

function scannedSubjects(outcomes: readonly ScanOutcome[], dockerfiles: readonly string[]): ScannedSubject[] {
  const subjects: ScannedSubject[] = outcomes
    .filter(o => o.job.tool !== 'hadolint')
    .map(o => ({ tool: o.job.tool, subject: o.job.subject }))
  for (const file of dockerfiles) subjects.push({ tool: 'hadolint', subject: file })
  return subjects
}

/**
 * Runs the planned scans with verified tools, keeping Trivy's DB cached across workflow runs.
 * `files.dockerfiles` are those hadolint lints (none when it is off). `alsoInstall`: tools later
 * stages run (cosign), installed with the scanners' so they are ready at no extra wait.
 */
export async function scan(
  inputs: Inputs,
  paths: RunPaths,
  files: { dockerfiles: string[]; manifests: string[]; gatekeeperPolicies: string[] },
  now: Date,
  alsoInstall: readonly InstallableTool[] = []
): Promise<Scanned> {
  const jobs = plan(inputs, paths, files)
  if (jobs.length === 0 && alsoInstall.length === 0)
    return { outcomes: [], findings: [], subjects: [], versions: {}, paths: {} }
  const tools = await installTools([...jobs.map(j => j.tool), ...alsoInstall], inputs.tools)
  // The post step saves the DB (src/post.ts), also when this step fails, is cancelled or times out.
  if (jobs.some(j => j.needsTrivyDb)) await restoreDb(paths.trivyCacheDir, inputs.tools, now)
  for (const job of jobs) log.info(`Scanning ${job.label}`)
  const outcomes = await runScans(jobs, {
    exec: execTool,
    binaries: tools.paths,
    cwd: paths.workspace,
    explainFailure: (job, stderr) =>
      job.tool === 'trivy'
        ? explainTrivyDbFailure(stderr, {
            db: inputs.tools.trivyDbRepositories,
            javaDb: inputs.tools.trivyJavaDbRepositories
          })
        : undefined
  })
  return {
    outcomes,
    findings: outcomes.flatMap(o => o.findings),
    subjects: scannedSubjects(outcomes, files.dockerfiles),
    versions: tools.versions,
    paths: tools.paths
  }
}
