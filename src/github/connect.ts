/**
 * Whom the action talks to on GitHub: a client and the run's context, when there is a repository
 * and a token and something to publish (the demo and local runs have neither and stay offline).
 */
import { log } from '../log.js'
import type { GitHubSettings } from '../inputs/read.js'
import type { GitHubClient } from './client.js'
import { readRunContext } from './context.js'
import type { RunContext } from './types.js'

export interface GitHubConnection {
  client: GitHubClient
  ctx: RunContext
}

/**
 * A client and the run's context, or undefined when the run is not on GitHub (no repository or token).
 * Octokit and its plugins are loaded here, not at start-up: a run that never talks to GitHub (a bad
 * input, a local run) does not compile them.
 */
export async function connectGitHub(
  settings: GitHubSettings,
  token: string,
  env = process.env
): Promise<GitHubConnection | undefined> {
  if (!env.GITHUB_REPOSITORY || !token) return undefined
  if (!settings.uploadSarif && settings.comment === 'off') return undefined
  const ctx = readRunContext(env)
  const { createGitHubClient } = await import('./client.js')
  return { client: createGitHubClient({ token, apiUrl: ctx.apiUrl, logger: log, setSecret: log.mask }), ctx }
}
