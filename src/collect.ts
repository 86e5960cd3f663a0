/**
 * Gathering what the action checks besides the scanners: which Dockerfiles to lint, the reports to
 * import, and the findings the action evaluates itself (base images from FROM lines, admission rules
 * on Kubernetes manifests). Reads the workspace; every decision stays in policy/, dockerfile/, k8s/.
 */
import { posix } from 'node:path'
import { baseImageFindings, hasBaseImageRules } from './checks/base-images/rules.js'
import { runnerPlatform } from './oci/platform.js'
import type { BuildSettings } from './checks/base-images/read.js'
import { ConfigurationError } from './errors.js'
import { NOT_CHECKED, notCheckedFinding } from './findings/coverage.js'
import type { Finding, ScannedSubject } from './findings/model.js'
import type { Inputs } from './inputs/read.js'
import { ADMISSION_SUBJECT, checkManifests } from './checks/admission/rules.js'
import { decodeManifest } from './kube/documents.js'
import { reconcileTrivyAdmission } from './checks/admission/reconcile.js'
import type { Policy } from './policy/types.js'
import { READ_LIMITS, checkToolPath, readFileSafely, refusedRead, type ReadProblem } from './safe-read.js'
import { parseImportedReport } from './scanners/import.js'
import { DEFAULT_DOCKERFILE_GLOBS, globsWithoutMatch, matchGlobs, yamlFilesUnder } from './workspace.js'

const BASE_IMAGES = 'base-images'
const ADMISSION = ADMISSION_SUBJECT

/** Files bigger than this are not read as Dockerfiles or manifests (hand-written ones are far
 * smaller, and a limit keeps a hostile file from exhausting the runner). What exceeds it is a
 * CG-NOT-CHECKED finding, never skipped silently. */
export const MAX_TEXT_BYTES = READ_LIMITS.source

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
  const rules = hasBaseImageRules(policy.baseImages)
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

/** A Dockerfile or manifest that was read, or why it could not be (too large, unreadable...). */
export type SourceRead =
  { path: string; text: string } | { path: string; problem: ReadProblem; detail: string }

/**
 * Reads repository files found by listFiles through the safe read (inside the workspace, regular
 * files, under MAX_TEXT_BYTES). Nothing is dropped: a file that cannot be read comes back with the
 * reason, for the caller to report (it must never pass silently).
 */
export function readSourceFiles(
  workspace: string,
  paths: readonly string[],
  decode?: (bytes: Buffer) => string
): SourceRead[] {
  return paths.map(path => {
    const result = readFileSafely(path, { workspace, maxBytes: MAX_TEXT_BYTES, scope: 'workspace', decode })
    return result.ok ? { path, text: result.text } : { path, problem: result.problem, detail: result.detail }
  })
}

/**
 * The files among `paths` the safe read accepts: what may be handed to a tool that opens them itself
 * (hadolint would follow a link to /dev/zero, or out of the workspace).
 */
export function readableFiles(workspace: string, paths: readonly string[]): string[] {
  return readSourceFiles(workspace, paths)
    .filter(read => 'text' in read)
    .map(read => read.path)
}

interface ReadTexts {
  texts: Array<{ path: string; text: string }>
  /** Files that could not be read, and why ("is larger than the 5 MiB limit ..."). */
  unread: Array<{ file: string; reason: string }>
}

function readTexts(
  workspace: string,
  paths: readonly string[],
  decode?: (bytes: Buffer) => string
): ReadTexts {
  const out: ReadTexts = { texts: [], unread: [] }
  for (const read of readSourceFiles(workspace, paths, decode)) {
    if ('text' in read) out.texts.push(read)
    else out.unread.push({ file: read.path, reason: `it ${read.detail}` })
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
  subjects: ScannedSubject[]
}

/**
 * The `image-input` paths, checked before Trivy opens them: relative ones (and absolute ones inside
 * the workspace) must stay inside it once links are followed, and each must be a file (a
 * `docker save` tarball) or a directory (an OCI layout).
 */
export function checkImageInputs(inputs: Inputs, workspace: string): void {
  for (const file of inputs.imageInputs) {
    const checked = checkToolPath(file, { workspace, scope: 'given-path' })
    if (!checked.ok)
      throw refusedRead(
        `Input 'image-input': ${JSON.stringify(file)}`,
        checked,
        'Expected a docker save tarball or an OCI image layout directory.'
      )
  }
}

const REPORT_ACCEPTED =
  'Expected the path of a Trivy or hadolint JSON report: relative to the workspace (and inside it), or absolute.'

/**
 * Reads the `report` input's files; a missing, unreadable or unrecognized file is the user's to fix.
 * Relative paths (and absolute ones inside the workspace) must stay inside the workspace once links
 * are followed; an absolute path elsewhere (a report an earlier step wrote to RUNNER_TEMP) is the
 * workflow's own choice. Either way only a regular file under READ_LIMITS.report is read. The same
 * file given twice (`r.json`, `./r.json`, its absolute path, a link to it) is imported once.
 */
export async function importReports(
  inputs: Inputs,
  workspace: string,
  note: (message: string) => void = () => undefined
): Promise<ImportedReports> {
  const findings: Finding[] = []
  const subjects: ScannedSubject[] = []
  const seen = new Map<string, string>()
  for (const file of inputs.reports) {
    const label = `Input 'report': ${JSON.stringify(file)}`
    const read = readFileSafely(file, { workspace, maxBytes: READ_LIMITS.report, scope: 'given-path' })
    if (!read.ok) throw refusedRead(label, read, REPORT_ACCEPTED)
    const first = seen.get(read.realPath)
    if (first !== undefined) {
      note(`${label} is the same file as ${JSON.stringify(first)}; imported once.`)
      continue
    }
    seen.set(read.realPath, file)
    const imported = parseImportedReport(read.text, file)
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
  subjects: ScannedSubject[]
  /** For the summary: which Helm charts were judged through Trivy's rendering. */
  notes: string[]
}

/** The checks that read Dockerfiles in this run, as one phrase ([] when none does). */
function dockerfileChecks(baseImageRules: boolean, linted: boolean): string[] {
  const checks = [...(linted ? ['hadolint'] : []), ...(baseImageRules ? ['the base-image check'] : [])]
  return checks.length > 0 ? [checks.join(' and ')] : []
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
  files: {
    dockerfiles: readonly string[]
    manifests: readonly string[]
    charts?: readonly ChartTemplates[]
    /** Whether hadolint lints the Dockerfiles: an unreadable one is then not linted either. */
    linted?: boolean
  },
  build: BuildSettings
): Promise<PolicyChecks> {
  const dockerfiles = readTexts(workspace, files.dockerfiles)
  const manifests = readTexts(workspace, files.manifests, decodeManifest)
  const admission = checkManifests(manifests.texts, policy.admission)
  const baseImageRules = hasBaseImageRules(policy.baseImages)
  const charts = chartCoverage(files.charts ?? [])
  const unread = [
    ...manifests.unread.map(u =>
      notCheckedFinding({ ...u, check: 'the admission rules', subject: ADMISSION })
    ),
    ...dockerfileChecks(baseImageRules, files.linted ?? false).flatMap(check =>
      dockerfiles.unread.map(u => notCheckedFinding({ ...u, check, subject: BASE_IMAGES }))
    )
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
  const subjects: ScannedSubject[] = []
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
