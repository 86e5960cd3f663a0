/**
 * Gathering what the action checks besides the scanners: which Dockerfiles to lint, the reports to
 * import, and the findings the action evaluates itself (base images from FROM lines, admission rules
 * on Kubernetes manifests). Reads the workspace; every decision stays in policy/, dockerfile/, k8s/.
 */
import { existsSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { isAbsolute, join, posix } from 'node:path'
import { baseImageFindings } from './dockerfile/from.js'
import { runnerPlatform } from './dockerfile/platform.js'
import type { BuildSettings } from './dockerfile/read.js'
import { ConfigurationError } from './errors.js'
import { NOT_CHECKED, notCheckedFinding } from './findings/coverage.js'
import type { Finding } from './findings/model.js'
import type { Inputs } from './inputs.js'
import { ADMISSION_SUBJECT, checkManifests } from './k8s/admission.js'
import { decodeManifest } from './k8s/kube-yaml.js'
import { reconcileTrivyAdmission } from './k8s/reconcile.js'
import type { Policy } from './policy/types.js'
import type { SarifSubject } from './report/sarif.js'
import { parseImportedReport } from './scanners/import.js'
import { DEFAULT_DOCKERFILE_GLOBS, globsWithoutMatch, matchGlobs, yamlFilesUnder } from './workspace.js'

const BASE_IMAGES = 'base-images'
const ADMISSION = ADMISSION_SUBJECT

/** Files bigger than this are not read as Dockerfiles or manifests (hand-written ones are far
 * smaller, and a limit keeps a hostile file from exhausting the runner). What exceeds it is a
 * CG-NOT-CHECKED finding, never skipped silently. */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024

function unmatched(input: string, glob: string, example: string): ConfigurationError {
  return new ConfigurationError(
    `Input '${input}' has a glob that matches no file: ${JSON.stringify(glob)}. Globs are matched against repository-relative paths (for example ${example}); leave the input at its default to check whatever exists.`
  )
}

/** Dockerfiles in scope (hadolint and the base-image rules): explicit globs must each match; the
 * default globs may match nothing. */
export function resolveDockerfiles(inputs: Inputs, files: readonly string[]): string[] {
  const globs = inputs.dockerfiles ?? []
  if (globs.length === 0) return []
  if (globs.join('\n') !== DEFAULT_DOCKERFILE_GLOBS.join('\n')) {
    const missing = globsWithoutMatch(files, globs)
    if (missing.length > 0)
      throw unmatched('dockerfile', missing[0]!, 'Dockerfile, docker/*.Dockerfile, **/Dockerfile')
  }
  return matchGlobs(files, globs)
}

/** The build the Dockerfiles are read for: the platforms and build-args inputs; the runner builds. */
export function buildSettings(inputs: Inputs): BuildSettings {
  const runner = runnerPlatform()
  return {
    platforms: inputs.platforms.length > 0 ? inputs.platforms : [runner],
    buildPlatform: runner,
    buildArgs: inputs.buildArgs
  }
}

/** One warning when the policy has base-image rules but no Dockerfile is in scope to apply them to. */
export function baseImageScopeWarning(
  inputs: Inputs,
  policy: Policy,
  dockerfiles: readonly string[]
): string | undefined {
  const rules = policy.baseImages.allow.length > 0 || policy.baseImages.requireDigest
  if (!rules || dockerfiles.length > 0) return undefined
  const why =
    inputs.dockerfiles === undefined
      ? "input 'dockerfile' is empty (to skip only hadolint, keep the Dockerfiles in scope and set hadolint: false)"
      : "the globs of input 'dockerfile' match no file"
  return `The policy sets base-image rules (base-images.allow or require-digest), but no Dockerfile is in scope: ${why}. Base images are not checked.`
}

/** Manifests for the admission rules: the `manifests` globs, else every YAML file under config-path. */
export function resolveManifests(inputs: Inputs, files: readonly string[]): string[] {
  if (inputs.manifests) {
    const missing = globsWithoutMatch(files, inputs.manifests)
    if (missing.length > 0) throw unmatched('manifests', missing[0]!, 'k8s/*.yaml, deploy/**/*.yml')
    return matchGlobs(files, inputs.manifests)
  }
  return yamlFilesUnder(files, inputs.configPaths)
}

/** The cluster's Gatekeeper policy files: every glob of `gatekeeper-policies` must match a file. */
export function resolveGatekeeperPolicies(inputs: Inputs, files: readonly string[]): string[] {
  const globs = inputs.gatekeeperPolicies ?? []
  if (globs.length === 0) return []
  const missing = globsWithoutMatch(files, globs)
  if (missing.length > 0)
    throw unmatched('gatekeeper-policies', missing[0]!, 'gatekeeper/*.yaml, policies/**/constraint.yaml')
  return matchGlobs(files, globs)
}

interface ReadTexts {
  texts: Array<{ path: string; text: string }>
  /** Files that could not be read, and why. */
  unread: Array<{ file: string; reason: string }>
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

/** One file, refused when over MAX_TEXT_BYTES (checked on the open file, and again on what was read). */
async function readLimited(full: string): Promise<Buffer | { reason: string }> {
  const tooLarge = (size: number) => ({
    reason: `it is ${mib(size)}, over the ${mib(MAX_TEXT_BYTES)} limit on files the gate reads`
  })
  let handle
  try {
    handle = await open(full, 'r')
    const { size } = await handle.stat()
    if (size > MAX_TEXT_BYTES) return tooLarge(size)
    const bytes = await handle.readFile()
    return bytes.length > MAX_TEXT_BYTES ? tooLarge(bytes.length) : bytes
  } catch (error) {
    return { reason: `it could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  } finally {
    await handle?.close()
  }
}

async function readTexts(
  workspace: string,
  paths: readonly string[],
  decode: (bytes: Buffer) => string
): Promise<ReadTexts> {
  const out: ReadTexts = { texts: [], unread: [] }
  const read = await Promise.all(
    paths.map(async path => ({ path, read: await readLimited(join(workspace, path)) }))
  )
  for (const { path, read: r } of read) {
    if (Buffer.isBuffer(r)) out.texts.push({ path, text: decode(r) })
    else out.unread.push({ file: path, reason: r.reason })
  }
  return out
}

/** A Helm chart's templates among the manifests, and whether Trivy's config scan renders the chart. */
export interface ChartTemplates {
  /** The chart's folder (holding Chart.yaml), repository-relative; '' for the repository root. */
  chart: string
  templates: string[]
  rendered: boolean
}

/**
 * Separates Helm chart templates (files under a `templates/` folder with a Chart.yaml next to it)
 * from the manifests the admission rules read: a template is not a manifest until rendered. Trivy's
 * config scan renders the charts under its config paths; a chart outside them is not rendered.
 */
export function splitHelmCharts(
  manifests: readonly string[],
  files: readonly string[],
  configPaths: readonly string[]
): { manifests: string[]; charts: ChartTemplates[] } {
  const roots = files
    .filter(f => posix.basename(f) === 'Chart.yaml')
    .map(f => posix.dirname(f))
    .map(d => (d === '.' ? '' : d))
    .sort((a, b) => b.length - a.length)
  const prefixes = configPaths.map(p => p.replace(/^\.\/?/, '').replace(/\/$/, ''))
  const covers = (chart: string) => prefixes.some(p => p === '' || chart === p || chart.startsWith(`${p}/`))
  const charts = new Map<string, ChartTemplates>()
  const plain: string[] = []
  for (const file of manifests) {
    const chart = roots.find(r => file.startsWith(r === '' ? 'templates/' : `${r}/templates/`))
    if (chart === undefined) {
      plain.push(file)
      continue
    }
    const entry = charts.get(chart) ?? { chart, templates: [], rendered: covers(chart) }
    entry.templates.push(file)
    charts.set(chart, entry)
  }
  return { manifests: plain, charts: [...charts.values()] }
}

/** CG-NOT-CHECKED for chart templates no Trivy config scan renders; a note naming those it does. */
function chartCoverage(charts: readonly ChartTemplates[]): { findings: Finding[]; notes: string[] } {
  const name = (c: ChartTemplates) => c.chart || '(repository root)'
  const findings = charts
    .filter(c => !c.rendered)
    .flatMap(c =>
      c.templates.map(file =>
        notCheckedFinding({
          file,
          check: 'the admission rules',
          reason: `it is a template of the Helm chart ${name(c)}, which no Trivy config scan renders: add ${c.chart || '.'} (or a folder above it) to config-path`,
          subject: ADMISSION
        })
      )
    )
  const rendered = charts.filter(c => c.rendered)
  const notes = rendered.length
    ? [
        `Helm charts judged through Trivy's rendering (the admission rules do not read unrendered templates): ${rendered.map(c => `${name(c)} (${c.templates.length} template${c.templates.length === 1 ? '' : 's'})`).join(', ')}`
      ]
    : []
  return { findings, notes }
}

export interface ImportedReports {
  findings: Finding[]
  subjects: SarifSubject[]
}

/** Reads the `report` input's files; a missing or unrecognized file is the user's to fix. */
export async function importReports(inputs: Inputs, workspace: string): Promise<ImportedReports> {
  const findings: Finding[] = []
  const subjects: SarifSubject[] = []
  for (const file of inputs.reports) {
    const path = isAbsolute(file) ? file : join(workspace, file)
    if (!existsSync(path)) {
      throw new ConfigurationError(
        `Input 'report' names ${JSON.stringify(file)}, which does not exist: expected the path of a Trivy or hadolint JSON report, relative to the workspace or absolute.`
      )
    }
    const imported = parseImportedReport(await readFile(path, 'utf8'), file)
    findings.push(...imported.findings)
    for (const f of imported.findings) subjects.push({ tool: f.tool, subject: f.subject })
    if (imported.findings.length === 0 && imported.format === 'trivy')
      subjects.push({ tool: 'trivy', subject: file })
  }
  return { findings, subjects }
}

export interface PolicyChecks {
  /** Findings, CG-NOT-CHECKED for what could not be judged included. */
  findings: Finding[]
  /** The subjects these checks report under, so a clean run still closes earlier alerts. */
  subjects: SarifSubject[]
  /** For the summary: which Helm charts were judged through Trivy's rendering. */
  notes: string[]
}

/**
 * The findings the action decides itself, merged with the scanners': base images from every linted
 * Dockerfile, admission rules on the manifests. Trivy's checks for the same admission rules are
 * replaced by the action's for the files it read, so one problem is reported once.
 */
export async function policyChecks(
  scanned: readonly Finding[],
  policy: Policy,
  workspace: string,
  files: { dockerfiles: readonly string[]; manifests: readonly string[]; charts?: readonly ChartTemplates[] },
  build: BuildSettings
): Promise<PolicyChecks> {
  const [dockerfiles, manifests] = await Promise.all([
    readTexts(workspace, files.dockerfiles, bytes => bytes.toString('utf8')),
    readTexts(workspace, files.manifests, decodeManifest)
  ])
  const admission = checkManifests(manifests.texts, policy.admission)
  const baseImageRules = policy.baseImages.allow.length > 0 || policy.baseImages.requireDigest
  const charts = chartCoverage(files.charts ?? [])
  const unread = [
    ...manifests.unread.map(u =>
      notCheckedFinding({ ...u, check: 'the admission rules', subject: ADMISSION })
    ),
    ...(baseImageRules
      ? dockerfiles.unread.map(u =>
          notCheckedFinding({ ...u, check: 'the base-image check', subject: BASE_IMAGES })
        )
      : [])
  ]
  // One SARIF run (and category) per rule family, not per file: a clean run then closes every
  // earlier alert of that family, and a repository with many YAML files does not make many runs.
  const own = [
    ...baseImageFindings(dockerfiles.texts, policy.baseImages, build).map(f => ({
      ...f,
      subject: BASE_IMAGES
    })),
    ...admission.findings.map(f => ({ ...f, subject: ADMISSION })),
    ...charts.findings,
    ...unread
  ]
  const subjects: SarifSubject[] = []
  if (files.dockerfiles.length > 0 && baseImageRules)
    subjects.push({ tool: 'container-gate', subject: BASE_IMAGES })
  if (files.manifests.length > 0 || (files.charts ?? []).length > 0)
    subjects.push({ tool: 'container-gate', subject: ADMISSION })
  const notFullyJudged = own.filter(f => f.ruleId === NOT_CHECKED && f.file).map(f => f.file!)
  return {
    findings: [
      ...reconcileTrivyAdmission(scanned, admission.judged, policy.admission, notFullyJudged),
      ...own
    ],
    subjects,
    notes: charts.notes
  }
}
