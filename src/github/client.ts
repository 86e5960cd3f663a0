/**
 * The one Octokit the action uses: @actions/github's (proxy-aware, GHES base URL) with retries for
 * transient failures and throttling that respects GitHub's primary and secondary rate limits.
 * The token is masked before anything can print it and is never logged.
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Logger } from '../log.js'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface ClientOptions {
  token: string
  /** The run context's API URL (GITHUB_API_URL; GHES: https://host/api/v3). */
  apiUrl: string
  logger: Logger
  /** core.setSecret: masks the token in the log before the client exists. */
  setSecret: (secret: string) => void
  /** Retries after a rate limit before giving up (default 2). */
  rateLimitRetries?: number
  /** Tests only: no pacing between writes and no waits between retries. */
  fast?: boolean
}

/** The Octokit options (without auth) the client is built with; pure so tests can inspect them. */
export function clientOptions(opts: Omit<ClientOptions, 'token' | 'setSecret'>) {
  const { logger, fast = false } = opts
  const limit = opts.rateLimitRetries ?? 2
  const apiUrl = opts.apiUrl.replace(/\/+$/, '')
  // Retry a rate-limited request (after GitHub's Retry-After) a bounded number of times, saying so.
  const onLimit =
    (what: string) =>
    (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
      logger.warning(
        `GitHub ${what} hit for ${options.method} ${options.url}; retrying after ${retryAfter}s.`
      )
      return retryCount < limit
    }
  return {
    baseUrl: apiUrl,
    userAgent: 'container-gate',
    // Octokit's own messages (deprecation notices quote response headers) go through our logger, and
    // so through the log boundary, instead of straight to the console.
    log: { debug: logger.debug, info: logger.debug, warn: logger.info, error: logger.info },
    retry: fast ? { retryAfterBaseValue: 1 } : { retries: 3 },
    throttle: {
      enabled: !fast,
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit')
    }
  }
}

/** Masks the token, then builds the client. Throws nothing for an empty token: calls will fail and warn. */
export function createGitHubClient(opts: ClientOptions): GitHubClient {
  if (opts.token) opts.setSecret(opts.token)
  return getOctokit(opts.token || 'missing-token', clientOptions(opts), retry, throttling)
}
