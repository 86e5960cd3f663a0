/**
 * Where Trivy fetches its databases from, and what to say when it cannot: one `--db-repository` /
 * `--java-db-repository` flag per repository the inputs list (src/inputs/tools.ts), in the order
 * Trivy tries them; and, when every one failed, an error that names them, says why each failed and
 * how to stop depending on public registries.
 */
import { ToolError } from '../../errors.js'

/** Trivy's flags for the DB repositories, one flag per repository, in priority order. */
export function trivyDbArgs(
  repositories: readonly string[],
  javaRepositories: readonly string[] = []
): string[] {
  const args: string[] = []
  for (const repository of repositories) args.push('--db-repository', repository)
  for (const repository of javaRepositories) args.push('--java-db-repository', repository)
  return args
}

type DbKind = 'vulnerability' | 'java'

interface Attempt {
  repository: string
  problem: string
}

const FAILED_ARTIFACT =
  /\[(vulndb|javadb|db)\][^\n]*?Failed to download artifact[^\n]*?repo="([^"]+)"[^\n]*?err="((?:[^"\\]|\\.)*)"/g

const LAST_REPOSITORY = /failed to download artifact from (?!any source)(\S+): ([\s\S]*)$/

/** A short, actionable reading of a registry error. */
export function classifyRegistryError(text: string): string {
  if (/TOOMANYREQUESTS|\b429\b|rate.?limit/i.test(text)) return 'rate limited (TOOMANYREQUESTS)'
  if (/UNAUTHORIZED|DENIED|\b401\b|\b403\b|authentication required/i.test(text)) return 'access denied'
  if (/MANIFEST_UNKNOWN|NAME_UNKNOWN|\b404\b|not found/i.test(text)) return 'not found'
  if (
    /no such host|i\/o timeout|connection refused|connection reset|TLS handshake|dial tcp|\bEOF\b/i.test(text)
  ) {
    return 'unreachable'
  }
  const oneLine = text.replace(/\\n|\\t|\s+/g, ' ').trim()
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine
}

/**
 * Turns Trivy's stderr after a failed DB download into an error that says which repositories were
 * tried, why each failed, and how to stop depending on them. Undefined when stderr shows no DB
 * download failure (the caller then reports Trivy's own error).
 */
export function explainTrivyDbFailure(
  stderr: string,
  configured: { db: readonly string[]; javaDb: readonly string[] }
): ToolError | undefined {
  const attempts: Record<DbKind, Attempt[]> = { vulnerability: [], java: [] }
  for (const match of stderr.matchAll(FAILED_ARTIFACT)) {
    const kind: DbKind = match[1] === 'javadb' ? 'java' : 'vulnerability'
    attempts[kind].push({ repository: match[2]!, problem: classifyRegistryError(match[3]!) })
  }
  const vulnFailed = /failed to download vulnerability DB/i.test(stderr)
  const javaFailed = /Java DB (update|open) (error|failed)|failed to download Java DB/i.test(stderr)
  let kind: DbKind
  if (vulnFailed) kind = 'vulnerability'
  else if (javaFailed) kind = 'java'
  else return undefined
  // The last repository's error is only in the fatal line: "failed to download artifact from <repo>: <error>".
  const last = LAST_REPOSITORY.exec(stderr)
  if (last && !attempts[kind].some(attempt => attempt.repository === last[1])) {
    attempts[kind].push({ repository: last[1]!, problem: classifyRegistryError(last[2]!.slice(0, 600)) })
  }

  const tried =
    attempts[kind].length > 0
      ? attempts[kind]
      : (kind === 'java' ? configured.javaDb : configured.db).map(repository => ({
          repository,
          problem: classifyRegistryError(stderr)
        }))
  const what = kind === 'java' ? 'Java index database' : 'vulnerability database'
  const source = kind === 'java' ? 'ghcr.io/aquasecurity/trivy-java-db:1' : 'ghcr.io/aquasecurity/trivy-db:2'
  const input = kind === 'java' ? 'trivy-java-db-repository' : 'trivy-db-repository'
  const target = kind === 'java' ? 'trivy-java-db:1' : 'trivy-db:2'
  return new ToolError(
    `Trivy could not download its ${what} and no cached copy was usable. Repositories tried, in order: ` +
      tried.map(attempt => `${attempt.repository} (${attempt.problem})`).join(', ') +
      `. To stop depending on public registries, copy the DB into a registry you control, e.g. ` +
      `'oras cp ${source} <your-registry>/${target}' or 'crane copy ${source} <your-registry>/${target}', ` +
      `then set the input ${input} to '<your-registry>/${target}' (a comma-separated list is tried in order). ` +
      `Keep cache-db: true so later runs reuse the DB instead of downloading it.`
  )
}
