/**
 * The one decision point: every finding, the policy and the clock in, one Verdict out. Pure — the
 * same arguments always give the same verdict — so the gate, the SARIF levels, the summary and the
 * comment can never disagree.
 */
import { findingKey, hasFix, type Finding } from '../findings/model.js'
import { SEVERITIES, compareSeverity, zeroSeverityCounts, type SeverityCounts } from '../findings/severity.js'
import { kindLabel } from './defaults.js'
import { ignoreMatches, partitionIgnores } from './ignores.js'
import { MS_PER_DAY, isoDay, utcDay } from './days.js'
import type { Deadline, Decision, EvaluationContext, IgnoreRule, Policy, Tier, Verdict } from './types.js'

/** How many blocking findings the one-line reason names before "and N more". */
const REASON_LIMIT = 5

/** When this repository first saw the finding (a date), if the reporter knows. */
function firstSeenOf(map: ReadonlyMap<string, string> | undefined, finding: Finding): string | undefined {
  const value = map?.get(findingKey(finding))
  return value && !Number.isNaN(Date.parse(value)) ? value : undefined
}

/**
 * When a finding with a grace period starts to block. The clock starts at the first time this
 * repository saw the finding when known (its code-scanning alert), else when the advisory was
 * published, else today — the earliest fact that says "you could have known". Days are whole UTC
 * days: a finding first seen on 2024-01-01 with 30 days of grace blocks from 2024-01-31.
 */
export function deadlineFor(
  finding: Finding,
  afterDays: number,
  context: EvaluationContext,
  now: Date
): Deadline {
  const firstSeen = firstSeenOf(context.firstSeen, finding)
  const published =
    finding.publishedDate && !Number.isNaN(Date.parse(finding.publishedDate))
      ? finding.publishedDate
      : undefined
  let clock: Deadline['clock']
  let start: Date
  if (firstSeen) [clock, start] = ['first-seen', new Date(firstSeen)]
  else if (published) [clock, start] = ['published', new Date(published)]
  else [clock, start] = ['now', now]
  const blocksOnMs = utcDay(start) + afterDays * MS_PER_DAY
  return {
    clock,
    clockDate: isoDay(utcDay(start)),
    blocksOn: isoDay(blocksOnMs),
    daysLeft: Math.round((blocksOnMs - utcDay(now)) / MS_PER_DAY)
  }
}

const CLOCK_WORDS: Record<Deadline['clock'], string> = {
  'first-seen': 'first seen',
  published: 'published',
  now: 'first seen today'
}

function describeClock(d: Deadline): string {
  return d.clock === 'now' ? CLOCK_WORDS.now : `${CLOCK_WORDS[d.clock]} ${d.clockDate}`
}

function decideByTier(
  finding: Finding,
  tier: Tier,
  context: EvaluationContext,
  now: Date
): Omit<Decision, 'finding'> {
  const what = `${finding.severity} ${kindLabel(finding.kind)}`
  switch (tier.action) {
    case 'block': {
      if (!tier.afterDays) return { action: 'block', rule: `${what} block` }
      const deadline = deadlineFor(finding, tier.afterDays, context, now)
      if (deadline.daysLeft > 0) {
        const days = deadline.daysLeft === 1 ? '1 day' : `${deadline.daysLeft} days`
        return {
          action: 'warn',
          rule: `${what} block after ${tier.afterDays} days: ${days} left (${describeClock(deadline)}, blocks on ${deadline.blocksOn})`,
          deadline
        }
      }
      return {
        action: 'block',
        rule: `${finding.severity} past its ${tier.afterDays}-day deadline (${describeClock(deadline)}, blocking since ${deadline.blocksOn})`,
        deadline
      }
    }
    case 'warn':
      return { action: 'warn', rule: `${what} warn` }
    case 'record':
      return { action: 'record', rule: `${what} are recorded` }
    case 'ignore':
      return { action: 'ignore', rule: `${what} are ignored` }
  }
}

function suppression(
  finding: Finding,
  policy: Policy,
  active: readonly IgnoreRule[]
): Decision['suppressedBy'] {
  const rule = active.find(r => ignoreMatches(r, finding))
  if (rule)
    return { source: rule.source, reason: rule.reason, ...(rule.expires ? { expires: rule.expires } : {}) }
  if (policy.ignoreUnfixed && finding.kind === 'vuln' && !hasFix(finding)) {
    return { source: 'ignore-unfixed', reason: 'no fixed version is available yet' }
  }
  return undefined
}

