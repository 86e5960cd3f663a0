/**
 * The scan stage, end to end: plan the scans the inputs ask for, install (verified) only the tools
 * they need, restore Trivy's DB when a job reads it, and run them. What each scan found, and the
 * subjects it covered, come back for the checks and the reports.
 */
import type { Finding, InstallableTool, ScannedSubject } from '../findings/model.js'
import type { Inputs } from '../inputs/read.js'
import { log, systemClock, type Clock } from '../log.js'
import { execTool } from '../tools/exec.js'
import { checkToolCacheEarly, startInstalls, type EarlyChecks, type ToolInstalls } from '../tools/toolset.js'
import { describeTrivyDbAge, downloadedAt, readTrivyDbMetadata } from '../tools/trivy-db/files.js'
import { restoreDb } from '../tools/trivy-db/handoff.js'
import { trivyCacheTurns, type Turn } from './trivy-turns.js'
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
  /** Tool-cache checks started before the files were chosen (startToolCacheChecks). */
  early?: EarlyChecks
}

/**
 * Starts checking the tool cache for the tools the inputs alone make certain (Trivy, for an image
 * or a config path), while the run still reads its policy and chooses its files.
 */
export function startToolCacheChecks(inputs: Inputs, clock: Clock = systemClock): EarlyChecks {
  const trivy = inputs.images.length + inputs.imageInputs.length + inputs.configPaths.length > 0
  return checkToolCacheEarly(trivy ? ['trivy'] : [], inputs.tools, clock)
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
      offlineChecks: checksOffline(inputs),
      timeout: '15m'
    },
    gatekeeper: { policies: files.gatekeeperPolicies, manifests: files.manifests, rendered: rendered.builds }
  })
}

/** With a mirror the runner is presumably cut off from ghcr.io: Trivy uses the checks bundle embedded
 * in its binary instead of waiting on a download that cannot succeed. */
function checksOffline(inputs: Inputs): boolean {
  return inputs.tools.mirror !== undefined
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
): Promise<void> {
  await restore.done
  for (const { level, message } of restore.said) log[level](message)
  log.info(describeDb(paths.trivyCacheDir, now))
}

/**
 * Lines said before their group of the log is open wait for it: a scan that starts (and may end)
 * while the installs are still being logged reports under "Scan".
 */
function heldLines(): { say(line: string): void; open(): void } {
  const held: string[] = []
  let open = false
  return {
    say: line => (open ? log.info(line) : held.push(line)),
    open: () => {
      open = true
      for (const line of held.splice(0)) log.info(line)
    }
  }
}

/** What the scans wait on: each tool's install, and Trivy's DB restore (when an image is scanned). */
interface Waits {
  binaries: ToolInstalls['ready']
  /** The DB's download time once the restore is done (undefined: no DB on disk yet). */
  db?: Promise<string | undefined>
}

/**
 * Starts the scans, concurrently, each as soon as its own tool is verified (and, for an image, the
 * DB restored): the slowest tool's install no longer holds the others' scans back. Result lines
 * go to `say`.
 */
