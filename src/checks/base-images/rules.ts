/**
 * The base-image policy's findings: every image a Dockerfile makes BuildKit pull (FROM, COPY
 * --from, RUN --mount=from=), read as BuildKit reads it for each platform being built (read.ts),
 * checked against the allowlist and the digest requirement.
 */
import type { Finding } from '../../findings/model.js'
import { matchesImagePattern, type ImageRef } from '../../oci/image-ref.js'
import { readDockerfile, type BuildSettings, type ImageSource } from './read.js'

/** The base-image rules a policy file turns on (`base-images:`); the policy reads them into this. */
export interface BaseImageOptions {
  /** Patterns such as `docker.io/library/alpine:*`, `ghcr.io/acme/**`; empty means no allowlist. */
  allow: string[]
  requireDigest: boolean
}

/** Whether any base-image rule is on: without one, Dockerfiles are not read for base images. */
export function hasBaseImageRules(options: BaseImageOptions): boolean {
  return options.allow.length > 0 || options.requireDigest
}

/** Rule IDs of the base-image policy, as they appear in SARIF and in ignores. */
export const BASE_IMAGE_RULES = {
  notAllowed: 'CG-BASE-IMAGE-NOT-ALLOWED',
  notPinned: 'CG-BASE-IMAGE-NOT-PINNED',
  unresolved: 'CG-BASE-IMAGE-UNRESOLVED'
} as const

function finding(
  path: string,
  at: { startLine: number; endLine: number },
  rule: Pick<Finding, 'ruleId' | 'severity' | 'title' | 'description' | 'message'>,
  image?: string
): Finding {
  return {
    tool: 'container-gate',
    kind: 'misconfig',
    aliases: [],
    ...rule,
    target: path,
    subject: path,
    file: path,
    startLine: at.startLine,
    endLine: at.endLine,
    ...(image ? { image } : {})
  }
}

const UNRESOLVED = {
  ruleId: BASE_IMAGE_RULES.unresolved,
  // It could be any image at build time: under an allowlist or a digest rule, that fails closed.
  severity: 'CRITICAL',
  title: 'Base image cannot be determined',
  description:
    'Every image the build pulls must be known from the Dockerfile and the build-args input, so it can be checked against the base-image policy; what cannot be known fails closed.'
} as const

/** How the source is written, for messages: `FROM x`, `COPY --from=x`, `RUN --mount=from=x`. */
export function written(source: ImageSource): string {
  if (source.instruction === 'SYNTAX') return `# syntax=${source.raw}`
  if (source.instruction === 'BUILDKIT_SYNTAX') return `build argument BUILDKIT_SYNTAX=${source.raw}`
  if (source.instruction === 'COPY') return `COPY --from=${source.raw}`
  if (source.instruction === 'RUN') return `RUN --mount=from=${source.raw}`
  return `FROM ${source.raw}`
}

/** " (for linux/arm64)" when a reading holds for some of the platforms built, not all. */
function forPlatforms(platforms: readonly string[], all: number): string {
  return platforms.length < all ? ` (for ${platforms.join(', ')})` : ''
}

/**
 * Docker's own Dockerfile frontend (docker/dockerfile, docker/dockerfile-upstream) is exempt from
 * both rules when a syntax directive names it: it is the builder's own code, published with it,
 * and `# syntax=docker/dockerfile:1` is in most Dockerfiles. Any other frontend decides the whole
 * build (it may ignore every FROM line), so it is checked like a base image.
 */
export function isOfficialFrontend(source: ImageSource, image: ImageRef): boolean {
  return (
    (source.instruction === 'SYNTAX' || source.instruction === 'BUILDKIT_SYNTAX') &&
    image.registry === 'docker.io' &&
    (image.repository === 'docker/dockerfile' || image.repository === 'docker/dockerfile-upstream')
  )
}

/** An image that cannot be known before the build (an ARG without a value, a name BuildKit refuses). */
function unresolvedFinding(path: string, source: ImageSource, platforms: string): Finding {
  if (source.kind === 'invalid')
    return finding(path, source, {
      ...UNRESOLVED,
      message: `${written(source)}${platforms}: BuildKit cannot use this image name (${source.problem})`
    })
  const names = source.unsetArgs ?? []
  const plural = names.length > 1
  return finding(path, source, {
    ...UNRESOLVED,
    message: `${written(source)}${platforms}: the image depends on ARG ${names.join(', ')}, which ${plural ? 'have' : 'has'} no value here (declared without a default and not in build-args); pin ${plural ? 'them' : 'it'} with a default (ARG ${names[0]}=<value>) or pass ${plural ? 'them' : 'it'} in the build-args input`
  })
}

