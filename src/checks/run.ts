/**
 * The checks the action evaluates itself, merged with the scanners' findings: the base-image rules
 * on every Dockerfile in scope, the admission rules on the manifests. Trivy's checks for the same
 * admission rules are replaced by the action's for the files it read, so one problem is reported
 * once. What could not be judged (an unreadable file, an unrendered chart) is CG-NOT-CHECKED.
 */
import { NOT_CHECKED, notCheckedFinding } from '../findings/coverage.js'
import type { Finding, ScannedSubject } from '../findings/model.js'
import { decodeManifest } from '../kube/documents.js'
import type { Rendered } from '../scanners/kustomize.js'
import type { KustomizePlan, KustomizeRefusal } from '../workspace/kustomize.js'
import type { ChartTemplates } from '../workspace/scope.js'
import { readSources } from '../workspace/sources.js'
import { reconcileTrivyAdmission } from './admission/reconcile.js'
import {
  ADMISSION_SUBJECT,
  checkManifests,
  type AdmissionOptions,
  type AdmissionResult
} from './admission/rules.js'
import { finalBaseImages, type FinalBase } from './base-images/final-base.js'
import type { BuildSettings } from './base-images/read.js'
import { baseImageFindings, hasBaseImageRules, type BaseImageOptions } from './base-images/rules.js'
import { buildLabel, filesToPlace, placeRenderedFindings } from './kustomize.js'
import { checkSignatures, type SignatureCheckInput } from './signatures/check.js'
import { SIGNATURES_SUBJECT } from './signatures/rules.js'

const BASE_IMAGES = 'base-images'
const ADMISSION = ADMISSION_SUBJECT