function startScans(
  jobs: readonly ScanJob[],
  context: {
    inputs: Inputs
    paths: RunPaths
    clock: Clock
    say: (line: string) => void
    turns: (job: ScanJob) => Promise<Turn>
  },
  waits: Waits
): Promise<ScanOutcome[]> {
  const { inputs, paths } = context
  let dbMissing = false
  void waits.db?.then(before => (dbMissing = before === undefined)).catch(() => {})
  const running = runScans(jobs, {
    exec: execTool,
    binaries: waits.binaries,
    waitFor: job => (job.needsTrivyDb ? waits.db : undefined),
    turn: context.turns,
    cwd: paths.workspace,
    progress: {
      clock: context.clock,
      report: context.say,
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
  // A failed install is reported in its own group first; the scans' failure is awaited later.
  running.catch(() => {})
  return running
}

/** What the scan stage hands on: the scans' outcomes, what kustomize built, the tools installed. */
function scanned(
  outcomes: ScanOutcome[],
  dockerfiles: readonly string[],
  kustomize: Rendered,
  tools: Pick<Scanned, 'versions' | 'paths'> = { versions: {}, paths: {} }
): Scanned {
  return {
    outcomes,
    findings: outcomes.flatMap(o => o.findings),
    subjects: scannedSubjects(outcomes, dockerfiles),
    versions: tools.versions,
    paths: tools.paths,
    kustomize
  }
}

/**
 * kustomize's builds, with the patch files no build shows, and the gator jobs that judge them
 * (planning is pure: the same jobs again, gator's now with the builds' objects and those patches).
 */
async function renderForGator(
  inputs: Inputs,
  paths: RunPaths,
  files: ScanFiles,
  kustomizeBinary: string | undefined,
  clock: Clock
): Promise<{ rendered: Rendered; late: ScanJob[] }> {
  const built = await render(files.kustomize?.builds ?? [], paths, kustomizeBinary, clock)
  const rendered = withUnappliedPatches(built, files.kustomize?.patchFiles ?? [], paths.workspace)
  const withPatches = { ...files, manifests: [...files.manifests, ...(rendered.unappliedPatches ?? [])] }
  return { rendered, late: plan(inputs, paths, withPatches, rendered).filter(j => j.tool === 'gator') }
}

/**
 * Runs the planned scans with verified tools, keeping Trivy's DB cached across workflow runs: the
 * install, the DB and the scans each in their own group of the log. Installs, the DB restore and
 * the scans overlap: each scan starts when its tool is ready, and the groups are written in order.
 * `files.dockerfiles` are those hadolint lints (none when it is off).
 */
export async function scan(
  inputs: Inputs,
  paths: RunPaths,
  files: ScanFiles,
  { now, clock = systemClock, alsoInstall = [], early }: ScanTiming
): Promise<Scanned> {
  const builds = files.kustomize?.builds ?? []
  const patchFiles = files.kustomize?.patchFiles ?? []
  const planned = plan(inputs, paths, files)
  const kustomize: InstallableTool[] = builds.length > 0 ? ['kustomize'] : []
  if (planned.length === 0 && alsoInstall.length === 0 && builds.length === 0)
    return scanned([], files.dockerfiles, withUnappliedPatches(NOTHING_RENDERED, patchFiles, paths.workspace))
  const toolNames = [...new Set([...planned.map(j => j.tool), ...kustomize, ...alsoInstall])]
  // kustomize's builds only add gator jobs, so whether Trivy's DB is needed is known before the installs.
  const needsDb = planned.some(j => j.needsTrivyDb)
  const restore = needsDb ? startDbRestore(paths, inputs, now) : undefined
  // A failed install must not leave the restore's failure unhandled: it is reported in its group.
  restore?.done.catch(() => {})
  const installs = startInstalls(toolNames, inputs.tools, undefined, clock, early)
  const db = restore?.done.then(() => downloadedAt(paths.trivyCacheDir))
  db?.catch(() => {})
  // Gator judges kustomize's builds too (and the patch files no build shows, as manifests): with
  // kustomizations in scope its job waits for them (planned again below); every other scan starts
  // now, each when its tool is ready.
  const waitsForBuilds = builds.length > 0 || patchFiles.length > 0
  const startNow = waitsForBuilds ? planned.filter(j => j.tool !== 'gator') : planned
  const lines = heldLines()
  const startedAt = clock.now()
  const turns = trivyCacheTurns(paths.trivyCacheDir, {
    now: () => new Date(now.getTime() + clock.now() - startedAt),
    checksOffline: checksOffline(inputs)
  })
  const context = { inputs, paths, clock, say: lines.say, turns }
  const waits = { binaries: installs.ready, ...(db ? { db } : {}) }
  const running = startNow.length > 0 ? startScans(startNow, context, waits) : undefined
  const tools = await log.stage(`Install tools: ${toolNames.join(', ')}`, () => installs.all(), { clock })
  const { rendered, late } = waitsForBuilds
    ? await renderForGator(inputs, paths, files, tools.paths.kustomize, clock)
    : { rendered: NOTHING_RENDERED, late: [] }
  const jobs = [...startNow, ...late]
  if (jobs.length === 0) return scanned([], files.dockerfiles, rendered, tools)
  if (restore) await log.stage('Trivy DB', () => prepareDb(restore, paths, now), { clock })
  const dbBefore = await db
  const outcomes = await log.stage(
    jobs.length <= 3
      ? `Scan: ${jobs.map(j => `${j.tool} ${j.label}`).join('; ')}`
      : `Scan: ${jobs.length} scans`,
    async () => {
      lines.open()
      const ran = [
        ...((await running) ?? []),
        ...(late.length > 0 ? await startScans(late, context, waits) : [])
      ]
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
  return scanned(outcomes, files.dockerfiles, rendered, tools)
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
