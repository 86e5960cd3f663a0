/**
 * The code-scanning alerts a run is compared with, each listing read once per run.
 *
 * A run needs alerts twice: the default branch's, for first-seen dates (before the policy decides),
 * and the pull request's base branch's, for "new" and "fixed" (after the upload). Usually the base
 * is the default branch: the second read is then the first one again. So listings are kept per
 * client (one client per run) and per ref and tool, and only the tools that ran are asked for.
 * Which categories the base has analyzed comes from its alerts first; the analyses listing is asked
 * only for categories none of its alerts shows.
 */
import { trimCategory } from '../findings/category.js'
import type { FindingTool, Finding } from '../findings/model.js'
import type { Logger } from '../log.js'
import type { Verdict } from '../policy/types.js'
import type { AlertSummary, BaseDiff } from '../report/base-diff.js'
import { driverName } from '../report/sarif.js'
import {
  diffAgainstBase,
  firstSeenFor,
  listAnalyzedCategories,
  listToolAlerts,
  readFailure,
  toolsToConfirm,
  type ToolAlerts
} from './alerts.js'
import type { GitHubClient } from './client.js'
import type { PublishWarning, RunContext } from './types.js'

/** Listings already read (or under way), per client: `ref|tool|category prefix` → the listing. */
const listings = new WeakMap<GitHubClient, Map<string, Promise<ToolAlerts>>>()

export interface KnownAlertsOptions {
  client: GitHubClient
  ctx: RunContext
  logger: Logger
  categoryPrefix: string
  /** Branch name (main); the default branch when absent. */
  branch?: string
  /** The tools whose alerts to read: the ones that ran. */
  tools: readonly FindingTool[]
  feature: 'first-seen' | 'base-alerts'
  /** Stop after this many pages per tool (tests). */
  maxPages?: number
}

export interface KnownAlerts {
  alerts: AlertSummary[]
  /** Tools whose listing stopped at the page cap. */
  truncated: Set<FindingTool>
  warnings: PublishWarning[]
}

/**
 * The alerts of `branch` for `tools`, each (ref, tool) listing read at most once per client. A failed
 * listing is a warning (404 "no analysis found" is an empty listing, not a failure).
 */
export async function readKnownAlerts(opts: KnownAlertsOptions): Promise<KnownAlerts> {
  const { client, ctx } = opts
  const branch = opts.branch ?? ctx.defaultBranch
  // Without the default branch's name, ask without a ref: GitHub answers for the default branch.
  const ref = branch ? `refs/heads/${branch}` : undefined
  let memo = listings.get(client)
  if (!memo) listings.set(client, (memo = new Map()))
  const tools = [...new Set(opts.tools)]
  const read = await Promise.all(
    tools.map(tool => {
      const key = `${ref ?? '(default)'}|${tool}|${opts.categoryPrefix}`
      let listing = memo.get(key)
      if (!listing) {
        listing = listToolAlerts({
          client,
          ctx,
          logger: opts.logger,
          categoryPrefix: opts.categoryPrefix,
          ...(ref ? { ref } : {}),
          toolName: driverName(tool),
          ...(opts.maxPages ? { maxPages: opts.maxPages } : {})
        })
        memo.set(key, listing)
      }
      return listing
    })
  )
  const known: KnownAlerts = { alerts: [], truncated: new Set(), warnings: [] }
  read.forEach((listing, i) => {
    known.alerts.push(...listing.alerts)
    if (!listing.complete) known.truncated.add(tools[i]!)
    const warning = listing.error === undefined ? undefined : readFailure(listing.error, opts.feature, ctx)
    // The same token refuses every tool alike: one warning is enough.
    if (warning && known.warnings.length === 0) known.warnings.push(warning)
  })
  return known
}

export interface FirstSeenOptions {
  client: GitHubClient
  ctx: RunContext
  findings: readonly Finding[]
  categoryPrefix: string
  logger: Logger
}

/**
 * First-seen dates for `EvaluationContext.firstSeen`, from the default branch's code-scanning alerts
 * of the tools that found something. Call before evaluate(). Without `security-events: read` the map
 * is empty and one warning says why (deadlines then count from the advisory's dates instead).
 */
export async function fetchFirstSeen(
  opts: FirstSeenOptions
): Promise<{ firstSeen: Map<string, string>; warnings: PublishWarning[] }> {
  const { alerts, warnings } = await readKnownAlerts({
    client: opts.client,
    ctx: opts.ctx,
    logger: opts.logger,
    categoryPrefix: opts.categoryPrefix,
    tools: opts.findings.map(f => f.tool),
    feature: 'first-seen'
  })
  for (const w of warnings) opts.logger.warning(w.message)
  return { firstSeen: firstSeenFor(opts.findings, alerts, opts.categoryPrefix), warnings }
}

export interface CompareOptions {
  client: GitHubClient
  ctx: RunContext
  logger: Logger
  verdict: Verdict
  categoryPrefix: string
  /** The pull request's base branch (main). */
  baseBranch: string
  /** The tools this run uploaded results of (including those that found nothing). */
  tools: readonly FindingTool[]
  /** The categories this run analyzed (the SARIF's runs): only there can a base alert be fixed. */
  categories: readonly string[]
}

/**
 * New and fixed against the base branch's alerts, in the categories it has analyzed; no diff (and
 * the warnings why) when they could not be read.
 */
export async function compareWithBase(
  opts: CompareOptions
): Promise<{ diff?: BaseDiff; warnings: PublishWarning[] }> {
  const { client, ctx } = opts
  const base = await readKnownAlerts({
    client,
    ctx,
    logger: opts.logger,
    categoryPrefix: opts.categoryPrefix,
    branch: opts.baseBranch,
    tools: opts.tools,
    feature: 'base-alerts'
  })
  if (base.warnings.length > 0) return { warnings: base.warnings }
  // A category with an alert on the base was analyzed there; only the others need the analyses.
  const categories = new Set(base.alerts.map(a => trimCategory(a.category)))
  const unconfirmed = toolsToConfirm(opts.verdict, base.alerts, opts.categoryPrefix)
  if (unconfirmed.size > 0) {
    const analyzed = await listAnalyzedCategories({
      client,
      ctx,
      ref: `refs/heads/${opts.baseBranch}`,
      toolNames: [...unconfirmed].map(driverName)
    })
    if (analyzed.warnings.length > 0) return { warnings: analyzed.warnings }
    for (const c of analyzed.categories) categories.add(c)
  }
  const diff = diffAgainstBase(
    opts.verdict,
    { alerts: base.alerts, truncated: base.truncated, categories },
    opts.categoryPrefix,
    opts.categories
  )
  return { diff, warnings: [] }
}
