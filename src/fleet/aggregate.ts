/**
 * The fleet's verdict from its legs' decisions, folded one leg at a time so only one entry per
 * distinct finding is kept (a fleet sharing bases repeats most findings in every image). Nothing is
 * decided again: a leg's outcome and each finding's action are the leg's, made by its policy. The
 * fleet fails when a leg failed, or when a leg did not report and that was not allowed. Pure.
 */
import { ConfigurationError } from '../errors.js'
import type { Finding } from '../findings/model.js'
import { compareSeverity, countSeverities, type Severity, type SeverityCounts } from '../findings/severity.js'
import { triggersRebuild } from '../policy/evaluate.js'
import type { DecisionAction } from '../policy/types.js'
import type { LegFinding, LegReport } from './legs.js'

/** One distinct finding across the fleet: the same rule in the same package version, wherever found. */
export interface FleetFinding {
  ruleId: string
  kind: string
  severity: Severity
  title: string
  primaryUrl?: string
  packageName?: string
  installedVersion?: string
  fixedVersion?: string
  /** A package of the image's OS (Trivy's os-pkgs): inherited from the base unless installed on top. */
  osPackage: boolean
  /** Where it was found: images (or files, for findings in files). */
  images: Set<string>
  /** Those of `images` whose leg blocked it. */
  blockingImages: Set<string>
  /** The most severe action any leg took (block, warn, record, ignore). */
  action: DecisionAction
  /** The bases the carrying images were built FROM (known for images the legs paired with a Dockerfile). */
  bases: Set<string>
}

/** A base image and what rebuilding it (on a fixed base) would clear across the fleet. */
export interface BaseRank {
  base: string
  /** Blocking findings (finding × image) in OS packages with a fix, in images built FROM it. */
  clears: number
  /** The distinct findings among them. */
  distinct: number
  /** The fleet's images built FROM it. */
  images: number
}

/** An image a monitor-mode leg says needs a rebuild: a fixable CRITICAL in its OS packages. */
export interface RebuildImage {
  image: string
  leg: string
  base?: string
  vulnerabilities: string[]
}

export interface LegVerdict {
  leg: string
  outcome: 'pass' | 'fail' | 'missing'
  mode?: string
  policy?: string
  blocking?: number
  counts?: SeverityCounts
  rebuildRequired?: boolean
  images?: string[]
  report?: string
}

export interface FleetResult {
  outcome: 'pass' | 'fail'
  reason: string
  legs: LegVerdict[]
  missing: string[]
  /** Legs that reported without being expected (counted all the same). */
  unexpected: string[]
  /** "mode, policy" of each group of legs, when the legs did not all use the same. */
  policies: Array<{ policy: string; legs: string[] }>
  findings: FleetFinding[]
  bases: BaseRank[]
  rebuild: RebuildImage[]
  totals: {
    legs: { expected: number; reported: number; failed: number; missing: number }
    images: number
    /** Every finding in every image (what the legs reported, repeats across images included). */
    occurrences: number
    distinct: number
    blocking: { occurrences: number; distinct: number }
    /** Distinct findings by severity, suppressed ones left out. */
    counts: SeverityCounts
  }
}

export interface FleetState {
  legs: Map<string, LegVerdict>
  findings: Map<string, FleetFinding>
  imageBase: Map<string, string>
  images: Set<string>
  rebuild: Map<string, RebuildImage>
  occurrences: number
}

export function newFleet(): FleetState {
  return {
    legs: new Map(),
    findings: new Map(),
    imageBase: new Map(),
    images: new Set(),
    rebuild: new Map(),
    occurrences: 0
  }
}

const ACTION_RANK: Record<DecisionAction, number> = { block: 0, warn: 1, record: 2, ignore: 3 }

/** Vulnerabilities are one row per rule, package and installed version; anything else per rule and place. */
function fleetKey(f: LegFinding): string {
  if (f.kind === 'vuln' && f.package)
    return ['vuln', f.ruleId, f.package.name, f.package.installedVersion ?? ''].join('\u0000')
  return [f.kind, f.tool, f.ruleId, f.subject, f.file ?? '', f.startLine ?? ''].join('\u0000')
}

function foldFinding(
  state: FleetState,
  f: LegFinding,
  where: string,
  base: string | undefined
): FleetFinding {
  const key = fleetKey(f)
  let entry = state.findings.get(key)
  if (!entry) {
    entry = {
      ruleId: f.ruleId,
      kind: f.kind,
      severity: f.severity,
      title: f.title,
      ...(f.primaryUrl ? { primaryUrl: f.primaryUrl } : {}),
      ...(f.package ? { packageName: f.package.name } : {}),
      ...(f.package?.installedVersion ? { installedVersion: f.package.installedVersion } : {}),
      ...(f.package?.fixedVersion ? { fixedVersion: f.package.fixedVersion } : {}),
      osPackage: f.package?.class === 'os-pkgs',
      images: new Set(),
      blockingImages: new Set(),
      action: f.action,
      bases: new Set()
    }
    state.findings.set(key, entry)
  }
  if (compareSeverity(f.severity, entry.severity) < 0) entry.severity = f.severity
  if (ACTION_RANK[f.action] < ACTION_RANK[entry.action]) entry.action = f.action
  entry.images.add(where)
  if (f.action === 'block') entry.blockingImages.add(where)
  if (base && entry.osPackage) entry.bases.add(base)
  return entry
}

