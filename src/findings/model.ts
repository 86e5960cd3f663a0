/**
 * The normalized Finding model every stage speaks. Parsers turn tool output into Findings; the policy
 * decides on Findings; renderers describe Findings. Nothing downstream of a parser knows which JSON
 * shape a tool printed.
 */

/** Most severe first; the order is used for sorting, thresholds and truncation. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const
export type Severity = (typeof SEVERITIES)[number]

/** What sort of problem a finding is; the policy has one severity tier table per kind. `coverage`:
 * something in scope the gate could not judge (CG-NOT-CHECKED), which must not pass silently. */
export const FINDING_KINDS = ['vuln', 'misconfig', 'lint', 'secret', 'coverage'] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

/** The tool that produced the finding ('container-gate' for rules the action evaluates itself). */
export type ToolName = 'trivy' | 'hadolint' | 'gator' | 'cosign' | 'container-gate'

export interface PackageRef {
  name: string
  installedVersion?: string
  /** Comma-separated fixed versions exactly as the scanner printed them; absent when no fix exists. */
  fixedVersion?: string
  purl?: string
  /** Trivy's result class: `os-pkgs` for the image's base (OS) packages, `lang-pkgs` otherwise. */
  class?: string
  /** Trivy's result type: alpine, debian, npm, jar... */
  ecosystem?: string
}

export interface Finding {
  tool: ToolName
  kind: FindingKind
  /** The rule or advisory ID in its current form: CVE-2019-1549, DS-0002, DL3008. */
  ruleId: string
  /** Other IDs the same rule has been published under (DS002, AVD-DS-0002), so ignores written for
   * either Trivy generation keep matching. */
  aliases: string[]
  severity: Severity
  title: string
  description: string
  /** The tool's specific message for this occurrence, when it differs from the rule's title. */
  message?: string
  primaryUrl?: string
  package?: PackageRef
  /** Trivy's vulnerability status (fixed, affected, will_not_fix, end_of_life...) or misconfig status. */
  status?: string
  /** ISO 8601 dates as the advisory gives them. */
  publishedDate?: string
  lastModifiedDate?: string
  /** Highest CVSS v3 base score any source gives, for SARIF's security-severity. */
  cvssScore?: number
  /** The scanner's own target label (e.g. "alpine:3.9 (alpine 3.9.4)", "Dockerfile"). */
  target: string
  /** What was scanned: an image reference, an image tarball/layout path, a config path, a
   * Dockerfile or an imported report. One SARIF run and one category per tool and subject. */
  subject: string
  /** Repository-relative path of the file the finding is in, when it is in the repository. */
  file?: string
  startLine?: number
  endLine?: number
  /** The image the finding belongs to, when one was scanned. */
  image?: string
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** True when `severity` is at least as severe as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold)
}

/** Maps any tool's severity word onto ours; unknown words become UNKNOWN rather than failing. */
export function normalizeSeverity(raw: unknown): Severity {
  const word = typeof raw === 'string' ? raw.trim().toUpperCase() : ''
  switch (word) {
    case 'CRITICAL':
    case 'HIGH':
    case 'MEDIUM':
    case 'LOW':
      return word
    default:
      return 'UNKNOWN'
  }
}

export function hasFix(finding: Finding): boolean {
  return finding.kind === 'vuln' && !!finding.package?.fixedVersion
}

/** A stable identity for one finding occurrence, used for de-duplication, SARIF and new/fixed diffs. */
export function findingKey(f: Finding): string {
  return [
    f.tool,
    f.ruleId,
    f.subject,
    f.target,
    f.package?.name ?? '',
    f.package?.installedVersion ?? '',
    f.file ?? '',
    f.startLine ?? ''
  ].join('|')
}

/**
 * The findings with repeats of one occurrence removed, first kept: two reports of the same scan, or
 * a report beside a scan of the same image, must not count one CVE twice. A repeat has the same
 * findingKey and says the same thing: two violations of one constraint by two containers of one
 * object share a findingKey but not their message, and both count.
 */
export function uniqueFindings(findings: readonly Finding[]): { findings: Finding[]; repeats: number } {
  const seen = new Set<string>()
  const unique: Finding[] = []
  for (const finding of findings) {
    const key = [findingKey(finding), finding.title, finding.message ?? ''].join('\u0000')
    if (seen.has(key)) continue
    seen.add(key)
    unique.push(finding)
  }
  return { findings: unique, repeats: findings.length - unique.length }
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 }
  for (const f of findings) counts[f.severity]++
  return counts
}
