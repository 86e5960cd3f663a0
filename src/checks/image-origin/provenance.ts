/**
 * What BuildKit's provenance attestation says about where an image was built: the Dockerfile's path
 * in the repository, the build context's folder and the repository itself. Pure; the statement is
 * untrusted text from a registry (see e2e/HISTORY.md, "Where the Dockerfile path is").
 *
 * - SLSA v1 (BuildKit's default): the Dockerfile's file name in
 *   `predicate.buildDefinition.externalParameters.configSource.path`, its folder in
 *   `predicate.runDetails.metadata.buildkit_metadata.vcs["localdir:dockerfile"]` (buildx with git info).
 * - SLSA v0.2: `predicate.invocation.configSource.entryPoint` and
 *   `predicate.metadata["https://mobyproject.org/buildkit@v1#metadata"].vcs`.
 * - A git URL context (`configSource.uri` = `https://github.com/o/r.git#ref:subdir`): the file is
 *   relative to the URL's subdir, and the URL is the repository.
 *
 * A path that climbs out of the repository or is absolute is never a pairing: it comes back as a
 * `refused` reason, which the caller says aloud.
 */
import { posix } from 'node:path'
import { isObject, obj, str, type JsonObject } from '../../scanners/json-input.js'

export const SLSA_V1 = 'https://slsa.dev/provenance/v1'
export const SLSA_V02 = 'https://slsa.dev/provenance/v0.2'
const BUILDKIT_V02_METADATA = 'https://mobyproject.org/buildkit@v1#metadata'

/** More than any real statement (mode=max with a large Dockerfile is tens of KiB). */
export const MAX_PROVENANCE_BYTES = 1024 * 1024
const MAX_PATH = 1024

export interface ProvenanceReading {
  slsa: 'v1' | 'v0.2'
  /** sha256 digests of the in-toto subjects: the image manifests the statement is about. */
  subjects: string[]
  /** The Dockerfile's path from the repository root, when the statement says where it is. */
  dockerfile?: string
  /** The build context's folder from the repository root ('.' for the root), when said. */
  context?: string
  /** The repository the build came from (vcs source or the git context's URL), as written. */
  repository?: string
  /** Why the statement names no usable Dockerfile (only a file name, a path out of the repository). */
  refused?: string
}

/** Either a reading or why the text is no BuildKit provenance. */
export type ProvenanceResult = { ok: true; reading: ProvenanceReading } | { ok: false; reason: string }

const fail = (reason: string): ProvenanceResult => ({ ok: false, reason })

