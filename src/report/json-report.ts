/**
 * The machine-readable report (`report-file`): what was asked, what was found, and what was decided.
 * Later steps and other tools read it instead of scraping the summary. Pure.
 */
import type { FinalBase } from '../checks/base-images/final-base.js'
import type { GitHubSettings, Inputs } from '../inputs/read.js'
import type { ToolSettings } from '../inputs/tools.js'
import type { Platform } from '../oci/platform.js'
import type { Verdict } from '../policy/types.js'
import type { StreamPath } from './json-pieces.js'

/**
 * The report format's version. 2 added `leg` and `baseImages`, which a fleet aggregate reads; an
 * aggregate reads only the version it was built with (the legs and the aggregate are one release).
 */
export const JSON_REPORT_VERSION = 2

/** What marks the file as container-gate's own report (a fleet aggregate refuses anything else). */
export const JSON_REPORT_TOOL = 'container-gate'

export interface JsonReportMeta {
  generatedAt: Date
  policySource: string
  toolVersions: Record<string, string>
  scans: Array<{ tool: string; label: string; exitCode?: number; reportFile?: string }>
  imported: string[]
  sarifFile: string
  /** The job's id (GITHUB_JOB): the leg's name when neither leg-name nor the matrix gives one. */
  job?: string
  /** The image each Dockerfile's final stage is built FROM (per target platform). */
  baseImages?: FinalBase[]
}

/**
 * The name this run goes by in a fleet: the `leg-name` input, else the matrix entry's `name` (what
 * `mode: plan` writes), else the job's id followed by the matrix values.
 */
export function legName(github: Pick<GitHubSettings, 'legName' | 'matrix'>, job = ''): string {
  if (github.legName !== '') return github.legName
  let matrix: unknown
  try {
    matrix = JSON.parse(github.matrix)
  } catch {
    matrix = null
  }
  if (matrix === null || typeof matrix !== 'object' || Array.isArray(matrix)) return job || 'default'
  const values = matrix as Record<string, unknown>
  if (typeof values.name === 'string' && values.name !== '') return values.name
  const parts = Object.keys(values)
    .sort()
    .map(k => (typeof values[k] === 'string' ? values[k] : JSON.stringify(values[k])))
  return [job, ...parts].filter(Boolean).join(' ') || 'default'
}

/**
 * What the run was asked to do, as the report states it (its `inputs` key): every input as read,
 * in plain JSON values. The token is never part of it, even masked; nor are build-arg values
 * (workflows pass credentials that way): only their names.
 */
export interface RunDescription {
  images: string[]
  imageInputs: string[]
  dockerfiles?: string[]
  hadolint: boolean
  platforms: Platform[]
  /** The names of the build args, never their values. */
  buildArgs: string[]
  configPaths: string[]
  manifests?: string[]
  gatekeeperPolicies?: string[]
  reports: string[]
  failOn?: string
  ignoreUnfixed?: boolean
  mode: 'gate' | 'monitor'
  fail: boolean
  summary: boolean
  github: GitHubSettings
  policyPath?: string
  tools: Omit<ToolSettings, 'digests'> & {
    /** SHA-256 per release asset from `tool-digests`. */
    digests: Record<string, string>
  }
  warnings: string[]
  notes: string[]
}

/** The inputs as the report states them: Maps as objects or lists, no token, no build-arg values. */
export function describeRun(inputs: Inputs): RunDescription {
  const { tools } = inputs
  return {
    images: inputs.images,
    imageInputs: inputs.imageInputs,
    dockerfiles: inputs.dockerfiles,
    hadolint: inputs.hadolint,
    platforms: inputs.platforms,
    buildArgs: [...inputs.buildArgs.keys()],
    configPaths: inputs.configPaths,
    manifests: inputs.manifests,
    gatekeeperPolicies: inputs.gatekeeperPolicies,
    reports: inputs.reports,
    failOn: inputs.failOn,
    ignoreUnfixed: inputs.ignoreUnfixed,
    mode: inputs.mode,
    fail: inputs.fail,
    summary: inputs.summary,
    github: inputs.github,
    policyPath: inputs.policyPath,
    tools: {
      versions: tools.versions,
      mirror: tools.mirror,
      cacheDb: tools.cacheDb,
      trivyDbRepositories: tools.trivyDbRepositories,
      trivyJavaDbRepositories: tools.trivyJavaDbRepositories,
      digests: Object.fromEntries(tools.digests),
      trustPathTools: tools.trustPathTools
    },
    warnings: inputs.warnings,
    notes: inputs.notes
  }
}

/**
 * The report as a value: what `renderJsonReport` writes. Its `findings` are made one at a time as
 * they are written (a generator), so writing them streamed (writeJsonFile in src/deliver.ts, with the path
 * JSON_REPORT_STREAMED) never holds a second copy of every finding.
 */
export function jsonReportValue(run: RunDescription, verdict: Verdict, meta: JsonReportMeta) {
  return {
    tool: JSON_REPORT_TOOL,
    version: JSON_REPORT_VERSION,
    leg: legName(run.github, meta.job),
    generatedAt: meta.generatedAt.toISOString(),
    inputs: run,
    policy: meta.policySource,
    tools: meta.toolVersions,
    scans: meta.scans,
    imported: meta.imported,
    sarifFile: meta.sarifFile,
    baseImages: meta.baseImages ?? [],
    verdict: {
      outcome: verdict.outcome,
      reason: verdict.reason,
      counts: verdict.counts,
      rebuildRequired: verdict.rebuildRequired,
      blocking: verdict.blocking.length,
      warnings: verdict.warnings.length,
      expiredIgnores: verdict.expiredIgnores
    },
    findings: reportedFindings(verdict.decisions)
  }
}

/** Where the report's one large array is: written element by element. */
export const JSON_REPORT_STREAMED: StreamPath[] = [['findings']]

function* reportedFindings(decisions: Verdict['decisions']) {
  for (const d of decisions) {
    yield {
      ...d.finding,
      decision: {
        action: d.action,
        rule: d.rule,
        ...(d.deadline ? { deadline: d.deadline } : {}),
        ...(d.suppressedBy ? { suppressedBy: d.suppressedBy } : {})
      }
    }
  }
}

/** The report as one text (`JSON.stringify(…, null, 2)`), for tests and small reports. */
export function renderJsonReport(run: RunDescription, verdict: Verdict, meta: JsonReportMeta): string {
  const value = jsonReportValue(run, verdict, meta)
  return JSON.stringify({ ...value, findings: [...value.findings] }, null, 2)
}
