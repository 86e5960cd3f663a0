/**
 * Explicit ignores: which entries are still in force at `now`, and whether one covers a finding.
 * The same matching applies to findings from scans and from imported reports.
 */
import { minimatch } from 'minimatch'
import type { Finding } from '../findings/model.js'
import { canonicalId } from '../findings/rule-id.js'
import { MS_PER_DAY } from './days.js'
import type { IgnoreRule } from './types.js'

/** An entry applies through the whole of its `expires` day (UTC) and stops at the next midnight. */
export function isExpired(rule: IgnoreRule, now: Date): boolean {
  if (!rule.expires) return false
  const end = Date.parse(`${rule.expires}T00:00:00Z`) + MS_PER_DAY
  return !(now.getTime() < end)
}

/** Splits the entries into those in force and those whose expiry has passed. */
export function partitionIgnores(
  rules: readonly IgnoreRule[],
  now: Date
): { active: IgnoreRule[]; expired: IgnoreRule[] } {
  const active: IgnoreRule[] = []
  const expired: IgnoreRule[] = []
  for (const rule of rules) (isExpired(rule, now) ? expired : active).push(rule)
  return { active, expired }
}

const GLOB = { dot: true, nocomment: true, nonegate: true } as const

function globOrEqual(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false
  return value === pattern || minimatch(value, pattern, GLOB)
}

/** Whether a purl scope covers a package purl; a scope without `@version` covers every version, and
 * qualifiers (`?arch=…`) are ignored on both sides because Trivy prints them inconsistently. */
function purlMatches(scope: string, purl: string | undefined): boolean {
  if (!purl) return false
  const strip = (p: string) => p.split(/[?#]/)[0]!
  const s = strip(scope)
  const p = strip(purl)
  if (s === p) return true
  return !s.includes('@') && p.split('@')[0] === s
}

/** True when `rule` covers `finding`: the ID (or one of its aliases) matches and every scope the
 * entry gives matches too. Path, image and target scopes accept globs (`*` stays within one `/`
 * segment, `**` crosses them). */
export function ignoreMatches(rule: IgnoreRule, finding: Finding): boolean {
  const id = canonicalId(rule.id)
  if (![finding.ruleId, ...finding.aliases].some(a => canonicalId(a) === id)) return false
  if (rule.kinds && !rule.kinds.includes(finding.kind)) return false
  if (rule.package !== undefined) {
    const pkg = finding.package
    if (!pkg || !(pkg.name === rule.package || purlMatches(rule.package, pkg.purl))) return false
  }
  if (rule.purl !== undefined && !purlMatches(rule.purl, finding.package?.purl)) return false
  if (
    rule.path !== undefined &&
    !(globOrEqual(rule.path, finding.file) || globOrEqual(rule.path, finding.target))
  )
    return false
  if (
    rule.image !== undefined &&
    !(globOrEqual(rule.image, finding.image) || globOrEqual(rule.image, finding.subject))
  )
    return false
  if (rule.target !== undefined && !globOrEqual(rule.target, finding.target)) return false
  return true
}
