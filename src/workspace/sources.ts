/**
 * Reading the repository files in scope (Dockerfiles, manifests) through the safe read: inside the
 * workspace, regular files, under READ_LIMITS.source (hand-written files are far smaller, and a
 * limit keeps a hostile file from exhausting the runner). Nothing is dropped: a file that cannot be
 * read comes back with the reason, for the check to report as CG-NOT-CHECKED (never a silent pass).
 */
import { READ_LIMITS, readFileSafely, type ReadProblem } from './safe-read.js'

/** A Dockerfile or manifest that was read, or why it could not be (too large, unreadable...). */
type SourceRead = { path: string; text: string } | { path: string; problem: ReadProblem; detail: string }

/** Reads repository files found by listFiles, each through the safe read. */
function readSourceFiles(
  workspace: string,
  paths: readonly string[],
  decode?: (bytes: Buffer) => string
): SourceRead[] {
  return paths.map(path => {
    const result = readFileSafely(path, {
      workspace,
      maxBytes: READ_LIMITS.source,
      scope: 'workspace',
      decode
    })
    return result.ok ? { path, text: result.text } : { path, problem: result.problem, detail: result.detail }
  })
}

/**
 * The files among `paths` the safe read accepts: what may be handed to a tool that opens them itself
 * (hadolint would follow a link to /dev/zero, or out of the workspace).
 */
export function readableFiles(workspace: string, paths: readonly string[]): string[] {
  return readSourceFiles(workspace, paths)
    .filter(read => 'text' in read)
    .map(read => read.path)
}

/** The texts of the files that could be read, and why the others could not. */
export interface SourceTexts {
  texts: Array<{ path: string; text: string }>
  /** Files that could not be read, and why ("is larger than the 5 MiB limit ..."). */
  unread: Array<{ file: string; reason: string }>
}

/** Reads the files; `decode` turns bytes into text (manifests are decoded as kubectl decodes them). */
export function readSources(
  workspace: string,
  paths: readonly string[],
  decode?: (bytes: Buffer) => string
): SourceTexts {
  const out: SourceTexts = { texts: [], unread: [] }
  for (const read of readSourceFiles(workspace, paths, decode)) {
    if ('text' in read) out.texts.push(read)
    else out.unread.push({ file: read.path, reason: `it ${read.detail}` })
  }
  return out
}
