/**
 * `partialFingerprints.primaryLocationLineHash` for results in repository files, computed the way
 * github/codeql-action does (src/fingerprints.ts there), so code scanning keeps an alert's identity
 * when lines above it move. Only results whose primary location is an existing file under the
 * workspace get one; image findings point at pseudo-paths and are left alone.
 *
 * The hash of a line is a rolling polynomial hash (base 37, modulo 2^64) over the 100 characters
 * that start at the line, with spaces and tabs skipped, every line ending normalized to '\n', and an
 * end-of-input marker (65535) followed by zeros so lines near the end still have 100 characters.
 * Identical hashes are told apart by a running count: "<hex>:<n>".
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { SarifLog } from '../report/sarif-types.js'
import { READ_LIMITS, readFileSafely } from '../workspace/safe-read.js'

const WINDOW = 100
const BASE = 37n
const MASK = (1n << 64n) - 1n
const TAB = 9
const LF = 10
const CR = 13
const SPACE = 32
const END = 65535

/** 37^100 mod 2^64: the weight of the character leaving the window. */
const LEAVING = (() => {
  let v = 1n
  for (let i = 0; i < WINDOW; i++) v = (v * BASE) & MASK
  return v
})()

/** Hashes of every line of `text`, in order: element i belongs to line i + 1. */
export function lineHashes(text: string): string[] {
  const window = new Array<number>(WINDOW).fill(0)
  const lineAt = new Array<number>(WINDOW).fill(-1)
  const seen = new Map<string, number>()
  const out: string[] = []
  let hash = 0n
  let index = 0
  let line = 0
  let atLineStart = true
  let afterCR = false

  const emit = () => {
    const hex = hash.toString(16)
    const n = (seen.get(hex) ?? 0) + 1
    seen.set(hex, n)
    out[(lineAt[index] as number) - 1] = `${hex}:${n}`
    lineAt[index] = -1
  }
  const push = (c: number) => {
    const leaving = window[index] as number
    window[index] = c
    hash = (BASE * hash + BigInt(c) - LEAVING * BigInt(leaving)) & MASK
    index = (index + 1) % WINDOW
  }
  const take = (c: number) => {
    if (c === SPACE || c === TAB || (afterCR && c === LF)) {
      afterCR = false
      return
    }
    afterCR = c === CR
    if (c === CR) c = LF
    // The window has come round to a line's first character: 100 characters of it are hashed.
    if (lineAt[index] !== -1) emit()
    if (atLineStart) {
      atLineStart = false
      line++
      lineAt[index] = line
    }
    if (c === LF) atLineStart = true
    push(c)
  }

  for (let i = 0; i < text.length; i++) take(text.charCodeAt(i))
  take(END)
  for (let i = 0; i < WINDOW; i++) {
    if (lineAt[index] !== -1) emit()
    push(0)
  }
  return out
}

/** The repository file a SARIF URI names, or undefined when it is not an existing file in `root`. */
export function repositoryFile(uri: string, root: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(uri)
  } catch {
    return undefined
  }
  if (decoded.startsWith('file://')) decoded = decoded.slice('file://'.length)
  if (decoded.includes('://')) return undefined
  const rootAbs = path.resolve(root)
  const abs = path.resolve(rootAbs, decoded)
  if (abs !== rootAbs && !abs.startsWith(rootAbs + path.sep)) return undefined
  try {
    return existsSync(abs) && statSync(abs).isFile() ? abs : undefined
  } catch {
    return undefined
  }
}

/** A repository file's text for hashing, read like every repository file (inside the workspace
 * once links are followed, a regular file, size-limited): a result cannot make us hash a secret. */
function repositoryText(file: string, root: string): string {
  const read = readFileSafely(file, { workspace: root, maxBytes: READ_LIMITS.source, scope: 'workspace' })
  if (!read.ok) throw new Error(`${file} ${read.detail}`)
  return read.text
}

/**
 * Adds primaryLocationLineHash to every result located in a repository file (in place; returns the
 * number of results fingerprinted). Each file is read and hashed once. An existing, different
 * fingerprint is kept: whoever wrote it knew better.
 */
export function addLineHashes(
  sarif: SarifLog,
  root: string,
  read = (file: string) => repositoryText(file, root)
): number {
  const hashes = new Map<string, string[] | undefined>()
  let count = 0
  for (const run of sarif.runs) {
    for (const result of run.results) {
      const loc = result.locations[0]?.physicalLocation
      if (!loc?.region?.startLine) continue
      const file = repositoryFile(loc.artifactLocation.uri, root)
      if (!file) continue
      if (!hashes.has(file)) {
        try {
          hashes.set(file, lineHashes(read(file)))
        } catch {
          hashes.set(file, undefined)
        }
      }
      const value = hashes.get(file)?.[loc.region.startLine - 1]
      if (!value) continue
      result.partialFingerprints ??= {}
      result.partialFingerprints.primaryLocationLineHash ??= value
      count++
    }
  }
  return count
}
