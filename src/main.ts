/**
 * The step, as a story of named stages: read the inputs, load the policy, choose the files, scan,
 * check, decide, report, publish, conclude. Every decision is made elsewhere (the verdict in
 * policy/, the content in report/); this file wires the stages together, writes the outputs and
 * is the only place that calls setFailed.
 */
import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { baseImageScopeWarning, buildSettings } from './checks/base-images/build.js'
import { hasBaseImageRules } from './checks/base-images/rules.js'
import { placeImageFindings } from './checks/image-origin/run.js'
import { runChecks, type CheckResults, type SignatureRun } from './checks/run.js'
import { failureMessage } from './errors.js'
import { uniqueFindings, type Finding, type ScannedSubject } from './findings/model.js'
import { uploadReportArtifact, type ArtifactOutcome } from './github/artifact.js'
import { connectGitHub, type GitHubConnection } from './github/connect.js'
import { publishResults, readFirstSeen, type PublishResult } from './github/publish.js'
import { readInputs, type Inputs } from './inputs/read.js'
import { escapeCommandData, log, systemClock, type Clock } from './log.js'
import { applyOverrides } from './policy/defaults.js'
import { evaluate } from './policy/evaluate.js'
import { readPolicy } from './policy/read.js'
import type { Policy, Verdict } from './policy/types.js'
import { selectAnnotations } from './report/annotations.js'
import { headline } from './report/headline.js'
import { describeRun, renderJsonReport } from './report/json-report.js'
import { verdictLines, type Destinations } from './report/log-verdict.js'
import { renderSarif } from './report/sarif.js'
import type { SarifLog } from './report/sarif-types.js'
import { renderSummary } from './report/summary.js'
import { importReports, type ImportedReports } from './scanners/import.js'
import { scan, type Scanned } from './scanners/scan.js'
import type { SigningReport } from './sign/run.js'
import { signingFailure } from './sign/run.js'
import { prepareSigstore, signIfPassed, sigstoreImages, type Sigstore } from './sign/stage.js'
import { execTool } from './tools/exec.js'
import { prepareRunPaths, type RunPaths } from './workspace/run-dirs.js'
import { checkImageInputs, resolveScope, type Scope } from './workspace/scope.js'
import { readableFiles } from './workspace/sources.js'

/** The inputs, with the token masked and what the reading had to say logged. */
function readActionInputs(): Inputs {
  const inputs = readInputs(name => core.getInput(name))
  if (inputs.githubToken) log.mask(inputs.githubToken)
  for (const warning of inputs.warnings) log.warning(warning)
  for (const note of inputs.notes) log.info(note)
  return inputs
}

/** The policy file (or the defaults) with the fail-on and ignore-unfixed inputs applied. */
async function loadPolicy(inputs: Inputs, workspace: string): Promise<Policy> {
  return applyOverrides(await readPolicy(inputs.policyPath, workspace), {
    failOn: inputs.failOn,
    ignoreUnfixed: inputs.ignoreUnfixed
  })
}

interface Settings {
  inputs: Inputs
  paths: RunPaths
  policy: Policy
}

/** The inputs, this run's folders and the policy: everything later stages are told. */
async function readSettings(): Promise<Settings> {
  const inputs = readActionInputs()
  const paths = await prepareRunPaths()
  const policy = await loadPolicy(inputs, paths.workspace)
  log.info(`Mode: ${inputs.mode}. Policy: ${policy.source}.`)
  const ignores = policy.ignores.length
  if (ignores > 0) log.info(`${ignores} ignore entr${ignores === 1 ? 'y' : 'ies'} in the policy.`)
  return { inputs, paths, policy }
}

/** The files in scope, warning when the policy's base-image rules have no Dockerfile to apply to. */
async function chooseFiles(inputs: Inputs, policy: Policy, workspace: string): Promise<Scope> {
  const scope = await resolveScope(inputs, workspace)
  const scopeWarning = baseImageScopeWarning(inputs, policy.baseImages, scope.dockerfiles)
  if (scopeWarning) log.warning(scopeWarning)
  checkImageInputs(inputs, workspace)
  return scope
}

