/**
 * Tool version strings: the strict shape the installer accepts, and ordering for the catalog's
 * version boundaries (hadolint renamed its assets at 2.13.1 and changed its checksum file at 2.15.0).
 *
 * The version ends up in a URL path and a tool-cache directory name, so anything that is not a plain
 * release number is refused: no `latest`, no ranges, no path tricks such as `v1/../../x`.
 */

/** MAJOR.MINOR.PATCH with an optional dotted pre-release (`0.70.0-rc.1`); no build metadata. */
const STRICT_VERSION =
  /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?$/

/**
 * The canonical form of a version input, or undefined when it is not one. A leading `v` is accepted
 * (`v0.74.0` is how the tags read) and dropped.
 */
export function normalizeVersion(input: string): string | undefined {
  const trimmed = input.trim()
  const candidate = trimmed.startsWith('v') ? trimmed.slice(1) : trimmed
  if (candidate.length > 64 || !STRICT_VERSION.test(candidate)) return undefined
  return candidate
}

/** Whether a string is already a canonical version (what normalizeVersion returns). */
export function isCanonicalVersion(version: string): boolean {
  return version.length <= 64 && STRICT_VERSION.test(version)
}

/** Compares two canonical versions: negative, zero or positive. A pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const pa = STRICT_VERSION.exec(a)
  const pb = STRICT_VERSION.exec(b)
  if (!pa || !pb) throw new Error(`Not a version: ${!pa ? a : b}`)
  for (let i = 1; i <= 3; i++) {
    const diff = Number(pa[i]) - Number(pb[i])
    if (diff !== 0) return diff
  }
  const preA = pa[4]
  const preB = pb[4]
  if (preA === preB) return 0
  if (preA === undefined) return 1
  if (preB === undefined) return -1
  const partsA = preA.split('.')
  const partsB = preB.split('.')
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const x = partsA[i]
    const y = partsB[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const nx = /^\d+$/.test(x) ? Number(x) : undefined
    const ny = /^\d+$/.test(y) ? Number(y) : undefined
    if (nx !== undefined && ny !== undefined && nx !== ny) return nx - ny
    if (nx !== undefined && ny === undefined) return -1
    if (nx === undefined && ny !== undefined) return 1
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/** a >= b */
export function atLeast(a: string, b: string): boolean {
  return compareVersions(a, b) >= 0
}