const NOT_ALLOWED = {
  ruleId: BASE_IMAGE_RULES.notAllowed,
  severity: 'CRITICAL',
  title: 'Base image is not on the allowlist',
  description:
    'Images the build pulls (FROM, COPY --from, RUN --mount=from=) must come from the allowlist in the policy file (base-images.allow).'
} as const

const NOT_PINNED = {
  // Required by the policy, like the allowlist: a violation blocks.
  ruleId: BASE_IMAGE_RULES.notPinned,
  severity: 'CRITICAL',
  title: 'Base image is not pinned by digest',
  description:
    'The policy requires base images pinned by digest (base-images.require-digest), so a rebuild cannot silently change them.'
} as const

function sourceFindings(
  path: string,
  source: ImageSource,
  platforms: string,
  policy: BaseImageOptions
): Finding[] {
  if (source.kind === 'unresolved' || source.kind === 'invalid')
    return [unresolvedFinding(path, source, platforms)]
  const image = source.image
  if (source.kind !== 'image' || !image || isOfficialFrontend(source, image)) return []
  const out: Finding[] = []
  const what = source.instruction === 'FROM' ? '' : ` (${written(source)})`
  if (policy.allow.length > 0 && !policy.allow.some(p => matchesImagePattern(image, p))) {
    const message = `${image.normalized}${what}${platforms} is not allowed; allowed: ${policy.allow.join(', ')}`
    out.push(finding(path, source, { ...NOT_ALLOWED, message }, image.normalized))
  }
  if (policy.requireDigest && !image.digest) {
    const pinned = written({ ...source, raw: source.raw.split('@')[0]! })
    const message = `${image.normalized}${platforms} is not pinned; write ${pinned}@sha256:<digest>`
    out.push(finding(path, source, { ...NOT_PINNED, message }, image.normalized))
  }
  return out
}

/** The same reading on several platforms is one finding; different readings of one line are several. */
function groupByReading(
  platforms: ReadonlyArray<{ platform: string; sources: ImageSource[] }>
): Array<{ source: ImageSource; platforms: string[] }> {
  const groups = new Map<string, { source: ImageSource; platforms: string[] }>()
  for (const { platform, sources } of platforms) {
    for (const source of sources) {
      const reading = source.image?.normalized ?? source.problem ?? (source.unsetArgs ?? []).join(',')
      const key = JSON.stringify([source.instruction, source.startLine, source.raw, source.kind, reading])
      const group = groups.get(key) ?? { source, platforms: [] }
      group.platforms.push(platform)
      groups.set(key, group)
    }
  }
  return [...groups.values()].sort((a, b) => a.source.startLine - b.source.startLine)
}

/**
 * The base-image policy's findings on the given Dockerfiles (paths relative to the repository), read
 * for every platform of the build with its build arguments. An image not on the allowlist is
 * CRITICAL (the registry stage of the design document rejects it), so is a missing digest when one
 * is required, and so is an image that cannot be known before the build (an ARG without a value,
 * a name BuildKit refuses): under a base-image rule that fails closed.
 */
export function baseImageFindings(
  dockerfiles: ReadonlyArray<{ path: string; text: string }>,
  policy: BaseImageOptions,
  build: BuildSettings
): Finding[] {
  if (!hasBaseImageRules(policy)) return []
  const out: Finding[] = []
  for (const { path, text } of dockerfiles) {
    const reading = readDockerfile(text, build)
    if (reading.refusal) {
      const at = { startLine: reading.refusal.line, endLine: reading.refusal.line }
      out.push(
        finding(path, at, {
          ...UNRESOLVED,
          message: `BuildKit cannot parse this Dockerfile (${reading.refusal.message}), so the images it pulls cannot be checked`
        })
      )
      continue
    }
    for (const { source, platforms } of groupByReading(reading.platforms))
      out.push(...sourceFindings(path, source, forPlatforms(platforms, build.platforms.length), policy))
  }
  return out
}
