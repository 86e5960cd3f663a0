/**
 * Which tool versions may be asked for: the one check every version passes before anything is
 * looked up, downloaded or run. A version is canonical (a plain release number: it ends up in a
 * URL path and a tool-cache directory name, so no `latest`, no ranges, no path tricks such as
 * `v1/../../x`) and never a known-compromised release (denylist.ts). The installer only accepts a
 * ToolVersion, which only this module makes.
 */
import { badInput } from '../errors.js'
import type { InstallableTool } from '../findings/model.js'
import { deniedVersionError, denylistEntry } from './denylist.js'

/** The versions installed when the workflow names none: action.yml's defaults, which the README
 * states too. The installer's pinned digests (src/tools/pinned.ts) are for these. */
export const DEFAULT_TOOL_VERSIONS: Readonly<Record<InstallableTool, string>> = {
  trivy: '0.74.0',
  hadolint: '2.15.1',
  cosign: '3.1.3',
  gator: '3.23.0',
  kustomize: '5.8.2',
  crane: '0.22.1'
}

declare const checked: unique symbol
/** A version that passed checkToolVersion: canonical (no leading `v`) and not denylisted. */
export type ToolVersion = string & { readonly [checked]: true }

/** MAJOR.MINOR.PATCH with an optional dotted pre-release (`0.70.0-rc.1`); no build metadata. */
const STRICT_VERSION =
  /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?$/

/**
 * The canonical form of a version, or undefined when it is not one. A leading `v` is accepted
 * (`v0.74.0` is how the tags read) and dropped.
 */
export function normalizeVersion(input: string): string | undefined {
  const trimmed = input.trim()
  const candidate = trimmed.startsWith('v') ? trimmed.slice(1) : trimmed
  if (candidate.length > 64 || !STRICT_VERSION.test(candidate)) return undefined
  return candidate
}

/**
 * The version of `tool` the input asks for, checked: canonical, and not a known-compromised release.
 * Throws a ConfigurationError naming the input otherwise.
 */
export function checkToolVersion(tool: InstallableTool, raw: string, input = `${tool}-version`): ToolVersion {
  const version = normalizeVersion(raw)
  if (version === undefined) {
    throw badInput(
      input,
      raw.trim(),
      `an exact release version such as ${DEFAULT_TOOL_VERSIONS[tool]} (ranges, 'latest' and paths are not accepted, ` +
        'so the tool cannot change under you)'
    )
  }
  const denied = denylistEntry(tool, version)
  if (denied) throw deniedVersionError(denied, input)
  return version as ToolVersion
}
