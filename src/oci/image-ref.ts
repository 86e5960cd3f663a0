/**
 * Image references as Docker reads them, and the allowlist patterns matched against them. Both are
 * normalized the same way so `alpine`, `docker.io/alpine` and `index.docker.io/library/alpine:latest`
 * are one image, and a pattern written in any of those forms matches it.
 */
import { minimatch } from 'minimatch'

/** A fully qualified image reference. */
export interface ImageRef {
  /** Registry host with optional port: docker.io, ghcr.io, registry.example.com:5000. */
  registry: string
  /** Repository path inside the registry: library/alpine, acme/app. */
  repository: string
  /** The tag; `latest` when neither tag nor digest was written, as Docker assumes. */
  tag?: string
  /** `algorithm:hex`, when pinned by digest. */
  digest?: string
  /** registry/repository[:tag][@digest] */
  normalized: string
}

// distribution/reference v0.6 (what BuildKit parses FROM names with), piece by piece.
const SHA256 = /^sha256:[a-f0-9]{64}$/
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*'
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${REMOTE_NAME})(?::([\\w][\\w.-]{0,127}))?(?:@(${DIGEST.source.slice(1, -1)}))?$`
)
const NAME = new RegExp(`^(?:(${DOMAIN})/)?(${REMOTE_NAME})$`)
/** go-digest's registered algorithms and their hex lengths. */
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }

/** Docker's rule (splitDockerDomain): the first path segment is a registry when it has a dot or a
 * port, is `localhost`, or has an upper-case letter (repositories never do). */
function isRegistry(segment: string): boolean {
  return (
    segment.includes('.') ||
    segment.includes(':') ||
    segment === 'localhost' ||
    segment !== segment.toLowerCase()
  )
}

/** Splits `name[:tag][@digest]`; the tag is after the last `:` that follows the last `/`, so a
 * registry port is never mistaken for a tag. */
function splitRef(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) [rest, digest] = [rest.slice(0, at), rest.slice(at + 1)]
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest }
  return { name: rest, digest }
}

/** Registry and repository as Docker qualifies a name: Docker Hub (docker.io, with `library/` for
 * official images) unless the first segment is a registry; index.docker.io is docker.io. */
function qualify(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/')
  let registry = 'docker.io'
  let repository = name
  if (slash > 0 && isRegistry(name.slice(0, slash)))
    [registry, repository] = [name.slice(0, slash), name.slice(slash + 1)]
  if (registry === 'index.docker.io') registry = 'docker.io'
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`
  return { registry, repository }
}

