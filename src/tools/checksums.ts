/**
 * Reading published SHA-256 files. The formats in use by the catalog's tools:
 *   goreleaser (trivy, cosign):   `<sha256>  <asset>`
 *   sha256sum -b (hadolint):      `<sha256> *<asset>`
 *   find | xargs sha256sum (gator): `<sha256>  ./<asset>`
 *   hadolint ≤ 2.14 `<asset>.sha256`: one such line (a bare digest is accepted for per-asset files)
 *
 * The text comes from the network, so it is parsed defensively: size-capped, only well-formed lines
 * count, and a file naming the same asset twice with different digests is refused rather than
 * resolved either way.
 */
import { ToolError } from '../errors.js'

const LINE = /^([0-9a-fA-F]{64})(?:[ \t]+\*?|[ \t]*\*)(\S(?:.*\S)?)$/
const BARE = /^([0-9a-fA-F]{64})$/

/** Checksum files are tiny; anything bigger is not one. */
export const MAX_CHECKSUM_FILE_BYTES = 1024 * 1024

/** Entries of a checksum file: asset name (without a leading `./`) → lower-case digest. */
export function parseChecksumFile(text: string): Map<string, string> {
  const entries = new Map<string, string>()
  const conflicts = new Set<string>()
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const match = LINE.exec(line)
    if (!match) continue
    const digest = match[1]!.toLowerCase()
    const name = match[2]!.replace(/^\.\//, '')
    const seen = entries.get(name)
    if (seen !== undefined && seen !== digest) conflicts.add(name)
    entries.set(name, digest)
  }
  for (const name of conflicts) entries.delete(name)
  return entries
}

/**
 * The digest a checksum file publishes for one asset. Throws a ToolError naming the file and the
 * asset when there is no usable line, so a missing entry can never fall through to "unverified".
 */
export function digestFor(text: string, asset: string, source: { file: string; perAsset: boolean }): string {
  if (Buffer.byteLength(text, 'utf8') > MAX_CHECKSUM_FILE_BYTES) {
    throw new ToolError(
      `Checksum file ${source.file} is larger than ${MAX_CHECKSUM_FILE_BYTES} bytes; refusing it.`
    )
  }
  const entries = parseChecksumFile(text)
  const named = entries.get(asset)
  if (named !== undefined) return named
  if (hasConflict(text, asset)) {
    throw new ToolError(
      `Checksum file ${source.file} lists ${asset} with two different digests; refusing to choose.`
    )
  }
  if (source.perAsset) {
    const lines = text
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(line => line !== '')
    if (lines.length === 1) {
      const bare = BARE.exec(lines[0]!)
      if (bare) return bare[1]!.toLowerCase()
    }
    if (entries.size > 0) {
      throw new ToolError(
        `Checksum file ${source.file} names ${[...entries.keys()].join(', ')}, not ${asset}; refusing it.`
      )
    }
  }
  throw new ToolError(
    `Checksum file ${source.file} has no SHA-256 line for ${asset}; refusing to install unverified.`
  )
}

function hasConflict(text: string, asset: string): boolean {
  const digests = new Set<string>()
  for (const raw of text.split(/\r?\n/)) {
    const match = LINE.exec(raw.trim())
    if (match && match[2]!.replace(/^\.\//, '') === asset) digests.add(match[1]!.toLowerCase())
  }
  return digests.size > 1
}
