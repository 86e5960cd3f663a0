/**
 * Code-scanning alerts, read back for two purposes: first-seen dates (so HIGH deadlines count from
 * the first detection, not from today) and "new" / "fixed" compared with the base branch.
 *
 * Matching key — `alertKey(category, ruleId, path)`:
 *   `<category without trailing '/'>|<rule id>|<repository path or ''>`
 * The category is the run's `automationDetails.id` (one per tool and subject, see report/sarif.ts), so
 * it already names the tool and the image or directory; the path separates findings of one rule in
 * several repository files. Image findings have no repository file, so their key has an empty path:
 * every package hit by one CVE in one image shares a key (the earliest date wins). An alert is
 * indexed under both its path and '' because the alert cannot tell us whether its path was a real
 * file or the pseudo-path SARIF gives an image.
 */
import { categoryOf, trimCategory } from '../findings/category.js'
import { findingKey, type Finding, type FindingTool } from '../findings/model.js'
import type { Decision, Verdict } from '../policy/types.js'
import type { AlertSummary, BaseDiff } from '../report/base-diff.js'
import type { GitHubClient } from './client.js'
import { httpFailure, warningFor } from './permissions.js'
import type { Logger } from '../log.js'
import type { PublishWarning, RunContext } from './types.js'

function alertKey(category: string, ruleId: string, path: string): string {
  return `${trimCategory(category)}|${ruleId}|${path}`
}

/** The key of a finding, as code scanning would file it under `categoryPrefix`. */
function findingAlertKey(f: Finding, categoryPrefix: string): string {
  return alertKey(categoryOf(categoryPrefix, f.tool, f.subject), f.ruleId, f.file ?? '')
}

/**
 * The keys an alert of this finding may be filed under: an image finding placed on a Dockerfile
 * line (Finding.origin) was filed under the image's pseudo-path before, so it also matches by ''
 * (as every image finding does), and the first run with Dockerfile lines keeps dates and does not
 * call every finding new.
 */
function findingAlertKeys(f: Finding, categoryPrefix: string): string[] {
  const key = findingAlertKey(f, categoryPrefix)
  return f.origin ? [key, alertKey(categoryOf(categoryPrefix, f.tool, f.subject), f.ruleId, '')] : [key]
}

interface RawAlert {
  number?: number
  created_at?: string
  state?: string | null
  html_url?: string
  rule?: { id?: string | null; security_severity_level?: string | null }
  tool?: { name?: string }
  most_recent_instance?: {
    category?: string
    location?: { path?: string; start_line?: number }
    message?: { text?: string }
  }
}

function summarizeAlert(a: RawAlert): AlertSummary {
  const inst = a.most_recent_instance ?? {}
  return {
    number: a.number ?? 0,
    createdAt: a.created_at ?? '',
    state: a.state ?? '',
    htmlUrl: a.html_url ?? '',
    ruleId: a.rule?.id ?? '',
    toolName: a.tool?.name ?? '',
    category: inst.category ?? '',
    path: inst.location?.path ?? '',
    ...(inst.location?.start_line ? { startLine: inst.location.start_line } : {}),
    ...(a.rule?.security_severity_level ? { severity: a.rule.security_severity_level } : {}),
    message: inst.message?.text ?? ''
  }
}

/** One tool's alerts on one ref, as far as they were read. */
export interface ToolAlerts {
  alerts: AlertSummary[]
  /** False when the listing stopped at the page cap: alerts exist that were not read. */
  complete: boolean
  /** Why the listing failed (a missing permission...); undefined when it did not. */
  error?: unknown
}

export interface ListToolAlertsOptions {
  client: GitHubClient
  ctx: RunContext
  logger: Logger
  /** Only alerts whose category starts with this prefix (the `sarif-category` input). */
  categoryPrefix: string
  /** Full git ref (refs/heads/main); the default branch when absent. */
  ref?: string
  /** SARIF driver name (Trivy, hadolint...). */
  toolName: string
  /** Stop after this many pages (100 alerts each). */
  maxPages?: number
}