function warnIfNothingToCheck(inputs: Inputs, scope: Scope): void {
  const checkable = [
    inputs.images,
    inputs.imageInputs,
    inputs.configPaths,
    inputs.reports,
    scope.dockerfiles,
    scope.manifests,
    scope.kustomize.builds
  ]
  if (checkable.every(list => list.length === 0)) {
    log.warning(
      'Nothing to check: set image, image-input, config-path, dockerfile, manifests (with gatekeeper-policies) or report.'
    )
  }
}

interface InScope {
  scope: Scope
  imported: ImportedReports
  /** The Dockerfiles hadolint lints: those the safe read accepts, none when hadolint is off. */
  lintable: string[]
}

/** What this run looks at: the repository's files in scope and the imported reports. */
async function selectFiles({ inputs, policy, paths }: Settings): Promise<InScope> {
  const scope = await chooseFiles(inputs, policy, paths.workspace)
  const list = (what: string, files: readonly string[]) =>
    files.length > 0 &&
    log.info(`${what} (${files.length}): ${files.slice(0, 20).join(', ')}${files.length > 20 ? ', …' : ''}`)
  list('Dockerfiles', scope.dockerfiles)
  list('Kubernetes manifests', scope.manifests)
  list(
    'Kustomizations (rendered with kustomize build)',
    scope.kustomize.builds.map(b => b.kustomization)
  )
  list('Gatekeeper policy files', scope.gatekeeperPolicies)
  const imported = await importReports(inputs.reports, paths.workspace, log.info)
  warnIfNothingToCheck(inputs, scope)
  // hadolint reads the files itself: only those the safe read accepts (runChecks reports the rest).
  // Choosing Dockerfiles and linting them are two decisions: hadolint: false keeps the base-image rules.
  const lintable = inputs.hadolint ? readableFiles(paths.workspace, scope.dockerfiles) : []
  return { scope, imported, lintable }
}