/** distribution/reference's splitDockerDomain. */
function splitDockerDomain(ref: string): { domain: string; remainder: string } {
  const cut = ref.indexOf('/')
  if (cut < 0) return { domain: 'docker.io', remainder: `library/${ref}` }
  const maybe = ref.slice(0, cut)
  let [domain, remainder] = isRegistry(maybe) ? [maybe, ref.slice(cut + 1)] : ['docker.io', ref]
  if (domain === 'index.docker.io') domain = 'docker.io'
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`
  return { domain, remainder }
}

/** go-digest's Validate: a registered algorithm and exactly its length in lower-case hex. */
function digestError(digest: string): string | undefined {
  const [algorithm, hex] = [digest.slice(0, digest.indexOf(':')), digest.slice(digest.indexOf(':') + 1)]
  const length = DIGEST_HEX[algorithm]
  if (length === undefined) return `unsupported digest algorithm '${algorithm}'`
  if (hex.length !== length) return `invalid ${algorithm} digest length`
  if (!/^[a-f0-9]+$/.test(hex)) return 'invalid digest: the hex must be lower-case'
  return undefined
}

/**
 * Parses a reference as BuildKit does (reference.ParseNormalizedNamed, then TagNameOnly): returns
 * the normalized image, or why BuildKit would refuse it ("invalid reference format").
 */
export function parseImageRef(ref: string): ImageRef | { error: string } {
  if (ref === '') return { error: 'the image reference is empty' }
  if (/^[a-f0-9]{64}$/.test(ref)) return { error: `'${ref}' is a 64-hex-digit ID, not a repository name` }
  const { domain, remainder } = splitDockerDomain(ref)
  const colon = remainder.indexOf(':')
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder
  if (remote.toLowerCase() !== remote) return { error: `repository name (${remote}) must be lower-case` }
  const match = REFERENCE.exec(`${domain}/${remainder}`)
  if (!match) return { error: `'${ref}' is not a valid image reference (invalid reference format)` }
  const [, name, tag, digest] = match
  const [, registryPart, repository] = NAME.exec(name!)!
  if (repository!.length > 255) return { error: 'the repository name is longer than 255 characters' }
  const bad = digest === undefined ? undefined : digestError(digest)
  if (bad) return { error: bad }
  const effectiveTag = tag ?? (digest ? undefined : 'latest')
  // A first segment that looks like a registry but is no host name (a--b__c.d) stays in the path
  // and the reference has no registry at all, as in distribution/reference: nothing can pull it.
  const reg = registryPart ?? ''
  return {
    registry: reg,
    repository: repository!,
    ...(effectiveTag !== undefined ? { tag: effectiveTag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    normalized: `${reg ? `${reg}/` : ''}${repository}${effectiveTag !== undefined ? `:${effectiveTag}` : ''}${digest ? `@${digest}` : ''}`
  }
}

export function isImageRef(value: ImageRef | { error: string }): value is ImageRef {
  return !('error' in value)
}

/** A compiled allowlist pattern. */
interface ImagePattern {
  name: string
  tag?: string
  digest?: string
}

const GLOB = { dot: true, nocomment: true, nonegate: true, noext: true, nobrace: true } as const
const PATTERN_COMPONENT = /^[a-z0-9._*?-]+$/
const PATTERN_TAG = /^[\w.*?-]{1,128}$/

/**
 * Compiles an allowlist pattern, or says why it can never match a valid reference. Patterns are
 * normalized like references (`alpine` is `docker.io/library/alpine`); `*` matches within one path
 * segment, `**` across segments (a leading `**` spans registries too). Without a tag or digest a
 * pattern allows every tag and digest of the repository; `:tag` and `@digest` narrow it.
 */
export function compileImagePattern(pattern: string): ImagePattern | { error: string } {
  const text = pattern.trim()
  if (!text) return { error: 'the pattern is empty' }
  if (/\s/.test(text)) return { error: 'it contains white space' }
  if (text.includes('://'))
    return { error: 'image references have no scheme (write ghcr.io/acme/app, not https://…)' }
  const { name, tag, digest } = splitRef(text)
  const first = name.split('/')[0]!
  const spansRegistries = first === '**'
  const { registry, repository } = spansRegistries ? { registry: '', repository: name } : qualify(name)
  if (!spansRegistries && !/^[a-zA-Z0-9.*?\-[\]]+(?::[0-9*?]+)?$/.test(registry))
    return { error: `'${registry}' is not a registry host` }
  for (const component of repository.split('/')) {
    if (!component) return { error: 'it has an empty path segment' }
    if (component !== component.toLowerCase())
      return { error: `'${component}' has upper-case letters, and repository names are lower-case` }
    if (!PATTERN_COMPONENT.test(component))
      return { error: `'${component}' has characters no repository name contains` }
  }
  if (tag !== undefined && !PATTERN_TAG.test(tag))
    return { error: `':${tag}' is not a tag pattern (letters, digits, _ . - and *)` }
  if (digest !== undefined && !DIGEST.test(digest))
    return { error: `'@${digest}' is not a digest (sha256:<64 hex digits>)` }
  if (digest !== undefined && digest.startsWith('sha256:') && !SHA256.test(digest))
    return { error: `'@${digest}' is not a sha256 digest (64 lower-case hex digits)` }
  return { name: spansRegistries ? repository : `${registry}/${repository}`, tag, digest }
}

export function isImagePattern(value: ImagePattern | { error: string }): value is ImagePattern {
  return !('error' in value)
}

/** Whether `ref` is allowed by `pattern` (an invalid pattern matches nothing). */
export function matchesImagePattern(ref: ImageRef, pattern: string): boolean {
  const p = compileImagePattern(pattern)
  if (!isImagePattern(p)) return false
  if (!minimatch(`${ref.registry}/${ref.repository}`, p.name, GLOB)) return false
  if (p.tag !== undefined && !(ref.tag !== undefined ? minimatch(ref.tag, p.tag, GLOB) : p.tag === '*'))
    return false
  if (p.digest !== undefined && ref.digest !== p.digest) return false
  return true
}
