/**
 * Finding files in the repository: Dockerfiles by glob, Kubernetes manifests under config paths.
 * Walks the tree itself (no shell globbing) and never descends into .git or node_modules.
 */
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { minimatch } from 'minimatch'
import { ConfigurationError } from '../errors.js'

/** The `dockerfile` input's default in action.yml: discovery mode, where no match is no error. */
export { DEFAULT_DOCKERFILE_GLOBS } from '../inputs/values.js'

const SKIPPED_DIRS = new Set(['.git', 'node_modules'])

/** Whether a symbolic link is listed as a file: anything but a link to a directory. */
async function listedLink(full: string): Promise<boolean> {
  try {
    return !(await stat(full)).isDirectory()
  } catch {
    return true // leads nowhere: listed, so reading it says so
  }
}

/** Far more files than any repository the action is meant for; a walk past it would cost the runner's
 * memory, and stopping short would leave Dockerfiles and manifests unchecked without a word. */
export const MAX_LISTED_FILES = 1_000_000

/**
 * Every file under `root`, as sorted repository-relative POSIX paths. Symbolic links to files are
 * listed too, wherever they lead: `docker build` and `kubectl apply` follow them, so skipping one
 * would let a pull request hide a Dockerfile or manifest behind a link. Reading goes through
 * safe-read.ts, which refuses (visibly) a link out of the workspace. Links to directories are
 * not walked (loops, and trees outside the repository).
 */
export async function listFiles(root: string, limit = MAX_LISTED_FILES): Promise<string[]> {
  const found: string[] = []
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full)
      } else if (entry.isFile() || (entry.isSymbolicLink() && (await listedLink(full)))) {
        if (found.length >= limit) throw tooManyFiles(limit)
        found.push(relative(root, full).split(sep).join('/'))
      }
    }
  }
  await walk(root)
  return found.sort()
}

function tooManyFiles(limit: number): ConfigurationError {
  return new ConfigurationError(
    `The workspace holds more than ${limit.toLocaleString('en-US')} files outside .git and node_modules, more than container-gate lists to find Dockerfiles and manifests; it stops rather than leave some unchecked. Check out only what the gate should see (actions/checkout's sparse-checkout), or run the step in a folder that holds less.`
  )
}

/** Files matching any of the globs (matched against repository-relative paths; dotfiles included). */
export function matchGlobs(files: readonly string[], globs: readonly string[]): string[] {
  return files.filter(file => globs.some(glob => minimatch(file, glob.replace(/^\.\//, ''), { dot: true })))
}

/** Files that match no glob, per glob: used to say which explicit glob matched nothing. */
export function globsWithoutMatch(files: readonly string[], globs: readonly string[]): string[] {
  return globs.filter(glob => matchGlobs(files, [glob]).length === 0)
}

/** YAML files under the given repository-relative paths (for the admission rules). */
export function yamlFilesUnder(files: readonly string[], paths: readonly string[]): string[] {
  const prefixes = paths.map(p => p.replace(/^\.\/?/, '').replace(/\/$/, ''))
  return files.filter(
    file => /\.ya?ml$/i.test(file) && prefixes.some(p => p === '' || file === p || file.startsWith(`${p}/`))
  )
}
