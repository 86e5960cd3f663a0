/**
 * Shared vocabulary of the GitHub side: the run context read once from the environment, and the
 * warnings publishing returns instead of failing.
 */

/** The permissions the action's features need; a warning names the one that was missing. */
export type Permission =
  'security-events: write' | 'security-events: read' | 'pull-requests: write' | 'contents: read'

/**
 * Something publishing could not do. Never a failure: the verdict, outputs and summary stand.
 * `permission` is set when the cause was a missing permission or a read-only (fork) token.
 */
export interface PublishWarning {
  feature: 'sarif-upload' | 'sarif-processing' | 'comment' | 'first-seen' | 'base-alerts'
  message: string
  permission?: Permission
}

/** Facts about the workflow run, read once from GITHUB_* variables and the event payload. */
export interface RunContext {
  owner: string
  repo: string
  eventName: string
  /** GITHUB_SHA: for pull_request events the merge commit GitHub made. */
  sha: string
  /** GITHUB_REF: refs/heads/main, refs/pull/12/merge... */
  ref: string
  workflow: string
  job: string
  runId: string
  /** https://github.com or the GHES host: for links people click. */
  serverUrl: string
  /** https://api.github.com or https://<ghes>/api/v3. */
  apiUrl: string
  /** GITHUB_WORKSPACE: where repository files (for fingerprints) live. */
  workspace: string
  /**
   * The repository's default branch (main), from the event payload: the branch first-seen dates are
   * read from, and the one whose alerts a pull request into it shares with them.
   */
  defaultBranch?: string
  /** Set for pull_request and pull_request_target events. */
  pullRequest?: {
    number: number
    headSha: string
    /** Base branch name (main), for comparing with the base branch's alerts. */
    baseRef: string
    /** True when the head repository differs from this one: the token is read-only. */
    fromFork: boolean
  }
}
