/**
 * Orchestration only: inputs → tools → scanners → findings → policy → reports. Every decision is
 * made elsewhere (the verdict in policy/, the content in report/); this file wires them together and
 * is the only place that calls setFailed.
 */
import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { baseImageScopeWarning, buildSettings } from './checks/base-images/build.js'
import { runChecks } from './checks/run.js'
import { importReports } from './scanners/import.js'
import { prepareRunPaths, type RunPaths } from './workspace/run-dirs.js'
import { checkImageInputs, resolveScope } from './workspace/scope.js'
import { readableFiles } from './workspace/sources.js'
import { messageOf } from './errors.js'
import { execTool } from './tools/exec.js'
import { uniqueFindings, type FindingTool, type ScannedSubject } from './findings/model.js'
import { readInputs, type Inputs } from './inputs/read.js'
import { applyOverrides } from './policy/defaults.js'
import { evaluate } from './policy/evaluate.js'
import { readPolicy } from './policy/read.js'
import type { Verdict } from './policy/types.js'
import { describeRun, renderJsonReport } from './report/json-report.js'
import { selectAnnotations } from './report/annotations.js'
import { renderSarif } from './report/sarif.js'
import { renderSummary } from './report/summary.js'
import { connectGitHub } from './github/connect.js'
import { publishResults, readFirstSeen } from './github/publish.js'
import { planScans } from './scanners/plan.js'
import { runScans, type ScanOutcome } from './scanners/run.js'
import { installTools } from './tools/toolset.js'
import { restoreDb } from './tools/trivy-db/handoff.js'
import { explainTrivyDbFailure, trivyDbArgs } from './tools/trivy-db/repositories.js'
import { escapeCommandData, log } from './log.js'

function scannedSubjects(outcomes: readonly ScanOutcome[], dockerfiles: readonly string[]): ScannedSubject[] {
  const subjects: ScannedSubject[] = outcomes
    .filter(o => o.job.tool !== 'hadolint')
    .map(o => ({ tool: o.job.tool, subject: o.job.subject }))
  for (const file of dockerfiles) subjects.push({ tool: 'hadolint', subject: file })
  return subjects
}

