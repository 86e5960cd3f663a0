/**
 * The one way the action reads a file it did not write: the policy file, Trivy's ignore files,
 * Dockerfiles, manifests, Gatekeeper policies and imported reports. A pull request decides what
 * those paths hold, so a path may be a symbolic link to a runner secret, a FIFO that never ends, or
 * /dev/zero. Every read here:
 *
 * - resolves the real path (links followed) and, for a repository file, refuses it unless it is
 *   inside the workspace's real path;
 * - opens that path without following a link again (O_NOFOLLOW) and without blocking on a FIFO
 *   (O_NONBLOCK), then checks the opened file itself (fstat): only a regular file is read;
 * - reads at most the limit (plus one byte, to tell "exactly the limit" from "more"), whatever size
 *   the file claims: /proc files say 0 and are not.
 *
 * The outcome is data: what to do with a missing or too-large file is the caller's to decide (a
 * default, a CG-NOT-CHECKED finding, an error naming the input).
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats
} from 'node:fs'
import path from 'node:path'
import { ConfigurationError } from '../errors.js'

const MiB = 1024 * 1024

/** Size limits by what a file is; each is far above anything written by hand. */
export const READ_LIMITS = {
  /** The policy file and Trivy's ignore files. */
  config: 1 * MiB,
  /** Dockerfiles, Kubernetes manifests, Gatekeeper policies, files fingerprinted for SARIF. */
  source: 5 * MiB,
  /** Imported Trivy and hadolint JSON reports: a large image's report runs to hundreds of MiB (the
   * benchmarks parse 234 MiB), and a JavaScript string cannot hold much more than 512 MiB. */
  report: 500 * MiB
} as const

export type ReadProblem =
  /** Nothing at that path. */
  | 'missing'
  /** A symbolic link whose target does not exist (or a loop of links). */
  | 'broken-link'
  /** The real path is outside the workspace. */
  | 'outside'
  /** A directory, FIFO, device or socket. */
  | 'not-regular'
  | 'too-large'
  /** Permission denied, I/O error. */
  | 'unreadable'

export type ReadResult =
  | { ok: true; text: string; realPath: string; bytes: number }
  | {
      ok: false
      problem: ReadProblem
      /** Says what is wrong, completing "<file> ...": "is a directory, not a file". Never the
       * file's content, nor where a link leads. */
      detail: string
      /** Set when the path resolved (for de-duplication and messages). */
      realPath?: string
    }

export interface ReadOptions {
  /** The workspace: relative paths are resolved against it. */
  workspace: string
  maxBytes: number
  /**
   * 'workspace': a repository file, which must resolve inside the workspace.
   * 'given-path': a path the workflow wrote. Relative, or absolute but inside the workspace: the
   * same as 'workspace'. Absolute outside the workspace (a report an earlier step wrote to
   * RUNNER_TEMP): allowed, still only a regular file under the limit.
   */
  scope: 'workspace' | 'given-path'
  /** How the bytes become text (default UTF-8); manifests are decoded as kubectl does (UTF-16 BOMs). */
  decode?: (bytes: Buffer) => string
}

