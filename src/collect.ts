/**
 * Gathering what the action checks besides the scanners: which Dockerfiles to lint, the reports to
 * import, and the findings the action evaluates itself (base images from FROM lines, admission rules
 * on Kubernetes manifests). Reads the workspace; every decision stays in policy/, dockerfile/, k8s/.
 */
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { baseImageFindings } from './dockerfile/from.js'
import { runnerPlatform } from './dockerfile/platform.js'
import type { BuildSettings } from './dockerfile/read.js'
import { ConfigurationError } from './errors.js'
import type { Finding } from './findings/model.js'
import type { Inputs } from './inputs.js'
import { checkManifests, reconcileTrivyAdmission } from './k8s/admission.js'
import type { Skipped } from './k8s/manifests.js'
import type { Policy } from './policy/types.js'
import type { SarifSubject } from './report/sarif.js'
import { parseImportedReport } from './scanners/import.js'
import { DEFAULT_DOCKERFILE_GLOBS, globsWithoutMatch, matchGlobs, yamlFilesUnder } from './workspace.js'

const BASE_IMAGES = 'base-images'
const ADMISSION = 'admission'

/** Files bigger than this are not read as Dockerfiles or manifests (they are not hand-written). */
const MAX_TEXT_BYTES = 5 * 1024 * 1024

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

async function readTexts(
  workspace: string,
  paths: readonly string[]
): Promise<Array<{ path: string; text: string }>> {
  const texts = await Promise.all(
    paths.map(async path => {
      const full = join(workspace, path)
      if ((await stat(full)).size > MAX_TEXT_BYTES) return undefined
      return { path, text: await readFile(full, 'utf8') }
    })
  )
  return texts.filter((t): t is { path: string; text: string } => t !== undefined)
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
  findings: Finding[]
  /** Manifest documents the admission rules could not judge (unrendered templates...). */
  skipped: Skipped[]
  /** The subjects these checks report under, so a clean run still closes earlier alerts. */
  subjects: SarifSubject[]
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
  files: { dockerfiles: readonly string[]; manifests: readonly string[] },
  build: BuildSettings
): Promise<PolicyChecks> {
  const [dockerfiles, manifests] = await Promise.all([
    readTexts(workspace, files.dockerfiles),
    readTexts(workspace, files.manifests)
  ])
  const admission = checkManifests(manifests, policy.admission)
  // One SARIF run (and category) per rule family, not per file: a clean run then closes every
  // earlier alert of that family, and a repository with many YAML files does not make many runs.
  const own = [
    ...baseImageFindings(dockerfiles, policy.baseImages, build).map(f => ({ ...f, subject: BASE_IMAGES })),
    ...admission.findings.map(f => ({ ...f, subject: ADMISSION }))
  ]
  const subjects: SarifSubject[] = []
  if (dockerfiles.length > 0 && (policy.baseImages.allow.length > 0 || policy.baseImages.requireDigest)) {
    subjects.push({ tool: 'container-gate', subject: BASE_IMAGES })
  }
  if (manifests.length > 0) subjects.push({ tool: 'container-gate', subject: ADMISSION })
  return {
    findings: [...reconcileTrivyAdmission(scanned, admission.files, policy.admission), ...own],
    skipped: admission.skipped,
    subjects
  }
}