function setOutputs(
  verdict: Verdict,
  files: { sarif: string; report: string },
  published: { sarifIds: string[]; commentUrl?: string } | undefined
): void {
  core.setOutput('verdict', verdict.outcome)
  core.setOutput('blocking-count', verdict.blocking.length)
  core.setOutput('critical', verdict.counts.CRITICAL)
  core.setOutput('high', verdict.counts.HIGH)
  core.setOutput('medium', verdict.counts.MEDIUM)
  core.setOutput('low', verdict.counts.LOW)
  core.setOutput('rebuild-required', verdict.rebuildRequired)
  core.setOutput('sarif-file', files.sarif)
  core.setOutput('report-file', files.report)
  core.setOutput('sarif-ids', (published?.sarifIds ?? []).join(','))
  core.setOutput('comment-url', published?.commentUrl ?? '')
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

/** Runs the planned scans with verified tools, keeping Trivy's DB cached across workflow runs. */
async function scan(
  inputs: Inputs,
  paths: RunPaths,
  files: { dockerfiles: string[]; manifests: string[]; gatekeeperPolicies: string[] },
  now: Date
) {
  const { dockerfiles } = files
  const jobs = planScans({
    images: inputs.images,
    imageInputs: inputs.imageInputs,
    configPaths: inputs.configPaths,
    dockerfiles,
    reportDir: paths.outDir,
    trivy: {
      cacheDir: paths.trivyCacheDir,
      ignoreFile: paths.emptyIgnoreFile,
      dbArgs: trivyDbArgs(inputs.tools.trivyDbRepositories, inputs.tools.trivyJavaDbRepositories),
      // With a mirror the runner is presumably cut off from ghcr.io: use the checks bundle embedded
      // in the Trivy binary instead of waiting on a download that cannot succeed.
      offlineChecks: inputs.tools.mirror !== undefined,
      timeout: '15m'
    },
    gatekeeper: { policies: files.gatekeeperPolicies, manifests: files.manifests }
  })
  if (jobs.length === 0) return { outcomes: [], versions: {} }
  const tools = await installTools(
    jobs.map(j => j.tool),
    inputs.tools
  )
  const usesTrivyDb = jobs.some(j => j.needsTrivyDb)
  // The post step saves the DB (src/post.ts), also when this step fails, is cancelled or times out.
  if (usesTrivyDb) await restoreDb(paths.trivyCacheDir, inputs.tools, now)
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
  return { outcomes, versions: tools.versions }
}

export async function run(now: Date = new Date()): Promise<void> {
  try {
    const inputs = readInputs(name => core.getInput(name))
    if (inputs.githubToken) log.mask(inputs.githubToken)
    for (const warning of inputs.warnings) log.warning(warning)
    for (const note of inputs.notes) log.info(note)
    const paths = await prepareRunPaths()
    const policy = applyOverrides(await readPolicy(inputs.policyPath, paths.workspace), {
      failOn: inputs.failOn,
      ignoreUnfixed: inputs.ignoreUnfixed
    })

    const { dockerfiles, manifests, charts, gatekeeperPolicies } = await resolveScope(inputs, paths.workspace)
    const scopeWarning = baseImageScopeWarning(inputs, policy.baseImages, dockerfiles)
    if (scopeWarning) log.warning(scopeWarning)
    // Choosing Dockerfiles and linting them are two decisions: hadolint: false keeps the base-image rules.
    const linted = inputs.hadolint ? dockerfiles : []
    checkImageInputs(inputs, paths.workspace)
    const imported = await importReports(inputs.reports, paths.workspace, log.info)
    const checkable = [
      inputs.images,
      inputs.imageInputs,
      inputs.configPaths,
      inputs.reports,
      dockerfiles,
      manifests
    ]
    if (checkable.every(list => list.length === 0)) {
      log.warning(
        'Nothing to check: set image, image-input, config-path, dockerfile, manifests (with gatekeeper-policies) or report.'
      )
    }

    // hadolint reads the files itself: only those the safe read accepts (runChecks reports the rest).
    const lintable = readableFiles(paths.workspace, linted)
    const scanned = await scan(inputs, paths, { dockerfiles: lintable, manifests, gatekeeperPolicies }, now)
    const checks = await runChecks(
      [...imported.findings, ...scanned.outcomes.flatMap(o => o.findings)],
      policy,
      paths.workspace,
      { dockerfiles, manifests, charts, linted: inputs.hadolint },
      buildSettings(inputs)
    )
    const { findings, repeats } = uniqueFindings(checks.findings)
    if (repeats > 0)
      log.info(
        `${repeats} findings were reported more than once (the same finding in the same place); each is counted once.`
      )
    const github = connectGitHub(inputs.github, inputs.githubToken)
    const firstSeen = await readFirstSeen(github, inputs.github, findings)
    const verdict = evaluate(findings, policy, { mode: inputs.mode, firstSeen }, now)

    const subjects = [
      ...imported.subjects,
      ...scannedSubjects(scanned.outcomes, lintable),
      ...checks.subjects
    ]
    const toolVersions: Partial<Record<FindingTool, string>> = scanned.versions
    const sarifFile = join(paths.outDir, 'container-gate.sarif')
    const reportFile = join(paths.outDir, 'container-gate-report.json')
    const sarif = renderSarif(verdict, {
      categoryPrefix: inputs.github.sarifCategory,
      subjects,
      toolVersions
    })
    await writeFile(sarifFile, JSON.stringify(sarif, null, 2))
    await writeFile(
      reportFile,
      renderJsonReport(describeRun(inputs), verdict, {
        generatedAt: now,
        policySource: policy.source,
        toolVersions: toolVersions as Record<string, string>,
        scans: scanned.outcomes.map(o => ({
          tool: o.job.tool,
          label: o.job.label,
          exitCode: o.exitCode,
          reportFile: o.reportFile
        })),
        imported: inputs.reports,
        sarifFile
      })
    )
    const published = await publishResults(github, inputs.github, {
      verdict,
      sarif,
      subjects,
      workspace: paths.workspace,
      startedAt: now
    })
    // After publishing, so the summary can say what code scanning refused or what was dropped.
    if (inputs.summary && process.env.GITHUB_STEP_SUMMARY) {
      const notes = [...checks.notes, ...(published?.notes ?? [])]
      await core.summary.addRaw(renderSummary(verdict, { subjects, sarifFile, reportFile, notes })).write()
    }
    annotate(verdict)
    setOutputs(verdict, { sarif: sarifFile, report: reportFile }, published)

    // The reason quotes finding IDs and package names: it goes through the log boundary like any line.
    if (verdict.outcome === 'fail' && inputs.fail) core.setFailed(escapeCommandData(verdict.reason))
    else if (verdict.outcome === 'fail')
      log.warning(`${verdict.reason} (not failing the step: input 'fail' is false)`)
    else log.info(verdict.reason)
  } catch (error) {
    // One line the user can act on; stack traces stay in debug output.
    if (error instanceof Error && error.stack) log.debug(error.stack)
    core.setFailed(escapeCommandData(messageOf(error)))
  }
}
