/**
 * The run context from the environment and the event payload, and the (ref, commit) a SARIF upload
 * belongs to. Reading is separated from deciding so tests feed real webhook payloads.
 */
import { readFileSync } from 'node:fs'
import { ConfigurationError } from '../errors.js'
import { workspaceRoot } from '../workspace/run-dirs.js'
import type { RunContext } from './types.js'

/** Environment variables as the runner sets them. */
export type Env = Readonly<Record<string, string | undefined>>

interface PullRequestPayload {
  number?: number
  repository?: { default_branch?: unknown }
  pull_request?: {
    number?: number
    head?: { sha?: string; repo?: { full_name?: string } | null }
    base?: { ref?: string; repo?: { full_name?: string } }
  }
}

/** Builds the RunContext from GITHUB_* variables and the event payload (already parsed). */
export function runContextFrom(env: Env, payload: unknown): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo)
    throw new ConfigurationError(
      'GITHUB_REPOSITORY is not set to owner/repo; is this running in GitHub Actions?'
    )
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const ctx: RunContext = {
    owner,
    repo,
    eventName,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    workspace: workspaceRoot(env)
  }
  const p = (payload ?? {}) as PullRequestPayload
  const defaultBranch = p.repository?.default_branch
  if (typeof defaultBranch === 'string' && defaultBranch !== '') ctx.defaultBranch = defaultBranch
  if ((eventName === 'pull_request' || eventName === 'pull_request_target') && p.pull_request) {
    const number = p.pull_request.number ?? p.number
    const headSha = p.pull_request.head?.sha
    if (typeof number === 'number' && typeof headSha === 'string') {
      const headRepo = p.pull_request.head?.repo?.full_name
      ctx.pullRequest = {
        number,
        headSha,
        baseRef: p.pull_request.base?.ref ?? '',
        // A deleted head repository (null) is a fork that is gone: still not ours.
        fromFork: headRepo !== `${owner}/${repo}`
      }
    }
  }
  return ctx
}

/** Reads GITHUB_EVENT_PATH (when set) and builds the RunContext. */
export function readRunContext(env: Env = process.env): RunContext {
  let payload: unknown = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
    } catch {
      payload = {}
    }
  }
  return runContextFrom(env, payload)
}

/** The commit and ref code scanning files an upload under. */
export interface UploadTarget {
  ref: string
  commitSha: string
}

/**
 * Where results belong. On push (and anything that is not a pull request): GITHUB_REF/GITHUB_SHA.
 * On pull_request GitHub checks out the merge commit (refs/pull/N/merge, GITHUB_SHA); when the
 * workflow checked out the head instead (actions/checkout with `ref: ${{ github.event.pull_request.head.sha }}`),
 * results belong to refs/pull/N/head at the head commit, or code scanning would show lines of a
 * commit that was not scanned. `checkoutSha` is the commit actually scanned (`git rev-parse HEAD`).
 */
export function uploadTarget(ctx: RunContext, checkoutSha?: string): UploadTarget {
  const pr = ctx.pullRequest
  if (pr && checkoutSha && checkoutSha.toLowerCase() === pr.headSha.toLowerCase()) {
    return { ref: `refs/pull/${pr.number}/head`, commitSha: pr.headSha }
  }
  if (pr && ctx.eventName === 'pull_request') {
    return { ref: `refs/pull/${pr.number}/merge`, commitSha: ctx.sha }
  }
  return {
    ref: ctx.ref,
    commitSha: checkoutSha && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(checkoutSha) ? checkoutSha : ctx.sha
  }
}
