/**
 * Severities, the one scale every tool's words are mapped onto, and the one set of comparisons on
 * it: every sort, threshold and count by severity in the action goes through these.
 */

/** Most severe first; the order is used for sorting, thresholds and truncation. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const
export type Severity = (typeof SEVERITIES)[number]

/** A number per severity (findings, results, rows of a table). */
export type SeverityCounts = Record<Severity, number>

/** A count of zero for every severity, to count into. */
export function zeroSeverityCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 }
}

/** How many of each severity the list holds. */
export function countSeverities(severities: Iterable<Severity>): SeverityCounts {
  const counts = zeroSeverityCounts()
  for (const severity of severities) counts[severity]++
  return counts
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

/** 0 for CRITICAL, up to 4 for UNKNOWN. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** A comparator for sort(): the more severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b)
}

/** True when `severity` is at least as severe as `threshold` (HIGH is at least as severe as MEDIUM). */
export function isAtLeastAsSevere(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold)
}