/** Characters a path written by buildx never holds (and a log line must not get). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** A path relative to the repository root, or why it is not one. */
export function repositoryPath(raw: string): { path: string } | { refused: string } {
  if (raw.length > MAX_PATH) return { refused: `a path of ${raw.length} characters` }
  if (CONTROL.test(raw)) return { refused: 'a path with control characters' }
  const slashed = raw.replaceAll('\\', '/')
  if (posix.isAbsolute(slashed) || /^[A-Za-z]:\//.test(slashed))
    return { refused: `an absolute path (${raw})` }
  const path = posix.normalize(slashed).replace(/\/+$/, '')
  if (path === '..' || path.startsWith('../')) return { refused: `a path outside the repository (${raw})` }
  return { path: path === '' ? '.' : path }
}

/** `https://github.com/o/r.git#ref:sub/dir` → the repository URL and the subdir ('.' without one). */
function gitContext(uri: string): { repository: string; subdir: string } | undefined {
  const hash = uri.indexOf('#')
  const repository = hash === -1 ? uri : uri.slice(0, hash)
  if (!/^(https?:\/\/|git@|ssh:\/\/|git:\/\/)/.test(repository)) return undefined
  const fragment = hash === -1 ? '' : uri.slice(hash + 1)
  const colon = fragment.indexOf(':')
  return { repository, subdir: colon === -1 ? '.' : fragment.slice(colon + 1) || '.' }
}

interface Fields {
  file?: string
  uri?: string
  vcs?: JsonObject
}

function v1Fields(predicate: JsonObject): Fields {
  const configSource = obj(
    obj(obj(predicate, 'buildDefinition') ?? {}, 'externalParameters') ?? {},
    'configSource'
  )
  const metadata = obj(obj(predicate, 'runDetails') ?? {}, 'metadata') ?? {}
  return {
    file: configSource && str(configSource, 'path'),
    uri: configSource && str(configSource, 'uri'),
    vcs: obj(obj(metadata, 'buildkit_metadata') ?? {}, 'vcs')
  }
}

function v02Fields(predicate: JsonObject): Fields {
  const configSource = obj(obj(predicate, 'invocation') ?? {}, 'configSource')
  const metadata = obj(predicate, 'metadata') ?? {}
  return {
    file: configSource && str(configSource, 'entryPoint'),
    uri: configSource && str(configSource, 'uri'),
    vcs: obj(obj(metadata, BUILDKIT_V02_METADATA) ?? {}, 'vcs')
  }
}

function subjectDigests(statement: JsonObject): string[] {
  const subjects = Array.isArray(statement.subject) ? statement.subject.filter(isObject) : []
  return subjects
    .map(s => str(obj(s, 'digest') ?? {}, 'sha256'))
    .filter((d): d is string => d !== undefined && /^[0-9a-f]{64}$/.test(d))
    .map(d => `sha256:${d}`)
}

/** Where the Dockerfile is, from the fields: joined and checked, or refused with the reason. */
function locate(
  fields: Fields
): Pick<ProvenanceReading, 'dockerfile' | 'context' | 'repository' | 'refused'> {
  const vcs = fields.vcs ?? {}
  const git = fields.uri ? gitContext(fields.uri) : undefined
  const repository = git?.repository ?? str(vcs, 'source')
  const folder = git ? git.subdir : str(vcs, 'localdir:dockerfile')
  const contextDir = git ? git.subdir : str(vcs, 'localdir:context')
  const context = contextDir === undefined ? undefined : repositoryPath(contextDir)
  const out = {
    ...(repository ? { repository } : {}),
    ...(context && 'path' in context ? { context: context.path } : {})
  }
  if (!fields.file) return { ...out, refused: 'it names no Dockerfile' }
  if (folder === undefined)
    return {
      ...out,
      refused: `it names the Dockerfile ${JSON.stringify(fields.file.slice(0, 200))} but not its folder (buildx without git info)`
    }
  const file = repositoryPath(fields.file)
  if ('refused' in file) return { ...out, refused: `its Dockerfile is ${file.refused}` }
  const dir = repositoryPath(folder)
  if ('refused' in dir) return { ...out, refused: `its Dockerfile folder is ${dir.refused}` }
  const joined = repositoryPath(posix.join(dir.path, file.path))
  if ('refused' in joined) return { ...out, refused: `its Dockerfile is ${joined.refused}` }
  if (joined.path === '.') return { ...out, refused: 'its Dockerfile path is empty' }
  return { ...out, dockerfile: joined.path }
}

/** Reads one in-toto statement (the attestation's layer) as BuildKit writes it. */
export function readProvenance(text: string): ProvenanceResult {
  if (text.length > MAX_PROVENANCE_BYTES)
    return fail(`the statement is ${text.length} bytes, more than the ${MAX_PROVENANCE_BYTES} read`)
  let statement: unknown
  try {
    statement = JSON.parse(text)
  } catch {
    return fail('the statement is not JSON')
  }
  if (!isObject(statement)) return fail('the statement is not a JSON object')
  const predicate = obj(statement, 'predicate')
  const type = str(statement, 'predicateType')
  if (!predicate || (type !== SLSA_V1 && type !== SLSA_V02))
    return fail(
      `the statement is not SLSA provenance v1 or v0.2 (predicateType ${JSON.stringify(type ?? null)})`
    )
  const slsa = type === SLSA_V1 ? 'v1' : 'v0.2'
  const fields = slsa === 'v1' ? v1Fields(predicate) : v02Fields(predicate)
  return { ok: true, reading: { slsa, subjects: subjectDigests(statement), ...locate(fields) } }
}

/** This workflow's repository: GITHUB_SERVER_URL and GITHUB_REPOSITORY. */
export interface Repository {
  serverUrl: string
  /** owner/name */
  name: string
}

/** host and owner/name of a repository URL (`https://host/o/r(.git)`, `git@host:o/r.git`), lower case. */
function hostAndName(url: string): { host: string; name: string } | undefined {
  const trimmed = url.trim().replace(/^git\+/, '')
  const scp = /^[^@/\s]+@([^:/\s]+):(.+)$/.exec(trimmed)
  let host: string
  let path: string
  if (scp) {
    host = scp[1]!
    path = scp[2]!
  } else {
    try {
      const parsed = new URL(trimmed)
      host = parsed.host
      path = parsed.pathname
    } catch {
      return undefined
    }
  }
  const name = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/i, '')
  return name.includes('/') ? { host: host.toLowerCase(), name: name.toLowerCase() } : undefined
}

/** Whether a URL names this repository (same host as the server, same owner/name; case-insensitive). */
export function namesRepository(url: string, repository: Repository): boolean {
  const said = hostAndName(url)
  const ours = hostAndName(`${repository.serverUrl.replace(/\/+$/, '')}/${repository.name}`)
  return said !== undefined && ours !== undefined && said.host === ours.host && said.name === ours.name
}
