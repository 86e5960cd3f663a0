/**
 * Gathering what the action checks besides the scanners: which Dockerfiles to lint, the reports to
 * import, and the findings the action evaluates itself (base images from FROM lines, admission rules
 * on Kubernetes manifests). Reads the workspace; every decision stays in policy/, dockerfile/, k8s/.
 */
import { baseImageFindings } from './dockerfile/from.js'
import { ConfigurationError } from './errors.js'
import type { Finding } from './findings/model.js'
import type { Inputs } from './inputs.js'
import { checkManifests, reconcileTrivyAdmission } from './k8s/admission.js'
import type { Skipped } from './k8s/manifests.js'
import type { Policy } from './policy/types.js'
import type { SarifSubject } from './report/sarif.js'
import { READ_LIMITS, checkToolPath, readFileSafely, refusedRead, type ReadProblem } from './safe-read.js'
import { parseImportedReport } from './scanners/import.js'
import { DEFAULT_DOCKERFILE_GLOBS, globsWithoutMatch, matchGlobs, yamlFilesUnder } from './workspace.js'

const BASE_IMAGES = 'base-images'
const ADMISSION = 'admission'

/** Files bigger than this are not read as Dockerfiles or manifests (they are not hand-written). */
const MAX_TEXT_BYTES = READ_LIMITS.source

function unmatched(input: string, glob: string, example: string): ConfigurationError {
  return new ConfigurationError(
    `Input '${input}' has a glob that matches no file: ${JSON.stringify(glob)}. Globs are matched against repository-relative paths (for example ${example}); leave the input at its default to check whatever exists.`
  )
}

/** Dockerfiles to lint: explicit globs must each match; the default globs may match nothing. */
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
 * Reads repository files found by listFiles. Nothing is dropped: a file that cannot be read comes
 * back with the reason, for the caller to report (it must never pass silently).
 */
export function readSourceFiles(workspace: string, paths: readonly string[]): SourceRead[] {
  return paths.map(path => {
    const result = readFileSafely(path, { workspace, maxBytes: MAX_TEXT_BYTES, scope: 'workspace' })
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

function readTexts(
  workspace: string,
  paths: readonly string[],
  unread: Array<Extract<SourceRead, { problem: ReadProblem }>>
): Array<{ path: string; text: string }> {
  const texts: Array<{ path: string; text: string }> = []
  for (const read of readSourceFiles(workspace, paths)) {
    if ('text' in read) texts.push(read)
    else unread.push(read)
  }
  return texts
}

export interface ImportedReports {
  findings: Finding[]
  subjects: SarifSubject[]
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
  const subjects: SarifSubject[] = []
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
  findings: Finding[]
  /** Manifest documents the admission rules could not judge (unrendered templates...). */
  skipped: Skipped[]
  /** The subjects these checks report under, so a clean run still closes earlier alerts. */
  subjects: SarifSubject[]
  /** Dockerfiles and manifests that could not be read (too large, unreadable), with the reason:
   * not checked, so never to be passed over in silence. */
  unread: Array<Extract<SourceRead, { problem: ReadProblem }>>
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
  files: { dockerfiles: readonly string[]; manifests: readonly string[] }
): Promise<PolicyChecks> {
  const unread: PolicyChecks['unread'] = []
  const dockerfiles = readTexts(workspace, files.dockerfiles, unread)
  const manifests = readTexts(workspace, files.manifests, unread)
  const admission = checkManifests(manifests, policy.admission)
  // One SARIF run (and category) per rule family, not per file: a clean run then closes every
  // earlier alert of that family, and a repository with many YAML files does not make many runs.
  const own = [
    ...baseImageFindings(dockerfiles, policy.baseImages).map(f => ({ ...f, subject: BASE_IMAGES })),
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
    subjects,
    unread
  }
}
