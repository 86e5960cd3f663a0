/**
 * The scan stage, end to end: plan the scans the inputs ask for, install (verified) only the tools
 * they need, restore Trivy's DB when a job reads it, and run them. What each scan found, and the
 * subjects it covered, come back for the checks and the reports.
 */
import type { Finding, InstallableTool, ScannedSubject } from '../findings/model.js'
import type { Inputs } from '../inputs/read.js'
import { log, systemClock, type Clock } from '../log.js'
import { execTool } from '../tools/exec.js'
import { installTools, type InstalledTools } from '../tools/toolset.js'
import { describeTrivyDbAge, downloadedAt, readTrivyDbMetadata } from '../tools/trivy-db/files.js'
import { restoreDb } from '../tools/trivy-db/handoff.js'
import { explainTrivyDbFailure, trivyDbArgs } from '../tools/trivy-db/repositories.js'
import type { KustomizeBuild } from '../workspace/kustomize.js'
import type { RunPaths } from '../workspace/run-dirs.js'
import { READ_LIMITS } from '../workspace/safe-read.js'
import { readSources } from '../workspace/sources.js'
import { decodeManifest } from '../kube/documents.js'
import { renderKustomizations, type Rendered } from './kustomize.js'
import { unappliedPatchFiles } from './kustomize-patches.js'
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
  /** What kustomize built from the kustomizations in scope (judged by the checks, and by gator). */
  kustomize: Rendered
}

/** The files each scan reads: `kustomize` are the kustomizations to build (workspace/kustomize.ts). */
export interface ScanFiles {
  dockerfiles: string[]
  manifests: string[]
  gatekeeperPolicies: string[]
  /** The kustomizations to build, and the patch files they name (not manifests while a build shows them). */
  kustomize?: { builds: readonly KustomizeBuild[]; patchFiles?: readonly string[] }
}

const NOTHING_RENDERED: Rendered = { builds: [], failed: [] }

/** When the scan runs and what else to install with the scanners. */
export interface ScanTiming {
  now: Date
  clock?: Clock
  /** Tools later stages run (cosign), installed with the scanners' so they are ready at no extra wait. */
  alsoInstall?: readonly InstallableTool[]
}

/** The scans the inputs ask for: images, image inputs, config paths, Dockerfiles, Gatekeeper. */
function plan(
  inputs: Inputs,
  paths: RunPaths,
  files: ScanFiles,
  rendered: Rendered = NOTHING_RENDERED
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
    gatekeeper: { policies: files.gatekeeperPolicies, manifests: files.manifests, rendered: rendered.builds }
  })
}

function scannedSubjects(outcomes: readonly ScanOutcome[], dockerfiles: readonly string[]): ScannedSubject[] {
  const subjects: ScannedSubject[] = outcomes
    .filter(o => o.job.tool !== 'hadolint')
    .map(o => ({ tool: o.job.tool, subject: o.job.subject }))
  for (const file of dockerfiles) subjects.push({ tool: 'hadolint', subject: file })
  return subjects
}

/** What the Trivy DB on disk is, for the log: its age, or that Trivy will download one. */
function describeDb(cacheDir: string, now: Date): string {
  const meta = readTrivyDbMetadata(cacheDir)
  return meta
    ? `Trivy DB on disk: ${describeTrivyDbAge(meta, now)}; Trivy refreshes it itself when it is due.`
    : 'Trivy DB: none on disk; Trivy downloads it with the first image scan (a minute or two).'
}

/** What a task said, kept to be said later in its own group of the log. */
type Said = Array<{ level: 'debug' | 'info' | 'warning'; message: string }>

/**
 * Starts restoring Trivy's DB from the Actions cache at once, so the download overlaps the tools'
 * install and checks (neither executes anything); what it says is kept for the DB's own group.
 */
function startDbRestore(paths: RunPaths, inputs: Inputs, now: Date): { done: Promise<unknown>; said: Said } {
  const said: Said = []
  const logger = {
    debug: (message: string) => said.push({ level: 'debug', message }),
    info: (message: string) => said.push({ level: 'info', message }),
    warning: (message: string) => said.push({ level: 'warning', message })
  }
  // The post step saves the DB (src/post.ts), also when this step fails, is cancelled or times out.
  return { done: restoreDb(paths.trivyCacheDir, inputs.tools, now, logger), said }
}

/** Waits for the DB restore, says what it did and what is on disk. */
async function prepareDb(
  restore: { done: Promise<unknown>; said: Said },
  paths: RunPaths,
  now: Date
): Promise<string | undefined> {
  await restore.done
  for (const { level, message } of restore.said) log[level](message)
  log.info(describeDb(paths.trivyCacheDir, now))
  return downloadedAt(paths.trivyCacheDir)
}

/** The scans themselves, concurrently, with a line per result and a line now and then while they run. */
async function runAll(
  jobs: readonly ScanJob[],
  context: { inputs: Inputs; paths: RunPaths; binaries: InstalledTools['paths']; clock: Clock },
  dbBefore: string | undefined
): Promise<ScanOutcome[]> {
  const { inputs, paths } = context
  const dbMissing = jobs.some(j => j.needsTrivyDb) && dbBefore === undefined
  return runScans(jobs, {
    exec: execTool,
    binaries: context.binaries,
    cwd: paths.workspace,
    progress: {
      clock: context.clock,
      report: log.info,
      hint: job => (job.needsTrivyDb && dbMissing ? 'Trivy downloads its vulnerability DB first' : undefined)
    },
    explainFailure: (job, stderr) =>
      job.tool === 'trivy'
        ? explainTrivyDbFailure(stderr, {
            db: inputs.tools.trivyDbRepositories,
            javaDb: inputs.tools.trivyJavaDbRepositories
          })
        : undefined
  })
}

