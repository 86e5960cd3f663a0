/**
 * Orchestration only: inputs → tools → scanners → findings → policy → reports. Every decision is
 * made elsewhere (the verdict in policy/, the content in report/); this file wires them together and
 * is the only place that calls setFailed.
 */
import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { ConfigurationError, messageOf } from './errors.js'
import { execTool } from './exec.js'
import type { Finding, ToolName } from './findings/model.js'
import { readInputs, type Inputs } from './inputs.js'
import { applyOverrides, defaultPolicy } from './policy/defaults.js'
import { evaluate } from './policy/evaluate.js'
import type { Policy, Verdict } from './policy/types.js'
import { renderJsonReport } from './report/json-report.js'
import { renderSarif, type SarifSubject } from './report/sarif.js'
import { renderSummary } from './report/summary.js'
import { parseImportedReport } from './scanners/import.js'
import { planScans, runScans, type ScanJob, type ScanOutcome } from './scanners/plan.js'
import { DEFAULT_DOCKERFILE_GLOBS, globsWithoutMatch, listFiles, matchGlobs } from './workspace.js'

/** Where this run keeps its reports and scanner caches. */
interface RunPaths {
  workspace: string
  outDir: string
  trivyCacheDir: string
}

async function runPaths(): Promise<RunPaths> {
  const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd())
  const temp = process.env.RUNNER_TEMP || tmpdir()
  await mkdir(temp, { recursive: true })
  const outDir = await mkdtemp(join(temp, 'container-gate-'))
  return { workspace, outDir, trivyCacheDir: join(temp, 'container-gate-trivy-cache') }
}

/** Dockerfiles to lint: explicit globs must each match; the default globs may match nothing. */
async function resolveDockerfiles(inputs: Inputs, files: () => Promise<string[]>): Promise<string[]> {
  const globs = inputs.dockerfiles ?? []
  if (globs.length === 0) return []
  const isDefault = globs.join('\n') === DEFAULT_DOCKERFILE_GLOBS.join('\n')
  const all = await files()
  if (!isDefault) {
    const unmatched = globsWithoutMatch(all, globs)
    if (unmatched.length > 0) {
      throw new ConfigurationError(
        `Input 'dockerfile' has a glob that matches no file: ${JSON.stringify(unmatched[0])}. Globs are matched against repository-relative paths (for example Dockerfile, docker/*.Dockerfile, **/Dockerfile); leave the input at its default to lint whatever Dockerfiles exist.`
      )
    }
  }
  return matchGlobs(all, globs)
}

async function importReports(
  inputs: Inputs,
  workspace: string
): Promise<{ findings: Finding[]; subjects: SarifSubject[] }> {
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

function loadPolicy(inputs: Inputs): Policy {
  return applyOverrides(defaultPolicy(), { failOn: inputs.failOn, ignoreUnfixed: inputs.ignoreUnfixed })
}

function subjectsOf(outcomes: readonly ScanOutcome[], dockerfiles: readonly string[]): SarifSubject[] {
  const subjects: SarifSubject[] = []
  for (const o of outcomes) {
    if (o.job.tool === 'hadolint') continue
    subjects.push({ tool: o.job.tool, subject: o.job.subject })
  }
  for (const file of dockerfiles) subjects.push({ tool: 'hadolint', subject: file })
  return subjects
}

function setOutputs(verdict: Verdict, files: { sarif: string; report: string }): void {
  core.setOutput('verdict', verdict.outcome)
  core.setOutput('blocking-count', verdict.blocking.length)
  core.setOutput('critical', verdict.counts.CRITICAL)
  core.setOutput('high', verdict.counts.HIGH)
  core.setOutput('medium', verdict.counts.MEDIUM)
  core.setOutput('low', verdict.counts.LOW)
  core.setOutput('rebuild-required', verdict.rebuildRequired)
  core.setOutput('sarif-file', files.sarif)
  core.setOutput('report-file', files.report)
}

export async function run(now: Date = new Date()): Promise<void> {
  try {
    const inputs = readInputs(name => core.getInput(name))
    if (inputs.githubToken) core.setSecret(inputs.githubToken)
    const paths = await runPaths()
    const policy = loadPolicy(inputs)

    let fileList: Promise<string[]> | undefined
    const files = () => (fileList ??= listFiles(paths.workspace))
    const dockerfiles = await resolveDockerfiles(inputs, files)
    const imported = await importReports(inputs, paths.workspace)

    const jobs: ScanJob[] = planScans({
      images: inputs.images,
      imageInputs: inputs.imageInputs,
      configPaths: inputs.configPaths,
      dockerfiles,
      reportDir: paths.outDir,
      trivy: {
        cacheDir: paths.trivyCacheDir,
        dbRepositories: [],
        skipDbUpdate: false,
        offlineChecks: false,
        timeout: '15m'
      }
    })
    if (jobs.length === 0 && imported.findings.length === 0 && inputs.reports.length === 0) {
      core.warning('Nothing to check: set image, image-input, config-path, dockerfile or report.')
    }
    for (const job of jobs) core.info(`Scanning ${job.label}`)
    const outcomes = await runScans(jobs, {
      exec: execTool,
      binaries: { trivy: 'trivy', hadolint: 'hadolint' },
      cwd: paths.workspace
    })

    const findings = [...imported.findings, ...outcomes.flatMap(o => o.findings)]
    const verdict = evaluate(findings, policy, { mode: inputs.mode }, now)

    const subjects = [...imported.subjects, ...subjectsOf(outcomes, dockerfiles)]
    const toolVersions: Partial<Record<ToolName, string>> = {}
    const sarifFile = join(paths.outDir, 'container-gate.sarif')
    const reportFile = join(paths.outDir, 'container-gate-report.json')
    const sarif = renderSarif(verdict, { categoryPrefix: 'container-gate', subjects, toolVersions })
    await writeFile(sarifFile, JSON.stringify(sarif, null, 2))
    await writeFile(
      reportFile,
      renderJsonReport(inputs, verdict, {
        generatedAt: now,
        policySource: policy.source,
        toolVersions: toolVersions as Record<string, string>,
        scans: outcomes.map(o => ({
          tool: o.job.tool,
          label: o.job.label,
          exitCode: o.exitCode,
          reportFile: o.reportFile
        })),
        imported: inputs.reports,
        sarifFile
      })
    )
    if (inputs.summary && process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(renderSummary(verdict, { subjects, sarifFile, reportFile })).write()
    }
    setOutputs(verdict, { sarif: sarifFile, report: reportFile })

    if (verdict.outcome === 'fail' && inputs.fail) core.setFailed(verdict.reason)
    else if (verdict.outcome === 'fail')
      core.warning(`${verdict.reason} (not failing the step: input 'fail' is false)`)
    else core.info(verdict.reason)
  } catch (error) {
    // One line the user can act on; stack traces stay in debug output.
    if (error instanceof Error && error.stack) core.debug(error.stack)
    core.setFailed(messageOf(error))
  }
}