/** Pages of alerts read per tool and ref at most: 5,000 alerts, about 50 requests. */
export const MAX_ALERT_PAGES = 50

/**
 * A failed read of code-scanning data as a warning; undefined when it only means there is nothing to
 * read yet (a 404 "no analysis found" for that tool).
 */
export function readFailure(
  error: unknown,
  feature: 'first-seen' | 'base-alerts',
  ctx: RunContext
): PublishWarning | undefined {
  const f = httpFailure(error)
  if (f.status === 404 && /no analysis found/i.test(f.message)) return undefined
  return warningFor(feature, error, 'security-events: read', { fromFork: ctx.pullRequest?.fromFork })
}

/**
 * One tool's alerts on one ref in our categories, all states, paginated up to `maxPages`. No analysis
 * yet is an empty, complete list.
 */
export async function listToolAlerts(opts: ListToolAlertsOptions): Promise<ToolAlerts> {
  const { client, ctx } = opts
  const prefix = trimCategory(opts.categoryPrefix) + '/'
  const alerts: AlertSummary[] = []
  const maxPages = opts.maxPages ?? MAX_ALERT_PAGES
  let pages = 0
  try {
    const iterator = client.paginate.iterator('GET /repos/{owner}/{repo}/code-scanning/alerts', {
      owner: ctx.owner,
      repo: ctx.repo,
      per_page: 100,
      ...(opts.ref ? { ref: opts.ref } : {}),
      tool_name: opts.toolName
    })
    for await (const page of iterator) {
      for (const raw of page.data as RawAlert[]) {
        const a = summarizeAlert(raw)
        if ((trimCategory(a.category) + '/').startsWith(prefix)) alerts.push(a)
      }
      // Only a next page beyond the cap proves more alerts exist (exactly 5,000 is still complete).
      if (++pages >= maxPages && /rel="next"/.test(page.headers.link ?? '')) {
        opts.logger.info(
          `Read the first ${pages * 100} of ${opts.toolName}'s code-scanning alerts on ${opts.ref ?? 'the default branch'}; the rest are not compared.`
        )
        return { alerts, complete: false }
      }
    }
  } catch (error) {
    const f = httpFailure(error)
    if (f.status === 404 && /no analysis found/i.test(f.message)) return { alerts, complete: true }
    return { alerts, complete: false, error }
  }
  return { alerts, complete: true }
}

/** Earliest created_at per alert key (under both its path and ''). */
function firstSeenByAlertKey(alerts: readonly AlertSummary[]): Map<string, string> {
  const map = new Map<string, string>()
  const put = (key: string, date: string) => {
    const old = map.get(key)
    if (!old || Date.parse(date) < Date.parse(old)) map.set(key, date)
  }
  for (const a of alerts) {
    if (!a.createdAt || Number.isNaN(Date.parse(a.createdAt))) continue
    put(alertKey(a.category, a.ruleId, a.path), a.createdAt)
    put(alertKey(a.category, a.ruleId, ''), a.createdAt)
  }
  return map
}

/**
 * The map to pass as `EvaluationContext.firstSeen`: keyed by `findingKey(finding)` (what evaluate()
 * looks up), valued with the created_at of the matching alert.
 */
export function firstSeenFor(
  findings: readonly Finding[],
  alerts: readonly AlertSummary[],
  categoryPrefix: string
): Map<string, string> {
  const byAlert = firstSeenByAlertKey(alerts)
  const out = new Map<string, string>()
  for (const f of findings) {
    const date = findingAlertKeys(f, categoryPrefix)
      .map(key => byAlert.get(key))
      .find(found => found !== undefined)
    if (date) out.set(findingKey(f), date)
  }
  return out
}

/**
 * Categories the ref has a code-scanning analysis for (first page of recent analyses per tool, which
 * is plenty: one analysis per category and commit). Used so a category the base branch never
 * analyzed does not make every finding in it look "new".
 */
