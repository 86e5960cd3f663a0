/**
 * Which Dockerfile built which image, as the `image` and `image-input` lines say it:
 * `ghcr.io/acme/app:1.2 | services/app/Dockerfile`, the Dockerfile written as docker/build-push-action's
 * `file:` is (a path from the repository root). The image's findings are then shown on that
 * Dockerfile's lines (checks/image-origin). Whether the file exists is the workspace's to check.
 */
import { posix } from 'node:path'
import { badInput } from '../errors.js'

/** One `image` / `image-input` line: what to scan, and the Dockerfile it was built from, if given. */
export interface PairedLine {
  target: string
  dockerfile?: string
}

const ACCEPTED =
  'expected what to scan, optionally followed by " | " and the Dockerfile it was built from, relative to the repository root (for example ghcr.io/acme/app:1.2 | services/app/Dockerfile)'

/** Splits each line at its `|`; a line with two, or a `|` with no Dockerfile after it, is an error. */
export function pairedLines(input: 'image' | 'image-input', lines: readonly string[]): PairedLine[] {
  return lines.map(line => {
    const parts = line.split('|')
    if (parts.length === 1) return { target: line }
    const [target = '', file = ''] = parts.map(p => p.trim())
    if (parts.length > 2 || target === '' || file === '') throw badInput(input, line, ACCEPTED)
    const normalized = posix.normalize(file.replaceAll('\\', '/'))
    if (
      posix.isAbsolute(normalized) ||
      normalized === '..' ||
      normalized.startsWith('../') ||
      normalized === '.'
    )
      throw badInput(input, line, `${ACCEPTED}; the Dockerfile must be a file inside the repository`)
    return { target, dockerfile: normalized }
  })
}

/**
 * The Dockerfile of each scanned subject, keyed as the scan names it (the spelling kept after
 * repeats are dropped). One image paired with two different Dockerfiles is an error.
 */
export function dockerfilePairings(
  input: 'image' | 'image-input',
  lines: readonly PairedLine[],
  kept: readonly string[],
  keyOf: (value: string) => string
): Record<string, string> {
  const byKey = new Map<string, PairedLine>()
  for (const line of lines) {
    if (!line.dockerfile) continue
    const earlier = byKey.get(keyOf(line.target))
    if (earlier && earlier.dockerfile !== line.dockerfile)
      throw badInput(
        input,
        `${line.target} | ${line.dockerfile}`,
        `${ACCEPTED}; this image is already paired with ${earlier.dockerfile}, and one image is built from one Dockerfile`
      )
    byKey.set(keyOf(line.target), line)
  }
  const out: Record<string, string> = {}
  for (const subject of kept) {
    const file = byKey.get(keyOf(subject))?.dockerfile
    if (file) out[subject] = file
  }
  return out
}