/** Decides one finding. */
function decide(
  finding: Finding,
  policy: Policy,
  context: EvaluationContext,
  now: Date,
  activeIgnores: readonly IgnoreRule[] = partitionIgnores(policy.ignores, now).active
): Decision {
  const suppressedBy = suppression(finding, policy, activeIgnores)
  if (suppressedBy) {
    const rule =
      suppressedBy.source === 'ignore-unfixed'
        ? 'unfixed, ignored (ignore-unfixed)'
        : `ignored by ${suppressedBy.source}: ${suppressedBy.reason}`
    return { finding, action: 'ignore', rule, suppressedBy }
  }
  return { finding, ...decideByTier(finding, policy.tiers[finding.kind][finding.severity], context, now) }
}

/** True when a decision means "rebuild the image": a base (OS) package with a fixable CRITICAL
 * vulnerability that the policy does not ignore. HIGH and MEDIUM are batched, never triggering. */
export function triggersRebuild(d: Decision): boolean {
  const f = d.finding
  return (
    d.action !== 'ignore' &&
    f.kind === 'vuln' &&
    f.severity === 'CRITICAL' &&
    f.package?.class === 'os-pkgs' &&
    hasFix(f)
  )
}

function label(d: Decision): string {
  const f = d.finding
  const where = f.package
    ? ` in ${f.package.name}`
    : f.file
      ? ` in ${f.file}${f.startLine ? `:${f.startLine}` : ''}`
      : ''
  return `${f.ruleId}${where} (${d.rule})`
}

function listed(decisions: readonly Decision[]): string {
  const shown = decisions.slice(0, REASON_LIMIT).map(label).join(', ')
  const more = decisions.length - REASON_LIMIT
  return more > 0 ? `${shown} and ${more} more` : shown
}

function countsText(counts: SeverityCounts): string {
  return SEVERITIES.map(s => `${counts[s]} ${s}`).join(', ')
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Most severe first, then by rule ID, so reasons and reports are stable across runs. */
function severityThenRuleId(a: Decision, b: Decision): number {
  return (
    compareSeverity(a.finding.severity, b.finding.severity) ||
    a.finding.ruleId.localeCompare(b.finding.ruleId)
  )
}

/**
 * Decides every finding. In `gate` mode the outcome fails when any finding blocks; in `monitor` mode
 * (scheduled runs on published images) blocking findings are still reported, but the outcome fails
 * only when the policy's `monitor.failOnRebuild` is set and a rebuild is required.
 */
export function evaluate(
  findings: readonly Finding[],
  policy: Policy,
  context: EvaluationContext,
  now: Date
): Verdict {
  const { active, expired } = partitionIgnores(policy.ignores, now)
  const decisions = findings.map(f => decide(f, policy, context, now, active))
  const blocking = decisions.filter(d => d.action === 'block').sort(severityThenRuleId)
  const warnings = decisions.filter(d => d.action === 'warn').sort(severityThenRuleId)
  const counts = zeroSeverityCounts()
  for (const d of decisions) if (!d.suppressedBy) counts[d.finding.severity]++
  const rebuilds = decisions.filter(triggersRebuild).sort(severityThenRuleId)
  const rebuildRequired = rebuilds.length > 0
  const ignored = decisions.filter(d => d.action === 'ignore').length
  const tail = `${countsText(counts)}; ${plural(warnings.length, 'warning')}, ${ignored} ignored`

  let outcome: Verdict['outcome']
  let reason: string
  if (context.mode === 'monitor') {
    outcome = policy.monitor.failOnRebuild && rebuildRequired ? 'fail' : 'pass'
    reason = rebuildRequired
      ? `Rebuild required: ${rebuilds.length} fixable CRITICAL ${rebuilds.length === 1 ? 'vulnerability' : 'vulnerabilities'} in base OS packages: ${listed(rebuilds)}`
      : `No rebuild required (no fixable CRITICAL in base OS packages; ${tail})`
  } else {
    outcome = blocking.length > 0 ? 'fail' : 'pass'
    reason =
      blocking.length > 0
        ? `${plural(blocking.length, 'finding')} ${blocking.length === 1 ? 'blocks' : 'block'}: ${listed(blocking)}`
        : `No finding blocks (${tail})`
  }
  return {
    outcome,
    reason,
    decisions,
    blocking,
    warnings,
    counts,
    expiredIgnores: expired,
    rebuildRequired,
    mode: context.mode
  }
}