/** A scan stage that ran no scan: what kustomize built, and the tools installed, if any. */
function nothingScanned(kustomize: Rendered, tools?: InstalledTools): Scanned {
  const installed = { versions: tools?.versions ?? {}, paths: tools?.paths ?? {} }
  return { outcomes: [], findings: [], subjects: [], ...installed, kustomize }
}

/**
 * Runs the planned scans with verified tools, keeping Trivy's DB cached across workflow runs: the
 * install, the DB and the scans each in their own group of the log.
 * `files.dockerfiles` are those hadolint lints (none when it is off).
 */
export async function scan(
  inputs: Inputs,
  paths: RunPaths,
  files: ScanFiles,
  { now, clock = systemClock, alsoInstall = [] }: ScanTiming
): Promise<Scanned> {
  const builds = files.kustomize?.builds ?? []
  const patchFiles = files.kustomize?.patchFiles ?? []
  const planned = plan(inputs, paths, files)
  const kustomize: InstallableTool[] = builds.length > 0 ? ['kustomize'] : []
  if (planned.length === 0 && alsoInstall.length === 0 && builds.length === 0)
    return nothingScanned(withUnappliedPatches(NOTHING_RENDERED, patchFiles, paths.workspace))
  const toolNames = [...new Set([...planned.map(j => j.tool), ...kustomize, ...alsoInstall])]
  // kustomize's builds only add gator jobs, so whether Trivy's DB is needed is known before the installs.
  const needsDb = planned.some(j => j.needsTrivyDb)
  const restore = needsDb ? startDbRestore(paths, inputs, now) : undefined
  // A failed install must not leave the restore's failure unhandled: it is reported in its group.
  restore?.done.catch(() => {})
  const tools = await log.stage(
    `Install tools: ${toolNames.join(', ')}`,
    () => installTools(toolNames, inputs.tools, undefined, clock),
    { clock }
  )
  const built = await render(builds, paths, tools.paths.kustomize, clock)
  const rendered = withUnappliedPatches(built, patchFiles, paths.workspace)
  // Gator judges the builds too (and the patch files no build shows, as manifests): the jobs are
  // planned again with them (planning is pure).
  const unapplied = rendered.unappliedPatches ?? []
  const jobs = plan(inputs, paths, { ...files, manifests: [...files.manifests, ...unapplied] }, rendered)
  if (jobs.length === 0) return nothingScanned(rendered, tools)
  const dbBefore = restore
    ? await log.stage('Trivy DB', () => prepareDb(restore, paths, now), { clock })
    : undefined
  const outcomes = await log.stage(
    jobs.length <= 3
      ? `Scan: ${jobs.map(j => `${j.tool} ${j.label}`).join('; ')}`
      : `Scan: ${jobs.length} scans`,
    async () => {
      const ran = await runAll(jobs, { inputs, paths, binaries: tools.paths, clock }, dbBefore)
      const dbAfter = needsDb ? downloadedAt(paths.trivyCacheDir) : undefined
      const fresh = dbAfter !== undefined && dbAfter !== dbBefore && readTrivyDbMetadata(paths.trivyCacheDir)
      if (fresh) log.info(`Trivy DB: downloaded during the scan, ${describeTrivyDbAge(fresh, now)}.`)
      return ran
    },
    {
      clock,
      done: ran => `${ran.reduce((n, o) => n + o.findings.length, 0)} findings from ${jobs.length} scans`
    }
  )
  return {
    outcomes,
    findings: outcomes.flatMap(o => o.findings),
    subjects: scannedSubjects(outcomes, files.dockerfiles),
    versions: tools.versions,
    paths: tools.paths,
    kustomize: rendered
  }
}

/** The builds with the patch files none of them shows (read through the safe read; one that cannot
 * be read is judged as a manifest too, and reported as not checked there). */
function withUnappliedPatches(
  rendered: Rendered,
  patchFiles: readonly string[],
  workspace: string
): Rendered {
  if (patchFiles.length === 0) return rendered
  const read = readSources(workspace, patchFiles, decodeManifest)
  const unapplied = [...unappliedPatchFiles(read.texts, rendered.builds), ...read.unread.map(u => u.file)]
  if (unapplied.length === 0) return rendered
  log.info(
    `Patch files no kustomize build shows (a patch whose target selects nothing), judged as manifests: ${unapplied.join(', ')}`
  )
  return { ...rendered, unappliedPatches: unapplied.sort() }
}

/** kustomize build of each kustomization in scope, in its own group of the log. */
async function render(
  builds: readonly KustomizeBuild[],
  paths: RunPaths,
  kustomize: string | undefined,
  clock: Clock
): Promise<Rendered> {
  if (builds.length === 0) return NOTHING_RENDERED
  if (!kustomize) throw new Error('kustomize was not installed, though kustomizations are in scope.')
  const context = {
    kustomize,
    workspace: paths.workspace,
    runDir: paths.outDir,
    exec: execTool,
    maxBytes: READ_LIMITS.source
  }
  return log.stage(
    `Render: kustomize build (${builds.length})`,
    () => renderKustomizations(builds, context),
    {
      clock,
      done: r =>
        `${r.builds.reduce((n, b) => n + b.objects.length, 0)} objects from ${r.builds.length} builds` +
        (r.failed.length > 0 ? `; ${r.failed.length} failed (CG-NOT-CHECKED)` : '')
    }
  )
}
