/**
 * Scanners as data: each scan is a ScanJob — which tool, what subject, the argv, where its report
 * lands, how to parse it and whether it needs Trivy's DB. Planning is pure; run.ts executes.
 */
import { join } from 'node:path'
import type { Finding, InstallableTool } from '../findings/model.js'
import { gatorTestArgs, parseGatorReport, stageObjects, type SourceText } from './gator.js'
import { explainGatorFailure, indexPolicies } from './gator-policies.js'
import { hadolintArgs, parseHadolintReport } from './hadolint.js'
import { buildLabel, type RenderedBuild } from './kustomize.js'
import {
  parseTrivyReport,
  trivyConfigArgs,
  trivyImageArgs,
  type ImageSource,
  type TrivyCommonOptions
} from './trivy.js'

/** The tools that scan (cosign signs and verifies). */
export type ScannerTool = Exclude<InstallableTool, 'cosign'>

/** What a job makes of the workspace files it reads (see ScanJob.prepare). */
export interface PreparedScan {
  /** Files to write before the tool runs (absolute path -> content): what its argv names. */
  files: ReadonlyMap<string, string>
  /** Replaces the job's parse: it knows the files (gator: where each object is). */
  parse(text: string, file: string): Finding[]
  /** Turns the stderr of a run that printed no report into a clearer error. */
  explainFailure?(stderr: string): Error | undefined
}

export interface ScanJob {
  tool: ScannerTool
  /** Human label: "image ghcr.io/acme/app:1", "config .", "Dockerfiles". */
  label: string
  /** What is scanned, as findings and SARIF categories name it (hadolint: one subject per file). */
  subject: string
  args: string[]
  /** Whether the job reads Trivy's vulnerability DB: it is restored from the Actions cache first. */
  needsTrivyDb: boolean
  /** Where the tool writes its JSON; undefined when the report is read from stdout. */
  outputFile?: string
  parse(text: string, file: string): Finding[]
  /** For an image scan: the image as the inputs gave it (its report says which digest was scanned). */
  image?: ImageSource
  /** Workspace files (relative to the scan's cwd, or absolute) that prepare needs. */
  reads?: readonly string[]
  /**
   * Pure: from the texts of `reads`, the files to write and the parser to use. Throws a
   * ConfigurationError for a bad file, before any scanner starts. runScans does the reading and
   * writing, so planning and parsing stay free of side effects.
   */
  prepare?(texts: readonly SourceText[]): PreparedScan
}

export interface ScanPlanInput {
  images: readonly string[]
  imageInputs: readonly string[]
  configPaths: readonly string[]
  dockerfiles: readonly string[]
  /** A private folder for this run's reports (under RUNNER_TEMP). */
  reportDir: string
  trivy: Omit<TrivyCommonOptions, 'outputFile'>
  /** The cluster's Gatekeeper policies and the manifests to test against them (gator). */
  gatekeeper?: GatekeeperPlan
}

interface GatekeeperPlan {
  /** ConstraintTemplate and Constraint files (the `gatekeeper-policies` input, resolved). */
  policies: readonly string[]
  /** The manifests the admission rules check (resolveManifests). */
  manifests: readonly string[]
  /** kustomize's builds: their objects are tested too, their violations found under buildLabel
   * (the checks put them back on the files the objects came from). */
  rendered?: readonly RenderedBuild[]
}

/** One gator job: the policies on the objects staged from the manifests (see stageObjects). */
function gatorJob(plan: GatekeeperPlan, objectsFile: string): ScanJob {
  const policySet = new Set(plan.policies)
  return {
    tool: 'gator',
    label:
      `Gatekeeper policies (${plan.policies.length} files) on ${plan.manifests.length} manifests` +
      (plan.rendered?.length ? ` and ${plan.rendered.length} kustomize builds` : ''),
    subject: 'gatekeeper',
    args: gatorTestArgs(plan.policies, objectsFile),
    needsTrivyDb: false,
    reads: [...new Set([...plan.policies, ...plan.manifests])],
    prepare: texts => {
      const policies = indexPolicies(texts.filter(t => policySet.has(t.path)))
      const manifests = new Set(plan.manifests)
      const builds = (plan.rendered ?? []).map(b => ({ path: buildLabel(b), text: b.text, built: true }))
      const staged = stageObjects([...texts.filter(t => manifests.has(t.path)), ...builds])
      return {
        files: new Map([[objectsFile, staged.yaml]]),
        parse: (text, file) => parseGatorReport(text, file, staged.objects),
        explainFailure: stderr => explainGatorFailure(stderr, policies)
      }
    },
    // Without prepare's objects the violations cannot be located; runScans always prepares.
    parse: (text, file) => parseGatorReport(text, file, [])
  }
}

/** The Trivy scans: each image (by reference or tarball/layout) and each config path. */
function trivyJobs(input: ScanPlanInput, out: (name: string) => string): ScanJob[] {
  const job = (
    what: {
      label: string
      subject: string
      name: string
      needsTrivyDb: boolean
      fileBase?: string
      image?: ImageSource
    },
    args: (options: TrivyCommonOptions) => string[]
  ): ScanJob => {
    const outputFile = out(what.name)
    const context = { subject: what.subject, fileBase: what.fileBase }
    return {
      tool: 'trivy',
      label: what.label,
      subject: what.subject,
      args: args({ ...input.trivy, outputFile }),
      needsTrivyDb: what.needsTrivyDb,
      outputFile,
      ...(what.image ? { image: what.image } : {}),
      parse: (text, file) => parseTrivyReport(text, file, context)
    }
  }
  return [
    ...input.images.map(ref => {
      const image = { kind: 'reference' as const, ref }
      const what = { label: `image ${ref}`, subject: ref, name: 'trivy-image', needsTrivyDb: true, image }
      return job(what, o => trivyImageArgs(image, o))
    }),
    ...input.imageInputs.map(path => {
      const image = { kind: 'input' as const, path }
      const what = {
        label: `image input ${path}`,
        subject: path,
        name: 'trivy-image-input',
        needsTrivyDb: true,
        image
      }
      return job(what, o => trivyImageArgs(image, o))
    }),
    ...input.configPaths.map(path => {
      const fileBase = path.replace(/^\.\/?/, '').replace(/\/$/, '')
      const what = {
        label: `config ${path}`,
        subject: path,
        name: 'trivy-config',
        needsTrivyDb: false,
        fileBase
      }
      return job(what, o => trivyConfigArgs(path, o))
    })
  ]
}

/** Builds every scan the inputs ask for. Pure: no file is touched. */
export function planScans(input: ScanPlanInput): ScanJob[] {
  let n = 0
  const out = (name: string, extension = 'json') =>
    join(input.reportDir, `${String(++n).padStart(2, '0')}-${name}.${extension}`)
  const jobs = trivyJobs(input, out)
  if (input.dockerfiles.length > 0) {
    jobs.push({
      tool: 'hadolint',
      label: `Dockerfiles (${input.dockerfiles.length})`,
      subject: 'Dockerfile',
      args: hadolintArgs(input.dockerfiles),
      needsTrivyDb: false,
      parse: (text, file) => parseHadolintReport(text, file, { subject: 'Dockerfile', fileBase: '' })
    })
  }
  if (input.gatekeeper && input.gatekeeper.policies.length > 0)
    jobs.push(gatorJob(input.gatekeeper, out('gator-objects', 'yaml')))
  return jobs
}