export async function listAnalyzedCategories(opts: {
  client: GitHubClient
  ctx: RunContext
  ref: string
  toolNames: readonly string[]
}): Promise<{ categories: Set<string>; warnings: PublishWarning[] }> {
  const categories = new Set<string>()
  for (const tool of opts.toolNames) {
    try {
      const { data } = await opts.client.request('GET /repos/{owner}/{repo}/code-scanning/analyses', {
        owner: opts.ctx.owner,
        repo: opts.ctx.repo,
        ref: opts.ref,
        tool_name: tool,
        per_page: 100
      })
      for (const a of data) if (a.category !== undefined) categories.add(trimCategory(a.category))
    } catch (error) {
      const warning = readFailure(error, 'base-alerts', opts.ctx)
      if (warning) return { categories, warnings: [warning] }
    }
  }
  return { categories, warnings: [] }
}

/** The base branch's alerts as far as they were read. */
export interface BaseAlerts {
  alerts: readonly AlertSummary[]
  /** Tools (FindingTool ids) whose listing stopped at the page cap: their alerts were not all read. */
  truncated: ReadonlySet<string>
  /** Categories the base has analyzed; absent: every category counts as analyzed. */
  categories?: ReadonlySet<string>
}

/**
 * The tools with reported findings in a category no alert read from the base shows: only for these
 * must the base's analyses say whether it analyzed that category at all.
 */
export function toolsToConfirm(
  verdict: Verdict,
  baseAlerts: readonly AlertSummary[],
  categoryPrefix: string
): Set<FindingTool> {
  const seen = new Set(baseAlerts.map(a => trimCategory(a.category)))
  const tools = new Set<FindingTool>()
  for (const d of reportedDecisions(verdict)) {
    if (!seen.has(trimCategory(categoryOf(categoryPrefix, d.finding.tool, d.finding.subject))))
      tools.add(d.finding.tool)
  }
  return tools
}

/** What the SARIF carries: the decisions that are neither ignored nor suppressed. */
function reportedDecisions(verdict: Verdict): Decision[] {
  return verdict.decisions.filter(d => d.action !== 'ignore' && !d.suppressedBy)
}

/**
 * Compares this run's reported findings (everything the SARIF carries: not ignored) with the base
 * branch's alerts. Only categories analyzed now count as fixed: a category this run did not scan
 * says nothing. A finding matching no alert is new only when its tool's alerts were all read:
 * otherwise its alert may be among those not read, and it counts as `unread`, never as new.
 */
export function diffAgainstBase(
  verdict: Verdict,
  base: BaseAlerts,
  categoryPrefix: string,
  analyzedCategories: readonly string[]
): BaseDiff {
  const all = reportedDecisions(verdict)
  const onBase = (d: Decision) =>
    !base.categories ||
    base.categories.has(trimCategory(categoryOf(categoryPrefix, d.finding.tool, d.finding.subject)))
  const reported = all.filter(onBase)
  const baseKeys = new Set<string>()
  for (const a of base.alerts) {
    baseKeys.add(alertKey(a.category, a.ruleId, a.path))
    baseKeys.add(alertKey(a.category, a.ruleId, ''))
  }
  const currentKeys = new Set(all.flatMap(d => findingAlertKeys(d.finding, categoryPrefix)))
  const unmatched = reported.filter(
    d => !findingAlertKeys(d.finding, categoryPrefix).some(k => baseKeys.has(k))
  )
  const added = unmatched.filter(d => !base.truncated.has(d.finding.tool))
  const analyzed = new Set(analyzedCategories.map(trimCategory))
  const fixed = base.alerts.filter(
    a =>
      a.state === 'open' &&
      analyzed.has(trimCategory(a.category)) &&
      !currentKeys.has(alertKey(a.category, a.ruleId, a.path)) &&
      !currentKeys.has(alertKey(a.category, a.ruleId, ''))
  )
  return {
    added,
    fixed,
    notCompared: all.length - reported.length,
    unread: unmatched.length - added.length
  }
}