/** What each check is asked to enforce (the policy file's `base-images:` and `admission:`). */
export interface CheckOptions {
  baseImages: BaseImageOptions
  admission: AdmissionOptions
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

export interface CheckResults {
  /** Findings, CG-NOT-CHECKED for what could not be judged included. */
  findings: Finding[]
  /** The subjects these checks report under, so a clean run still closes earlier alerts. */
  subjects: ScannedSubject[]
  /** For the summary: which Helm charts were judged through Trivy's rendering. */
  notes: string[]
  /** The image each Dockerfile's final stage is built FROM, for the JSON report (fleet aggregates). */
  baseImages: FinalBase[]
}

/** The checks that read Dockerfiles in this run, as one phrase ([] when none does). */
function dockerfileChecks(baseImageRules: boolean, linted: boolean, signatureRules = false): string[] {
  const checks = [
    ...(linted ? ['hadolint'] : []),
    ...(baseImageRules ? ['the base-image check'] : []),
    ...(signatureRules ? ['the signature check'] : [])
  ]
  return checks.length > 0 ? [checks.join(' and ')] : []
}

/** What the signature check is given beyond the Dockerfiles and the build (runChecks reads those). */
export type SignatureRun = Omit<SignatureCheckInput, 'dockerfiles' | 'build' | 'unknownReported'>

/** Whether any signature rule reads the Dockerfiles' base images. */
function readsBaseImages(signatures: SignatureRun | undefined): boolean {
  return !!signatures?.settings.rules.some(r => r.appliesTo === 'scanned-and-base')
}

/** The signature check on the scanned images and the Dockerfiles' base images, when rules exist. */
async function signatureResults(
  signatures: SignatureRun | undefined,
  dockerfiles: ReadonlyArray<{ path: string; text: string }>,
  baseImages: BaseImageOptions,
  build: BuildSettings
): Promise<{ findings: Finding[]; notes: string[]; subjects: ScannedSubject[] }> {
  if (!signatures || signatures.settings.rules.length === 0) return { findings: [], notes: [], subjects: [] }
  const results = await checkSignatures({
    ...signatures,
    dockerfiles,
    build,
    unknownReported: hasBaseImageRules(baseImages)
  })
  return {
    findings: results.findings,
    notes: results.notes,
    subjects: [{ tool: 'container-gate', subject: SIGNATURES_SUBJECT }]
  }
}

/** What kustomize made of the kustomizations in scope, and those it was not asked to build. */
export interface KustomizeResults {
  rendered: Rendered
  refused: readonly KustomizeRefusal[]
  /** What each kustomization takes in as resources (KustomizePlan.takesIn). */
  takesIn: KustomizePlan['takesIn']
}

/**
 * The admission rules on the plain manifests and on every kustomize build together (a NetworkPolicy
 * in either covers a workload in either), the builds' findings moved to the files they came from;
 * a kustomization not built is CG-NOT-CHECKED.
 */
function judgeManifests(
  workspace: string,
  texts: ReadonlyArray<{ path: string; text: string }>,
  kustomize: KustomizeResults | undefined,
  options: AdmissionOptions
): AdmissionResult {
  const builds = kustomize?.rendered.builds ?? []
  const labels = new Set(builds.map(buildLabel))
  const all = checkManifests([...texts, ...builds.map(b => ({ path: buildLabel(b), text: b.text }))], options)
  const placed = placeOnRepository(workspace, kustomize, all.findings)
  const unbuilt = [...(kustomize?.refused ?? []), ...(kustomize?.rendered.failed ?? [])].map(r =>
    notCheckedFinding({
      file: r.kustomization,
      line: r.line,
      check: 'the admission rules',
      reason: r.reason,
      subject: ADMISSION
    })
  )
  return { findings: [...placed, ...unbuilt], judged: all.judged.filter(j => !labels.has(j.file)) }
}

/** Findings on kustomize builds (gator's, the admission rules') moved to the files the objects came
 * from, those already found on the plain files once (checks/kustomize.ts). */
function placeOnRepository(
  workspace: string,
  kustomize: KustomizeResults | undefined,
  findings: readonly Finding[]
): Finding[] {
  const builds = kustomize?.rendered.builds ?? []
  if (!kustomize || builds.length === 0) return [...findings]
  const labels = new Set(builds.map(buildLabel))
  const plain = findings.filter(f => !labels.has(f.file ?? ''))
  const read = readSources(workspace, filesToPlace(builds), decodeManifest).texts
  const sources = { texts: new Map(read.map(t => [t.path, t.text])), takesIn: kustomize.takesIn }
  return [
    ...plain,
    ...placeRenderedFindings(
      findings.filter(f => labels.has(f.file ?? '')),
      builds,
      sources,
      plain
    )
  ]
}

/** The subjects the action's own rule families report under in this run. */
function ownSubjects(
  files: {
    dockerfiles: readonly string[]
    manifests: readonly string[]
    charts?: readonly ChartTemplates[]
    kustomize?: KustomizeResults
  },
  baseImageRules: boolean
): ScannedSubject[] {
  const subjects: ScannedSubject[] = []
  if (files.dockerfiles.length > 0 && baseImageRules)
    subjects.push({ tool: 'container-gate', subject: BASE_IMAGES })
  const kustomizations = files.kustomize
    ? files.kustomize.rendered.builds.length +
      files.kustomize.rendered.failed.length +
      files.kustomize.refused.length
    : 0
  if (files.manifests.length > 0 || (files.charts ?? []).length > 0 || kustomizations > 0)
    subjects.push({ tool: 'container-gate', subject: ADMISSION })
  return subjects
}

/**
 * The findings the action decides itself, merged with the scanners': base images from every linted
 * Dockerfile, admission rules on the manifests, signatures of the scanned and base images. Trivy's
 * checks for the same admission rules are replaced by the action's for the files it read, so one
 * problem is reported once.
 */
export async function runChecks(
  scanned: readonly Finding[],
  options: CheckOptions,
  workspace: string,
  files: {
    dockerfiles: readonly string[]
    manifests: readonly string[]
    charts?: readonly ChartTemplates[]
    /** Whether hadolint lints the Dockerfiles: an unreadable one is then not linted either. */
    linted?: boolean
    /** The kustomizations' builds (judged like manifests) and those not built. */
    kustomize?: KustomizeResults
  },
  build: BuildSettings,
  signatures?: SignatureRun
): Promise<CheckResults> {
  const dockerfiles = readSources(workspace, files.dockerfiles)
  const manifests = readSources(workspace, files.manifests, decodeManifest)
  const admission = judgeManifests(workspace, manifests.texts, files.kustomize, options.admission)
  const baseImageRules = hasBaseImageRules(options.baseImages)
  const charts = chartCoverage(files.charts ?? [])
  const signed = await signatureResults(signatures, dockerfiles.texts, options.baseImages, build)
  const unread = [
    ...manifests.unread.map(u =>
      notCheckedFinding({ ...u, check: 'the admission rules', subject: ADMISSION })
    ),
    ...dockerfileChecks(baseImageRules, files.linted ?? false, readsBaseImages(signatures)).flatMap(check =>
      dockerfiles.unread.map(u => notCheckedFinding({ ...u, check, subject: BASE_IMAGES }))
    )
  ]
  // One SARIF run (and category) per rule family, not per file: a clean run then closes every
  // earlier alert of that family, and a repository with many YAML files does not make many runs.
  const own = [
    ...baseImageFindings(dockerfiles.texts, options.baseImages, build).map(f => ({
      ...f,
      subject: BASE_IMAGES
    })),
    ...admission.findings.map(f => ({ ...f, subject: ADMISSION })),
    ...charts.findings,
    ...signed.findings,
    ...unread
  ]
  const notFullyJudged = own.filter(f => f.ruleId === NOT_CHECKED && f.file).map(f => f.file!)
  return {
    findings: [
      ...reconcileTrivyAdmission(
        placeOnRepository(workspace, files.kustomize, scanned),
        admission.judged,
        options.admission,
        notFullyJudged
      ),
      ...own
    ],
    subjects: [...ownSubjects(files, baseImageRules), ...signed.subjects],
    notes: [...charts.notes, ...signed.notes],
    baseImages: finalBaseImages(dockerfiles.texts, build)
  }
}