/** What the signature check verifies with: the settled rules, the scanned digests, the installed cosign. */
function signatureRun(
  sigstore: Sigstore,
  images: Awaited<ReturnType<typeof sigstoreImages>>,
  tools: Scanned['paths']
): SignatureRun | undefined {
  if (sigstore.verification.rules.length === 0) return undefined
  // Rules without cosign would pass every image unverified: that is a bug, never a skip.
  if (!tools.cosign) throw new Error('cosign was not installed, though signature rules apply.')
  return { settings: sigstore.verification, scanned: images, exec: execTool, cosign: tools.cosign }
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The scanners' and the imported reports' findings through the action's own checks, each once. */
async function check(
  { inputs, policy, paths }: Settings,
  scope: Scope,
  found: readonly Finding[],
  signatures?: SignatureRun,
  rendered: Scanned['kustomize'] = { builds: [], failed: [] }
): Promise<CheckResults> {
  const { dockerfiles, manifests, charts } = scope
  const kustomize = { rendered, refused: scope.kustomize.refused }
  const checks = await runChecks(
    found,
    policy,
    paths.workspace,
    { dockerfiles, manifests, charts, linted: inputs.hadolint, kustomize },
    buildSettings(inputs),
    signatures
  )
  const { findings, repeats } = uniqueFindings(checks.findings)
  if (repeats > 0)
    log.info(
      `${repeats} findings were reported more than once (the same finding in the same place); each is counted once.`
    )
  const ruleFamilies: Record<string, string> = {
    admission: 'Admission rules',
    'base-images': 'Base-image rules'
  }
  for (const s of checks.subjects) {
    const own = findings.filter(f => f.tool === s.tool && f.subject === s.subject).length
    log.info(`${ruleFamilies[s.subject] ?? s.subject}: ${count(own, 'finding')}.`)
  }
  for (const line of checksNotRun(policy, checks.subjects)) log.info(line)
  return { ...checks, findings }
}

/** Why a family of the action's own rules judged nothing, so an empty group is not a mystery. */
function checksNotRun(policy: Policy, subjects: readonly ScannedSubject[]): string[] {
  const ran = new Set(subjects.map(s => s.subject))
  const lines: string[] = []
  if (!ran.has('base-images'))
    lines.push(
      hasBaseImageRules(policy.baseImages)
        ? 'Base-image rules: not run, no Dockerfile in scope.'
        : 'Base-image rules: not run, the policy has none (base-images.allow, base-images.require-digest).'
    )
  if (!ran.has('admission')) lines.push('Admission rules: not run, no Kubernetes manifest in scope.')
  return lines
}

/** Every finding decided by the policy, with first-seen dates from code scanning when on GitHub. */
async function decide(
  { inputs, policy }: Settings,
  github: GitHubConnection | undefined,
  findings: readonly Finding[],
  now: Date
): Promise<Verdict> {
  const firstSeen = await readFirstSeen(github, inputs.github, findings)
  if (firstSeen) log.info(`First-seen dates from code scanning: ${firstSeen.size} findings.`)
  const verdict = evaluate(findings, policy, { mode: inputs.mode, firstSeen }, now)
  const by = (action: string) => verdict.decisions.filter(d => d.action === action).length
  log.info(
    `${count(findings.length, 'finding')}: ${by('block')} block, ${by('warn')} warn, ${by('record')} recorded, ${by('ignore')} ignored.`
  )
  for (const expired of verdict.expiredIgnores)
    log.info(
      `Expired ignore, no longer applied: ${expired.id} (${expired.source}, expired ${expired.expires ?? '?'}).`
    )
  return verdict
}

interface Written {
  sarif: SarifLog
  sarifFile: string
  reportFile: string
  artifact: ArtifactOutcome
}

/** The SARIF and the JSON report, written to this run's folder and kept as a workflow artifact. */
async function writeReports(
  { inputs, paths, policy }: Settings,
  run: { verdict: Verdict; subjects: ScannedSubject[]; scanned: Scanned; now: Date; checked: CheckResults }
): Promise<Written> {
  const { verdict, scanned } = run
  const sarifFile = join(paths.outDir, 'container-gate.sarif')
  const reportFile = join(paths.outDir, 'container-gate-report.json')
  const sarif = renderSarif(verdict, {
    categoryPrefix: inputs.github.sarifCategory,
    subjects: run.subjects,
    toolVersions: scanned.versions
  })
  await writeFile(sarifFile, JSON.stringify(sarif, null, 2))
  const scans = scanned.outcomes.map(o => ({
    tool: o.job.tool,
    label: o.job.label,
    exitCode: o.exitCode,
    reportFile: o.reportFile
  }))
  const meta = {
    generatedAt: run.now,
    policySource: policy.source,
    toolVersions: scanned.versions as Record<string, string>,
    scans,
    imported: inputs.reports,
    sarifFile,
    job: process.env.GITHUB_JOB ?? '',
    baseImages: run.checked.baseImages
  }
  await writeFile(reportFile, renderJsonReport(describeRun(inputs), verdict, meta))
  log.info(`SARIF: ${sarifFile} (${count(sarif.runs.length, 'run')}).`)
  log.info(`JSON report: ${reportFile}.`)
  const artifact = await uploadReportArtifact({
    enabled: inputs.github.uploadArtifact,
    files: [sarifFile, reportFile],
    rootDirectory: paths.outDir,
    matrix: inputs.github.matrix,
    commentKey: inputs.github.commentKey,
    logger: log
  })
  return { sarif, sarifFile, reportFile, artifact }
}

/** The job summary, after publishing so it can say what code scanning refused or what was dropped. */
async function writeSummary(
  inputs: Inputs,
  verdict: Verdict,
  report: { subjects: ScannedSubject[]; written: Written; notes: string[]; signing?: SigningReport }
): Promise<string | undefined> {
  if (!inputs.summary) return "the input 'summary' is false"
  if (!process.env.GITHUB_STEP_SUMMARY) return 'this run has no job summary (GITHUB_STEP_SUMMARY is not set)'
  const { sarifFile, reportFile, artifact } = report.written
  const summary = renderSummary(verdict, {
    subjects: report.subjects,
    sarifFile,
    reportFile,
    ...(artifact.url ? { artifactUrl: artifact.url } : {}),
    notes: report.notes,
    ...(report.signing ? { signing: report.signing } : {})
  })
  await core.summary.addRaw(summary).write()
  return undefined
}

/** Annotations on the diff for blocking findings and warnings that have a file and line. */
function annotate(verdict: Verdict): void {
  const picked = selectAnnotations(verdict)
  const where = (a: (typeof picked.errors)[number]) => ({
    title: a.title,
    file: a.file,
    startLine: a.startLine,
    endLine: a.endLine
  })
  for (const a of picked.errors) log.error(a.message, where(a))
  for (const a of picked.warnings) log.warning(a.message, where(a))
  if (picked.omittedNote) log.info(picked.omittedNote)
}

interface Published {
  github?: PublishResult
  summarySkipped?: string
}

/** Code scanning, the pull-request comment, the job summary and the annotations on the diff. */
async function publishEverywhere(
  { inputs, paths }: Settings,
  github: GitHubConnection | undefined,
  run: {
    verdict: Verdict
    subjects: ScannedSubject[]
    written: Written
    notes: string[]
    now: Date
    signing?: SigningReport
  }
): Promise<Published> {
  const { verdict, subjects, written, signing } = run
  if (!github) log.info('GitHub: not connected (no repository or token, or nothing to publish there).')
  const published = await publishResults(github, inputs.github, {
    verdict,
    sarif: written.sarif,
    subjects,
    workspace: paths.workspace,
    startedAt: run.now,
    ...(written.artifact.url ? { artifactUrl: written.artifact.url } : {}),
    ...(signing ? { signing } : {})
  })
  const notes = [...run.notes, ...(published?.notes ?? [])]
  const summarySkipped = await writeSummary(inputs, verdict, { subjects, written, notes, signing })
  annotate(verdict)
  return { ...(published ? { github: published } : {}), ...(summarySkipped ? { summarySkipped } : {}) }
}

function setOutputs(
  verdict: Verdict,
  written: Written,
  published: PublishResult | undefined,
  signing: SigningReport | undefined
): void {
  core.setOutput('verdict', verdict.outcome)
  core.setOutput('blocking-count', verdict.blocking.length)
  core.setOutput('critical', verdict.counts.CRITICAL)
  core.setOutput('high', verdict.counts.HIGH)
  core.setOutput('medium', verdict.counts.MEDIUM)
  core.setOutput('low', verdict.counts.LOW)
  core.setOutput('rebuild-required', verdict.rebuildRequired)
  core.setOutput('sarif-file', written.sarifFile)
  core.setOutput('report-file', written.reportFile)
  core.setOutput('sarif-ids', (published?.sarifIds ?? []).join(','))
  core.setOutput('comment-url', published?.commentUrl ?? '')
  core.setOutput('artifact-url', written.artifact.url ?? '')
  const signed = signing?.images.filter(i => i.signed && i.pinned) ?? []
  core.setOutput('signed', signed.map(i => i.pinned).join('\n'))
  core.setOutput('attestations', signed.flatMap(i => i.attestations.map(t => `${i.pinned} ${t}`)).join('\n'))
}

/** Where each result went, for the verdict block. */
function destinations(inputs: Inputs, written: Written, published: Published): Destinations {
  const gh = published.github
  const ghSkipped = 'not connected to GitHub (no repository or token)'
  return {
    sarifFile: written.sarifFile,
    reportFile: written.reportFile,
    sarifIds: gh?.sarifIds ?? [],
    sarifSkipped: !inputs.github.uploadSarif ? "the input 'upload-sarif' is false" : ghSkipped,
    ...(written.artifact.url ? { artifactUrl: written.artifact.url } : {}),
    ...(written.artifact.skipped ? { artifactSkipped: written.artifact.skipped } : {}),
    ...(published.summarySkipped ? { summarySkipped: published.summarySkipped } : {}),
    ...(gh?.commentUrl ? { commentUrl: gh.commentUrl } : {}),
    commentSkipped:
      inputs.github.comment === 'off' ? "the input 'comment' is off" : gh ? 'not a pull request' : ghSkipped
  }
}

/** The step's outcome: the headline, failing the step only when the verdict fails and `fail` is on;
 * a passing gate whose signing was asked for and did not complete fails too (nothing downstream
 * would accept the image). */
function conclude(verdict: Verdict, fail: boolean, signing?: SigningReport): void {
  const unsigned = signingFailure(signing)
  // The headline names files and images: it goes through the log boundary like any line.
  const sentence = headline(verdict)
  if (verdict.outcome === 'fail' && fail) core.setFailed(escapeCommandData(sentence))
  else if (unsigned) core.setFailed(escapeCommandData(unsigned))
  else if (verdict.outcome === 'fail')
    log.warning(`${sentence} (not failing the step: input 'fail' is false)`)
}

export async function run(now: Date = new Date(), clock: Clock = systemClock): Promise<void> {
  try {
    const stage = <T>(title: string, work: () => Promise<T>, done?: (result: T) => string) =>
      log.stage(title, work, { clock, ...(done ? { done } : {}) })
    const settings = await stage('Inputs and policy', readSettings)
    const { inputs, paths } = settings
    const files = await stage('Files in scope', () => selectFiles(settings))
    const { scope, imported } = files
    const sigstore = prepareSigstore(inputs, settings.policy.signatures, paths)
    const toScan = { ...scope, dockerfiles: files.lintable }
    const scanned = await scan(inputs, paths, toScan, { now, clock, alsoInstall: sigstore.tools })
    const images = await sigstoreImages(sigstore, scanned.outcomes)
    const found = [...imported.findings, ...scanned.findings]
    const signatures = signatureRun(sigstore, images, scanned.paths)
    const checksTitle = `Checks: base images, admission rules${signatures ? ', signatures' : ''}`
    const { dockerfileFor } = inputs
    const placing = { dockerfileFor, dockerfiles: scope.dockerfiles, outcomes: scanned.outcomes, ...paths }
    const checked = await stage(checksTitle, async () =>
      check(
        settings,
        scope,
        await placeImageFindings(found, placing, log.info),
        signatures,
        scanned.kustomize
      )
    )
    const github = await connectGitHub(inputs.github, inputs.githubToken)
    const verdict = await stage('Policy', () => decide(settings, github, checked.findings, now))
    const subjects = [...imported.subjects, ...scanned.subjects, ...checked.subjects]
    const signing = await signIfPassed(sigstore, verdict, images.registry, { tools: scanned.paths, paths })
    const written = await stage('Reports: SARIF, JSON, artifact', () =>
      writeReports(settings, { verdict, subjects, scanned, now, checked })
    )
    const published = await stage('Publish: code scanning, comment, summary, annotations', () =>
      publishEverywhere(settings, github, { verdict, subjects, written, notes: checked.notes, now, signing })
    )
    setOutputs(verdict, written, published.github, signing)
    for (const line of verdictLines(verdict, destinations(inputs, written, published))) log.info(line)
    conclude(verdict, inputs.fail, signing)
  } catch (error) {
    // One message saying whose it is to fix; stack traces stay in debug output.
    if (error instanceof Error && error.stack) log.debug(error.stack)
    core.setFailed(escapeCommandData(failureMessage(error)))
  }
}
