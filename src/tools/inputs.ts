/**
 * Validation of the tool-related action inputs, as one pure function src/inputs.ts calls with the raw
 * strings (empty string = not set). Every rejection is a ConfigurationError from badInput(), naming
 * the input, the value and what is accepted; a credential in a mirror URL is never echoed back.
 */
import { badInput } from '../errors.js'
import { INSTALLABLE_TOOLS, type InstallableTool } from '../findings/model.js'
import { CATALOG } from './catalog.js'
import { deniedVersionError, denylistEntry } from './denylist.js'
import {
  DEFAULT_TRIVY_DB_REPOSITORIES,
  DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
  parseRepositoryList
} from './trivy-db.js'
import { normalizeVersion } from './version.js'

export const TOOL_INPUT_NAMES = [
  'trivy-version',
  'hadolint-version',
  'cosign-version',
  'gator-version',
  'tool-mirror',
  'cache-db',
  'trivy-db-repository',
  'trivy-java-db-repository',
  'tool-digests',
  'trust-path-tools'
] as const
export type ToolInputName = (typeof TOOL_INPUT_NAMES)[number]

export interface ToolInputs {
  /** Canonical version per tool (defaults applied). */
  versions: Record<InstallableTool, string>
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
  inputs: ToolInputs
  /** Things worth a warning annotation that are not errors (e.g. a plain-http mirror). */
  warnings: string[]
}

export function parseToolInputs(raw: Partial<Record<ToolInputName, string>>): ParsedToolInputs {
  const warnings: string[] = []
  const versions = {} as Record<InstallableTool, string>
  for (const tool of INSTALLABLE_TOOLS) {
    const input = `${tool}-version` as ToolInputName
    versions[tool] = parseVersionInput(input, tool, raw[input])
  }
  const mirror = parseMirror(raw['tool-mirror'], warnings)
  return {
    inputs: {
      versions,
      ...(mirror !== undefined ? { mirror } : {}),
      cacheDb: parseBoolean('cache-db', raw['cache-db'], true),
      digests: parseDigests(raw['tool-digests']),
      trustPathTools: parseBoolean('trust-path-tools', raw['trust-path-tools'], false),
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

function parseVersionInput(input: ToolInputName, tool: InstallableTool, value: string | undefined): string {
  const given = orDefault(value)
  if (given === undefined) return CATALOG[tool].defaultVersion
  const version = normalizeVersion(given)
  if (version === undefined) {
    throw badInput(
      input,
      given,
      `an exact release version such as ${CATALOG[tool].defaultVersion} (ranges, 'latest' and paths are not accepted, ` +
        'so the tool cannot change under you)'
    )
  }
  const denied = denylistEntry(tool, version)
  if (denied) throw deniedVersionError(denied, input)
  return version
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

/** YAML 1.2 core-schema booleans, as @actions/core getBooleanInput accepts them. */
export function parseBoolean(input: string, value: string | undefined, fallback: boolean): boolean {
  const given = orDefault(value)
  if (given === undefined) return fallback
  if (['true', 'True', 'TRUE'].includes(given)) return true
  if (['false', 'False', 'FALSE'].includes(given)) return false
  throw badInput(input, given, 'true or false')
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