/** Folds one leg's report in; a second report from the same leg is an error naming both files. */
export function addLeg(state: FleetState, report: LegReport): void {
  const earlier = state.legs.get(report.leg)
  if (earlier)
    throw new ConfigurationError(
      `Input 'report': two reports from the leg ${JSON.stringify(report.leg)}: ${JSON.stringify(earlier.report)} and ${JSON.stringify(report.file)}. Each leg uploads one report (give each matrix job its own leg-name and artifact name).`
    )
  for (const image of report.images) state.images.add(image)
  for (const [image, base] of report.bases) state.imageBase.set(image, base)
  let blocking = 0
  for (const f of report.findings) {
    const where = f.image ?? f.file ?? f.subject
    const base = f.image ? report.bases.get(f.image) : undefined
    if (f.image) state.images.add(f.image)
    foldFinding(state, f, where, base)
    state.occurrences++
    if (f.action === 'block') blocking++
    if (
      report.mode === 'monitor' &&
      f.image &&
      triggersRebuild({ finding: f as unknown as Finding, action: f.action, rule: '' })
    ) {
      const entry = state.rebuild.get(f.image) ?? {
        image: f.image,
        leg: report.leg,
        ...(base ? { base } : {}),
        vulnerabilities: []
      }
      if (!entry.vulnerabilities.includes(f.ruleId)) entry.vulnerabilities.push(f.ruleId)
      state.rebuild.set(f.image, entry)
    }
  }
  state.legs.set(report.leg, {
    leg: report.leg,
    outcome: report.outcome,
    mode: report.mode,
    policy: report.policy,
    blocking,
    counts: report.counts,
    rebuildRequired: report.rebuildRequired,
    images: report.images,
    report: report.file
  })
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Blocking first, then the most severe, the most widespread, then by rule and package: stable. */
function compareFindings(a: FleetFinding, b: FleetFinding): number {
  return (
    ACTION_RANK[a.action] - ACTION_RANK[b.action] ||
    compareSeverity(a.severity, b.severity) ||
    b.images.size - a.images.size ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.packageName ?? '', b.packageName ?? '') ||
    compare(a.installedVersion ?? '', b.installedVersion ?? '')
  )
}

/** Bases by the blocking findings a rebuild on a fixed base clears: fixable OS-package findings of their images. */
function rankBases(state: FleetState): BaseRank[] {
  const ranks = new Map<string, BaseRank>()
  for (const base of state.imageBase.values())
    if (!ranks.has(base)) ranks.set(base, { base, clears: 0, distinct: 0, images: 0 })
  for (const base of state.imageBase.values()) ranks.get(base)!.images++
  for (const f of state.findings.values()) {
    if (!f.osPackage || !f.fixedVersion || f.blockingImages.size === 0) continue
    const counted = new Set<string>()
    for (const image of f.blockingImages) {
      const base = state.imageBase.get(image)
      if (!base) continue
      ranks.get(base)!.clears++
      if (!counted.has(base)) ranks.get(base)!.distinct++
      counted.add(base)
    }
  }
  return [...ranks.values()].sort(
    (a, b) => b.clears - a.clears || b.distinct - a.distinct || compare(a.base, b.base)
  )
}

function policyGroups(legs: readonly LegVerdict[]): FleetResult['policies'] {
  const groups = new Map<string, string[]>()
  for (const l of legs) {
    if (l.outcome === 'missing') continue
    const key = `${l.mode} mode, ${l.policy}`
    groups.set(key, [...(groups.get(key) ?? []), l.leg])
  }
  return groups.size > 1 ? [...groups].map(([policy, names]) => ({ policy, legs: names })) : []
}

function fleetReason(
  failed: readonly LegVerdict[],
  missing: readonly string[],
  allowMissing: boolean
): string {
  const names = (list: readonly string[]) =>
    `${list.slice(0, 10).join(', ')}${list.length > 10 ? `, and ${list.length - 10} more` : ''}`
  const parts: string[] = []
  if (failed.length > 0)
    parts.push(
      `${failed.length} leg${failed.length === 1 ? '' : 's'} failed (${names(failed.map(l => l.leg))})`
    )
  if (missing.length > 0)
    parts.push(
      `${missing.length} leg${missing.length === 1 ? '' : 's'} did not report (${names(missing)})${allowMissing ? ', allowed by allow-missing-legs' : ''}`
    )
  return parts.length > 0 ? parts.join('; ') : 'every leg passed'
}

/** The fleet's result once every report is folded in. */
export function concludeFleet(
  state: FleetState,
  expected: readonly string[],
  allowMissing: boolean
): FleetResult {
  const missing = expected.filter(name => !state.legs.has(name))
  const expectedSet = new Set(expected)
  const unexpected = [...state.legs.keys()].filter(name => !expectedSet.has(name)).sort(compare)
  const legs = [...state.legs.values(), ...missing.map(leg => ({ leg, outcome: 'missing' as const }))].sort(
    (a, b) => compare(a.leg, b.leg)
  )
  const failed = legs.filter(l => l.outcome === 'fail')
  const outcome = failed.length > 0 || (missing.length > 0 && !allowMissing) ? 'fail' : 'pass'
  const findings = [...state.findings.values()].sort(compareFindings)
  const blocking = findings.filter(f => f.blockingImages.size > 0)
  return {
    outcome,
    reason: fleetReason(failed, missing, allowMissing),
    legs,
    missing,
    unexpected,
    policies: policyGroups(legs),
    findings,
    bases: rankBases(state),
    rebuild: [...state.rebuild.values()].sort((a, b) => compare(a.image, b.image)),
    totals: {
      legs: {
        expected: expected.length,
        reported: state.legs.size,
        failed: failed.length,
        missing: missing.length
      },
      images: state.images.size,
      occurrences: state.occurrences,
      distinct: findings.length,
      blocking: {
        occurrences: blocking.reduce((n, f) => n + f.blockingImages.size, 0),
        distinct: blocking.length
      },
      counts: countSeverities(findings.filter(f => f.action !== 'ignore').map(f => f.severity))
    }
  }
}
