/**
 * Turns a failed GitHub call into one warning. Publishing never fails the step: a fork's read-only
 * token, Dependabot's token, a workflow without `permissions:` for the feature, or a repository
 * without code scanning must leave the verdict and outputs as they are. The warning names the
 * permission to add (or says code scanning is off) so the fix is one line of workflow.
 */
import type { Permission, PublishWarning } from './types.js'

/** What we read from an Octokit RequestError (never its `request`, which carries the token). */
export interface HttpFailure {
  status?: number
  message: string
}

/** GraphQL answers 200 with typed errors; read them as the HTTP status they stand for. */
const GRAPHQL_STATUS: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, UNAUTHORIZED: 401 }

export function httpFailure(error: unknown): HttpFailure {
  const graphqlErrors = (error as { errors?: unknown } | null)?.errors
  if (
    Array.isArray(graphqlErrors) &&
    graphqlErrors.length > 0 &&
    (error as { status?: unknown }).status === undefined
  ) {
    const first = graphqlErrors[0] as { type?: unknown; message?: unknown }
    return {
      status: typeof first.type === 'string' ? GRAPHQL_STATUS[first.type] : undefined,
      message: redact(typeof first.message === 'string' ? first.message : String(error))
    }
  }
  if (error && typeof error === 'object') {
    const e = error as { status?: unknown; message?: unknown; response?: { data?: unknown } }
    const data = e.response?.data as { message?: unknown } | undefined
    const message =
      typeof data?.message === 'string'
        ? data.message
        : typeof e.message === 'string'
          ? e.message
          : String(error)
    return { status: typeof e.status === 'number' ? e.status : undefined, message: redact(message) }
  }
  return { message: redact(String(error)) }
}

/** Tokens never appear in GitHub's messages, but a proxy's might echo a header: scrub anything token-like. */
function redact(text: string): string {
  return text
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,}|v1\.[0-9a-f]{40})\b/g, '***')
    .slice(0, 500)
}

/** True when the failure means "not allowed" rather than "broken": the caller should warn and move on. */
function isPermissionFailure(f: HttpFailure): boolean {
  if (f.status === 403) return !/rate limit/i.test(f.message)
  if (f.status === 404) return true
  return false
}

/** Code scanning is unavailable (not enabled, no GitHub Code Security on a private repository). */
function isCodeScanningDisabled(f: HttpFailure): boolean {
  return (
    (f.status === 403 || f.status === 404) &&
    /(advanced security|code security|code scanning is not enabled|code scanning is disabled|not enabled for this repository)/i.test(
      f.message
    )
  )
}

const FEATURE_TEXT: Record<PublishWarning['feature'], string> = {
  'sarif-upload': 'Uploading SARIF to code scanning',
  'sarif-processing': 'Checking the SARIF upload',
  comment: 'Updating the pull-request comment',
  'first-seen': 'Reading code-scanning alerts for first-seen dates',
  'base-alerts': "Reading the base branch's code-scanning alerts"
}

/**
 * One warning for a failed call. Permission failures name `permission`; a fork pull request says
 * why the permission cannot be granted; anything else reports the status and message.
 */
export function warningFor(
  feature: PublishWarning['feature'],
  error: unknown,
  permission: Permission,
  opts: { fromFork?: boolean } = {}
): PublishWarning {
  const f = httpFailure(error)
  const what = FEATURE_TEXT[feature]
  if (isCodeScanningDisabled(f)) {
    return {
      feature,
      message: `${what} was skipped: code scanning is not enabled for this repository (${f.message}).`
    }
  }
  if (isPermissionFailure(f)) {
    const why = opts.fromFork
      ? 'pull requests from forks get a read-only token'
      : `the token lacks \`${permission}\` (add it to the workflow's \`permissions:\`)`
    return {
      feature,
      permission,
      message: `${what} was skipped: ${why}. GitHub said: ${f.status} ${f.message}`
    }
  }
  return { feature, message: `${what} failed: ${f.status ?? 'network error'} ${f.message}` }
}