const CHUNK = MiB

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  if (stats.isSocket()) return 'a socket'
  return 'not a regular file'
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MiB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`
  return `${bytes} bytes`
}

/** A read that failed for a reason the file system gave (permission denied, I/O error). */
function unreadable(error: unknown, realPath?: string): Extract<ReadResult, { ok: false }> {
  const detail = `cannot be read (${errnoOf(error) ?? 'error'})`
  return realPath === undefined
    ? { ok: false, problem: 'unreadable', detail }
    : { ok: false, problem: 'unreadable', detail, realPath }
}

function tooLarge(limit: number, realPath: string, size?: number): Extract<ReadResult, { ok: false }> {
  const shown = size === undefined ? undefined : formatBytes(size)
  const measured = shown !== undefined && shown !== formatBytes(limit) ? `${shown}, ` : ''
  return {
    ok: false,
    problem: 'too-large',
    detail: `is larger than the ${formatBytes(limit)} limit (${measured}not read)`,
    realPath
  }
}

/** Resolves where a path really leads, refusing what lies outside the workspace when it must. */
function resolveReal(file: string, options: ReadOptions): { realPath: string } | ReadResult {
  const workspace = path.resolve(options.workspace)
  const absolute = path.resolve(workspace, file)
  const confined = options.scope === 'workspace' || !path.isAbsolute(file) || isInside(absolute, workspace)
  if (confined && !isInside(absolute, workspace))
    return { ok: false, problem: 'outside', detail: 'is outside the workspace' }
  try {
    lstatSync(absolute)
  } catch (error) {
    const code = errnoOf(error)
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { ok: false, problem: 'missing', detail: 'does not exist' }
    return unreadable(error)
  }
  let realPath: string
  try {
    realPath = realpathSync.native(absolute)
  } catch (error) {
    const code = errnoOf(error)
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR')
      return { ok: false, problem: 'broken-link', detail: 'is a symbolic link that leads nowhere' }
    return unreadable(error)
  }
  if (confined && !isInside(realPath, realpathSync.native(workspace))) {
    return {
      ok: false,
      problem: 'outside',
      detail: 'is a symbolic link (or lies under one) that leads outside the workspace'
    }
  }
  return { realPath }
}

/** Reads at most `limit + 1` bytes from an open regular file. */
function readBounded(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = []
  let total = 0
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total))
    const n = readSync(fd, chunk, 0, chunk.length, null)
    if (n === 0) break
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n))
    total += n
    if (total > limit) break
  }
  return Buffer.concat(chunks, total)
}

type Opened = { fd: number; realPath: string } | Extract<ReadResult, { ok: false }>

/** Resolves and opens a file the way every read here does; the caller closes the descriptor. */
function openChecked(file: string, options: ReadOptions): Opened {
  const resolved = resolveReal(file, options)
  if ('ok' in resolved) return resolved as Extract<ReadResult, { ok: false }>
  const { realPath } = resolved
  let fd: number
  try {
    // O_NOFOLLOW: the real path has no links left; one swapped in since is refused, not followed.
    fd = openSync(realPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = errnoOf(error)
    if (code === 'ELOOP')
      return {
        ok: false,
        problem: 'outside',
        detail: 'changed into a symbolic link while being read',
        realPath
      }
    if (code === 'EISDIR')
      return { ok: false, problem: 'not-regular', detail: 'is a directory, not a file', realPath }
    return unreadable(error, realPath)
  }
  try {
    const stats = fstatSync(fd)
    const refused = !stats.isFile()
      ? ({ ok: false, problem: 'not-regular', detail: `is ${kindOf(stats)}, not a file`, realPath } as const)
      : stats.size > options.maxBytes
        ? tooLarge(options.maxBytes, realPath, stats.size)
        : undefined
    if (refused) {
      closeSync(fd)
      return refused as Extract<ReadResult, { ok: false }>
    }
  } catch (error) {
    closeSync(fd)
    return unreadable(error, realPath)
  }
  return { fd, realPath }
}

/** Reads a text file the action was pointed at; see the module comment for what is refused. */
export function readFileSafely(file: string, options: ReadOptions): ReadResult {
  const opened = openChecked(file, options)
  if ('ok' in opened) return opened
  const { fd, realPath } = opened
  try {
    const bytes = readBounded(fd, options.maxBytes)
    if (bytes.length > options.maxBytes) return tooLarge(options.maxBytes, realPath)
    return {
      ok: true,
      text: options.decode ? options.decode(bytes) : bytes.toString('utf8'),
      realPath,
      bytes: bytes.length
    }
  } catch (error) {
    return unreadable(error, realPath)
  } finally {
    closeSync(fd)
  }
}

export type ChunkedReadResult =
  { ok: true; realPath: string; bytes: number; skipped: boolean } | Extract<ReadResult, { ok: false }>

/**
 * Reads a file as readFileSafely does, refusing the same things, but hands it over in chunks of at
 * most 1 MiB instead of as one text, for reports too large to hold twice; a chunk is only valid
 * during the call (the next read reuses its memory). `start` is told the real
 * path before any byte is read and returns what takes the chunks, or undefined to skip the file (a
 * file already read under another name). A file that grows past the limit while it is read ends as
 * 'too-large' after the chunks up to the limit were given.
 */
export function readFileChunksSafely(
  file: string,
  options: Omit<ReadOptions, 'decode'>,
  start: (realPath: string) => ((chunk: Buffer) => void) | undefined
): ChunkedReadResult {
  const opened = openChecked(file, options)
  if ('ok' in opened) return opened
  const { fd, realPath } = opened
  try {
    const consume = start(realPath)
    if (!consume) return { ok: true, realPath, bytes: 0, skipped: true }
    let total = 0
    // One buffer for every chunk: `consume` must not keep it.
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, options.maxBytes + 1))
    for (;;) {
      let n: number
      try {
        n = readSync(fd, chunk, 0, Math.min(chunk.length, options.maxBytes + 1 - total), null)
      } catch (error) {
        return unreadable(error, realPath)
      }
      if (n === 0) break
      total += n
      if (total > options.maxBytes) return tooLarge(options.maxBytes, realPath)
      // What the consumer throws (a report that is not valid JSON) is the caller's to explain.
      consume(chunk.subarray(0, n))
    }
    return { ok: true, realPath, bytes: total, skipped: false }
  } finally {
    closeSync(fd)
  }
}

/**
 * Checks a path a tool will open itself (an `image-input` tarball or OCI layout directory) the way
 * readFileSafely would before reading: where it really leads, and that it is a regular file or a
 * directory (a link to /dev/zero would keep Trivy reading until its timeout).
 */
export function checkToolPath(
  file: string,
  options: Omit<ReadOptions, 'maxBytes'>
): { ok: true; realPath: string } | Extract<ReadResult, { ok: false }> {
  const resolved = resolveReal(file, { ...options, maxBytes: 0 })
  if ('ok' in resolved) return resolved as Extract<ReadResult, { ok: false }>
  const { realPath } = resolved
  try {
    const stats = lstatSync(realPath)
    if (stats.isFile() || stats.isDirectory()) return { ok: true, realPath }
    return {
      ok: false,
      problem: 'not-regular',
      detail: `is ${kindOf(stats)}, not a file or directory`,
      realPath
    }
  } catch (error) {
    return unreadable(error, realPath)
  }
}

/**
 * The error for a refused read, naming what the user wrote: `label` is the input and value
 * (`Input 'report': "r.json"`) or the repository file (`.trivyignore`).
 */
export function refusedRead(
  label: string,
  result: Extract<ReadResult, { ok: false }>,
  accepted: string
): ConfigurationError {
  const why =
    result.problem === 'outside'
      ? ' container-gate reads repository files only inside the workspace, so a pull request cannot make it read the runner’s files.'
      : ''
  return new ConfigurationError(`${label} ${result.detail}.${why} ${accepted}`.trim())
}
