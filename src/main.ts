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
import { runChecks, type CheckResults, type SignatureRun } from './checks/run.js'
import { failureMessage } from './errors.js'
import { uniqueFindings, type Finding, type ScannedSubject } from './findings/model.js'
import { connectGitHub } from './github/connect.js'
import { publishResults, readFirstSeen, type PublishResult } from './github/publish.js'
import { readInputs, type Inputs } from './inputs/read.js'
import { escapeCommandData, log } from './log.js'
import { applyOverrides } from './policy/defaults.js'
import { evaluate } from './policy/evaluate.js'
import { readPolicy } from './policy/read.js'
import type { Policy, Verdict } from './policy/types.js'
import { selectAnnotations } from './report/annotations.js'
import { describeRun, renderJsonReport } from './report/json-report.js'
import { renderSarif } from './report/sarif.js'
import type { SarifLog } from './report/sarif-types.js'
import { renderSummary } from './report/summary.js'
import { importReports } from './scanners/import.js'
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
    scope.manifests
  ]
  if (checkable.every(list => list.length === 0)) {
    log.warning(
      'Nothing to check: set image, image-input, config-path, dockerfile, manifests (with gatekeeper-policies) or report.'
    )
  }
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

/** The scanners' and the imported reports' findings through the action's own checks, each once. */
async function check(
  inputs: Inputs,
  policy: Policy,
  paths: RunPaths,
  scope: Scope,
  found: readonly Finding[],
  signatures?: SignatureRun
): Promise<CheckResults> {
  const { dockerfiles, manifests, charts } = scope
  const checks = await runChecks(
    found,
    policy,
    paths.workspace,
    { dockerfiles, manifests, charts, linted: inputs.hadolint },
    buildSettings(inputs),
    signatures
  )
  const { findings, repeats } = uniqueFindings(checks.findings)
  if (repeats > 0)
    log.info(
      `${repeats} findings were reported more than once (the same finding in the same place); each is counted once.`
    )
  return { ...checks, findings }
}

interface Written {
  sarif: SarifLog
  sarifFile: string
  reportFile: string
}

/** The SARIF and the JSON report, written to this run's folder. */
async function writeReports(
  inputs: Inputs,
  paths: RunPaths,
  run: { policy: Policy; verdict: Verdict; subjects: ScannedSubject[]; scanned: Scanned; now: Date }
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
    policySource: run.policy.source,
    toolVersions: scanned.versions as Record<string, string>,
    scans,
    imported: inputs.reports,
    sarifFile
  }
  await writeFile(reportFile, renderJsonReport(describeRun(inputs), verdict, meta))
  return { sarif, sarifFile, reportFile }
}

/** The job summary, after publishing so it can say what code scanning refused or what was dropped. */
async function writeSummary(
  inputs: Inputs,
  verdict: Verdict,
  report: { subjects: ScannedSubject[]; written: Written; notes: string[]; signing?: SigningReport }
): Promise<void> {
  if (!inputs.summary || !process.env.GITHUB_STEP_SUMMARY) return
  const { sarifFile, reportFile } = report.written
  const summary = renderSummary(verdict, {
    subjects: report.subjects,
    sarifFile,
    reportFile,
    notes: report.notes,
    ...(report.signing ? { signing: report.signing } : {})
  })
  await core.summary.addRaw(summary).write()
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
  const signed = signing?.images.filter(i => i.signed && i.pinned) ?? []
  core.setOutput('signed', signed.map(i => i.pinned).join('\n'))
  core.setOutput('attestations', signed.flatMap(i => i.attestations.map(t => `${i.pinned} ${t}`)).join('\n'))
}

/** The step's outcome: the verdict's reason, failing the step only when it fails and `fail` is on;
 * a passing gate whose signing was asked for and did not complete fails too (nothing downstream
 * would accept the image). */
function conclude(verdict: Verdict, fail: boolean, signing?: SigningReport): void {
  const unsigned = signingFailure(signing)
  // The reason quotes finding IDs and package names: it goes through the log boundary like any line.
  if (verdict.outcome === 'fail' && fail) core.setFailed(escapeCommandData(verdict.reason))
  else if (unsigned) core.setFailed(escapeCommandData(unsigned))
  else if (verdict.outcome === 'fail')
    log.warning(`${verdict.reason} (not failing the step: input 'fail' is false)`)
  else log.info(verdict.reason)
}

export async function run(now: Date = new Date()): Promise<void> {
  try {
    const inputs = readActionInputs()
    const paths = await prepareRunPaths()
    const policy = await loadPolicy(inputs, paths.workspace)
    const scope = await chooseFiles(inputs, policy, paths.workspace)
    const sigstore = prepareSigstore(inputs, policy.signatures, paths)
    const imported = await importReports(inputs.reports, paths.workspace, log.info)
    warnIfNothingToCheck(inputs, scope)
    // hadolint reads the files itself: only those the safe read accepts (runChecks reports the rest).
    // Choosing Dockerfiles and linting them are two decisions: hadolint: false keeps the base-image rules.
    const lintable = inputs.hadolint ? readableFiles(paths.workspace, scope.dockerfiles) : []
    const scanned = await scan(inputs, paths, { ...scope, dockerfiles: lintable }, now, sigstore.tools)
    const images = await sigstoreImages(sigstore, scanned.outcomes)
    const found = [...imported.findings, ...scanned.findings]
    const checked = await check(
      inputs,
      policy,
      paths,
      scope,
      found,
      signatureRun(sigstore, images, scanned.paths)
    )
    const github = connectGitHub(inputs.github, inputs.githubToken)
    const firstSeen = await readFirstSeen(github, inputs.github, checked.findings)
    const verdict = evaluate(checked.findings, policy, { mode: inputs.mode, firstSeen }, now)
    const subjects = [...imported.subjects, ...scanned.subjects, ...checked.subjects]
    const signing = await signIfPassed(sigstore, verdict, images.registry, { tools: scanned.paths, paths })
    const written = await writeReports(inputs, paths, { policy, verdict, subjects, scanned, now })
    const published = await publishResults(github, inputs.github, {
      verdict,
      sarif: written.sarif,
      subjects,
      workspace: paths.workspace,
      startedAt: now,
      signing
    })
    const notes = [...checked.notes, ...(published?.notes ?? [])]
    await writeSummary(inputs, verdict, { subjects, written, notes, signing })
    annotate(verdict)
    setOutputs(verdict, written, published, signing)
    conclude(verdict, inputs.fail, signing)
  } catch (error) {
    // One message saying whose it is to fix; stack traces stay in debug output.
    if (error instanceof Error && error.stack) log.debug(error.stack)
    core.setFailed(escapeCommandData(failureMessage(error)))
  }
}
