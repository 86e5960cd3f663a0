/**
 * The GitHub half of reporting, as main.ts needs it: connect when there is a repository and a token
 * (the demo and local runs have neither and stay offline), read first-seen dates before the policy
 * decides, then upload the SARIF and keep the pull-request comment. Publishing never changes the
 * verdict: failures come back as warnings (src/github/ logs them).
 */
import { execTool } from './tools/exec.js'
import type { Finding, ScannedSubject } from './findings/model.js'
import type { GitHubSettings } from './inputs/read.js'
import { log } from './log.js'
import { createGitHubClient, type GitHubClient } from './github/client.js'
import { commentKey } from './github/comment.js'
import { readRunContext } from './github/context.js'
import { fetchFirstSeen, publish, type PublishResult } from './github/publish.js'
import type { RunContext } from './github/types.js'
import type { Verdict } from './policy/types.js'
import type { SarifLog } from './report/sarif-types.js'
import { TOOL_DRIVER_NAMES } from './report/sarif.js'

export interface GitHubConnection {
  client: GitHubClient
  ctx: RunContext
}

/** A client and the run's context, or undefined when the run is not on GitHub (no repository or token). */
export function connectGitHub(
  settings: GitHubSettings,
  token: string,
  env = process.env
): GitHubConnection | undefined {
  if (!env.GITHUB_REPOSITORY || !token) return undefined
  if (!settings.uploadSarif && settings.comment === 'off') return undefined
  return {
    client: createGitHubClient({ token, logger: log, setSecret: log.mask }),
    ctx: readRunContext(env)
  }
}

export async function firstSeenDates(
  gh: GitHubConnection | undefined,
  settings: GitHubSettings,
  findings: readonly Finding[]
): Promise<Map<string, string> | undefined> {
  if (!gh) return undefined
  const { firstSeen } = await fetchFirstSeen({
    client: gh.client,
    ctx: gh.ctx,
    findings,
    categoryPrefix: settings.sarifCategory,
    logger: log,
    toolNames: TOOL_DRIVER_NAMES
  })
  return firstSeen
}

/** The commit the workspace holds, to tell a pull request's head checkout from its merge commit. */
async function gitHead(workspace: string): Promise<string | undefined> {
  try {
    const result = await execTool('git', ['rev-parse', 'HEAD'], { cwd: workspace })
    const sha = result.stdout.trim()
    return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined
  } catch {
    return undefined
  }
}

export async function publishResults(
  gh: GitHubConnection | undefined,
  settings: GitHubSettings,
  report: {
    verdict: Verdict
    sarif: SarifLog
    subjects: readonly ScannedSubject[]
    workspace: string
    startedAt: Date
  }
): Promise<PublishResult | undefined> {
  if (!gh) return undefined
  return publish({
    client: gh.client,
    ctx: gh.ctx,
    verdict: report.verdict,
    sarif: report.sarif,
    categoryPrefix: settings.sarifCategory,
    subjects: report.subjects,
    upload: settings.uploadSarif,
    waitForProcessing: settings.waitForProcessing,
    comment: gh.ctx.pullRequest ? settings.comment : 'off',
    commentKey: commentKey({
      workflow: gh.ctx.workflow,
      job: gh.ctx.job,
      matrix: settings.matrix,
      override: settings.commentKey
    }),
    checkoutSha: await gitHead(report.workspace),
    startedAt: report.startedAt.toISOString(),
    logger: log
  })
}
