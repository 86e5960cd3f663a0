/**
 * The tool-related inputs: which versions to install, from where, how they are verified, and where
 * Trivy's databases come from. A credential in a mirror URL is never echoed back.
 */
import { badInput } from '../errors.js'
import { INSTALLABLE_TOOLS, type InstallableTool } from '../findings/model.js'
import { checkToolVersion, DEFAULT_TOOL_VERSIONS, type ToolVersion } from './tool-versions.js'
import { booleanInput } from './values.js'

export const TOOL_INPUT_NAMES = [
  'trivy-version',
  'hadolint-version',
  'cosign-version',
  'gator-version',
  'kustomize-version',
  'crane-version',
  'tool-mirror',
  'cache-db',
  'trivy-db-repository',
  'trivy-java-db-repository',
  'tool-digests',
  'trust-path-tools'
] as const
export type ToolInputName = (typeof TOOL_INPUT_NAMES)[number]

/**
 * Trivy ≥ 0.56 takes `--db-repository` / `--java-db-repository` as a list tried in order
 * (pkg/flag/db_flags.go: "OCI repository(ies) to retrieve trivy-db in order of priority"), defaulting
 * to mirror.gcr.io then ghcr.io (pkg/db/db.go, pkg/javadb/client.go); action.yml says the same.
 */
export const DEFAULT_TRIVY_DB_REPOSITORIES: readonly string[] = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2'
]
export const DEFAULT_TRIVY_JAVA_DB_REPOSITORIES: readonly string[] = [
  'mirror.gcr.io/aquasec/trivy-java-db:1',
  'ghcr.io/aquasecurity/trivy-java-db:1'
]

export interface ToolSettings {
  /** The checked version per tool (defaults applied). */
  versions: Record<InstallableTool, ToolVersion>
  /** Base URL replacing https://github.com for downloads, without a trailing slash. */
  mirror?: string
  cacheDb: boolean
  /** Trivy DB repositories, in the order Trivy tries them. */
  trivyDbRepositories: string[]
  trivyJavaDbRepositories: string[]
  /** SHA-256 per release asset name from the `tool-digests` input (empty when not given). */
  digests: ReadonlyMap<string, string>
  /** The `trust-path-tools` input: a tool already on PATH may be run (its version command first)
   * and used. False by default: nothing from PATH runs, every tool is verified by SHA-256. */
  trustPathTools: boolean
}

export interface ParsedToolInputs {
  settings: ToolSettings
  /** Things worth a warning annotation that are not errors (e.g. a plain-http mirror). */
  warnings: string[]
}

/** The tool inputs (raw strings, empty or absent = not set), validated. */
export function parseToolInputs(raw: Partial<Record<ToolInputName, string>>): ParsedToolInputs {
  const warnings: string[] = []
  const versions = {} as Record<InstallableTool, ToolVersion>
  for (const tool of INSTALLABLE_TOOLS) {
    const given = orDefault(raw[`${tool}-version`])
    versions[tool] = checkToolVersion(tool, given ?? DEFAULT_TOOL_VERSIONS[tool])
  }
  const mirror = parseMirror(raw['tool-mirror'], warnings)
  return {
    settings: {
      versions,
      ...(mirror !== undefined ? { mirror } : {}),
      cacheDb: booleanInput('cache-db', raw['cache-db'] ?? '', true),
      digests: parseDigests(raw['tool-digests']),
      trustPathTools: booleanInput('trust-path-tools', raw['trust-path-tools'] ?? '', false),
      trivyDbRepositories: parseRepositoryList(
        'trivy-db-repository',
        orDefault(raw['trivy-db-repository']) ?? DEFAULT_TRIVY_DB_REPOSITORIES.join(',')
      ),
      trivyJavaDbRepositories: parseRepositoryList(
        'trivy-java-db-repository',
        orDefault(raw['trivy-java-db-repository']) ?? DEFAULT_TRIVY_JAVA_DB_REPOSITORIES.join(',')
      )
    },
    warnings
  }
}

function orDefault(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** The mirror base URL, normalized; credentials in it are refused without echoing them. */
export function parseMirror(value: string | undefined, warnings: string[] = []): string | undefined {
  const given = orDefault(value)
  if (given === undefined) return undefined
  let url: URL
  try {
    url = new URL(given)
  } catch {
    throw badInput(
      'tool-mirror',
      redact(given),
      'an http(s) base URL such as https://artifacts.example.com/github'
    )
  }
  if (url.username || url.password) {
    url.username = url.username ? '***' : ''
    url.password = url.password ? '***' : ''
    throw badInput(
      'tool-mirror',
      url.toString(),
      "a URL without credentials (put a token in the mirror's own access rules or a proxy, never in the workflow file)"
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badInput('tool-mirror', given, 'an http:// or https:// URL')
  }
  if (url.search || url.hash) {
    throw badInput('tool-mirror', given, 'a base URL without a query string or fragment')
  }
  if (url.protocol === 'http:') {
    warnings.push(
      `tool-mirror ${url.origin} is plain http: downloads of the default versions are still checked against digests ` +
        'pinned in container-gate, but other versions are only as trustworthy as the checksum file that mirror serves.'
    )
  }
  return url.toString().replace(/\/+$/, '')
}

/** Hides anything that looks like userinfo in a string that did not even parse as a URL. */
function redact(value: string): string {
  return value.replace(/\/\/[^/@]*@/, '//***@')
}

/**
 * The `tool-digests` input: lines of "<sha256>  <asset>" (the format of sha256sum and of the tools'
 * own checksum files, `*` and `./` prefixes accepted). A listed asset is verified against this digest
 * instead of the pinned one or the release's checksum file.
 */
export function parseDigests(value: string | undefined): Map<string, string> {
  const digests = new Map<string, string>()
  const lines = (value ?? '')
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '')
  for (const line of lines) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(?:\.\/)?([^\s/\\]+)$/.exec(line)
    if (!match) {
      throw badInput(
        'tool-digests',
        line,
        'expected lines of "<sha256>  <asset file name>", as sha256sum and the release checksum files print them'
      )
    }
    digests.set(match[2]!, match[1]!.toLowerCase())
  }
  return digests
}

// registry[:port]/path[:tag][@sha256:digest] — the OCI reference grammar, without a scheme.
const REFERENCE =
  /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/

/** A comma- or newline-separated list of OCI repositories, order kept, duplicates dropped. */
export function parseRepositoryList(input: string, value: string): string[] {
  const items = value
    .split(/[,\n]/)
    .map(item => item.trim())
    .filter(item => item !== '')
  if (items.length === 0) throw badInput(input, value, 'one or more registry references separated by commas')
  for (const item of items) {
    if (!REFERENCE.test(item)) {
      throw badInput(
        input,
        item,
        'registry references such as ghcr.io/aquasecurity/trivy-db:2, separated by commas (no https://)'
      )
    }
  }
  return [...new Set(items)]
}
