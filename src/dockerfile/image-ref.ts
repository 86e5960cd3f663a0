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

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/
const SHA256 = /^sha256:[a-f0-9]{64}$/
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[a-fA-F0-9:]+\](?::[0-9]+)?$/

/** Docker's rule: the first path segment is a registry when it has a dot or a port, is `localhost`,
 * or has an upper-case letter (repositories never do). */
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

function qualify(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/')
  let registry = 'docker.io'
  let repository = name
  if (slash > 0 && isRegistry(name.slice(0, slash)))
    [registry, repository] = [name.slice(0, slash), name.slice(slash + 1)]
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io'
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`
  return { registry, repository }
}

/** Parses a reference; returns the reason when it is not a valid image reference. */
export function parseImageRef(ref: string): ImageRef | { error: string } {
  const text = ref.trim()
  if (!text) return { error: 'the image reference is empty' }
  if (/\s/.test(text)) return { error: `'${text}' contains white space` }
  const { name, tag, digest } = splitRef(text)
  const { registry, repository } = qualify(name)
  if (!HOST.test(registry)) return { error: `'${registry}' is not a registry host` }
  const bad = repository.split('/').find(c => !COMPONENT.test(c))
  if (bad !== undefined)
    return {
      error: `'${bad || '(empty)'}' is not a valid repository path component (lower-case letters, digits, . _ -)`
    }
  if (tag !== undefined && !TAG.test(tag)) return { error: `'${tag}' is not a valid tag` }
  if (digest !== undefined && !DIGEST.test(digest))
    return { error: `'${digest}' is not a valid digest (algorithm:hex)` }
  const effectiveTag = tag ?? (digest ? undefined : 'latest')
  return {
    registry,
    repository,
    ...(effectiveTag !== undefined ? { tag: effectiveTag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    normalized: `${registry}/${repository}${effectiveTag !== undefined ? `:${effectiveTag}` : ''}${digest ? `@${digest}` : ''}`
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
