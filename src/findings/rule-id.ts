/**
 * Rule IDs as the tools spell them. Trivy renamed its built-in checks in 0.69: `DS002` (with
 * `AVDID: AVD-DS-0002` beside it) became `DS-0002`, `KSV017` / `AVD-KSV-0017` became `KSV-0017`.
 * Repositories keep ignores and alert history written for either generation, so the three
 * spellings must compare equal everywhere: this is the one place that knows them.
 */

/**
 * Canonical form of a rule ID for comparison: the three spellings of a Trivy check compare equal.
 * IDs of other shapes (CVE-2019-14697, GHSA-…, DL3008) are only upper-cased.
 */
export function canonicalId(id: string): string {
  const upper = id.trim().toUpperCase()
  const m = /^(?:AVD-)?([A-Z]+)-?(\d+)$/.exec(upper)
  if (!m) return upper
  return `${m[1]}-${m[2]!.padStart(4, '0')}`
}

/**
 * The 0.69+ form of a built-in check ID: `DS002` (with `AVD-DS-0002` beside it in ≤ 0.68) becomes
 * `DS-0002`. IDs in any other form (0.69+ built-ins, custom checks) come back unchanged.
 */
export function currentCheckId(id: string, avdId?: string): string {
  const old = /^([A-Z]+)(\d{3,})$/.exec(id)
  if (!old) return id
  if (avdId?.startsWith('AVD-')) return avdId.slice(4)
  return `${old[1]}-${old[2]!.padStart(4, '0')}`
}

/** The ≤ 0.68 spellings of a 0.69+ check ID (`DS-0002` → `DS002`, `AVD-DS-0002`); none for other IDs. */
export function olderCheckIds(currentId: string): string[] {
  const bare = /^([A-Z]+)-(\d+)$/.exec(currentId)
  if (!bare) return []
  return [`${bare[1]}${bare[2]!.replace(/^0(?=\d{3})/, '')}`, `AVD-${currentId}`]
}
