/**
 * Base images: every Dockerfile's FROM lines, read with a real Dockerfile parser (dockerfile-ast), and
 * the findings the base-image policy raises on them.
 */
import { DockerfileParser } from 'dockerfile-ast'
import type { Finding } from '../findings/model.js'
import type { BaseImagePolicy } from '../policy/types.js'
import { isImageRef, matchesImagePattern, parseImageRef } from './image-ref.js'
import type { ImageRef } from './image-ref.js'

/** One FROM instruction. */
export interface FromLine {
  /** 1-based lines of the instruction (a FROM continued with `\` spans several). */
  startLine: number
  endLine: number
  /** The image argument as written, before ARG substitution. */
  raw: string
  /** What the argument refers to: a registry image, an earlier build stage, the empty `scratch`
   * image, or something that cannot be known without `--build-arg`. */
  kind: 'image' | 'stage' | 'scratch' | 'unresolved'
  /** For `image`: the normalized reference. */
  image?: ImageRef
  /** For `unresolved`: why. */
  problem?: string
  /** The stage name this FROM defines (`AS name`), lower-cased as Docker does. */
  stage?: string
  /** The `--platform` value as written. */
  platform?: string
}

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}` and `${VAR+word}` with the
 * defaults of ARGs declared before the first FROM — the only ARGs a FROM line can see. Returns the
 * names it could not resolve (declared without a default, or never declared), because their value
 * only exists at build time.
 */
export function substituteArgs(
  text: string,
  args: ReadonlyMap<string, string | null>
): { value: string; missing: string[] } {
  const missing: string[] = []
  const value = text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match: string, braced?: string, op?: string, word?: string, bare?: string) => {
      if (match === '\\$') return '$'
      const name = (braced ?? bare)!
      const set = args.has(name) && args.get(name) !== null
      const val = args.get(name) ?? ''
      switch (op) {
        case ':-':
          return val !== '' ? val : (word ?? '')
        case '-':
          return set ? val : (word ?? '')
        case ':+':
          return val !== '' ? (word ?? '') : ''
        case '+':
          return set ? (word ?? '') : ''
        default:
          if (!set) missing.push(name)
          return val
      }
    }
  )
  return { value, missing }
}

/** Reads every FROM instruction of a Dockerfile. Never throws: text that is not a Dockerfile simply
 * has no FROM lines. */
export function parseFromLines(text: string): FromLine[] {
  const dockerfile = DockerfileParser.parse(text)
  const args = new Map<string, string | null>()
  for (const arg of dockerfile.getInitialARGs()) {
    for (const property of arg.getProperties()) args.set(property.getName(), property.getValue())
  }
  const stages = new Set<string>()
  const out: FromLine[] = []
  for (const from of dockerfile.getFROMs()) {
    const range = from.getRange()
    const raw = from.getImage() ?? ''
    const stage = from.getBuildStage()?.toLowerCase() ?? undefined
    const platform = from.getPlatformFlag()?.getValue() ?? undefined
    const line: FromLine = {
      startLine: range.start.line + 1,
      endLine: range.end.line + 1,
      raw,
      kind: 'unresolved',
      ...(stage ? { stage } : {}),
      ...(platform ? { platform } : {})
    }
    const { value, missing } = substituteArgs(raw, args)
    if (!raw) line.problem = 'FROM has no image'
    else if (missing.length > 0)
      line.problem = `the image depends on build argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')} without a default`
    else if (value.toLowerCase() === 'scratch') line.kind = 'scratch'
    // Only stages defined above count: Docker reads a later stage's name as an image.
    else if (stages.has(value.toLowerCase())) line.kind = 'stage'
    else {
      const ref = parseImageRef(value)
      if (isImageRef(ref)) [line.kind, line.image] = ['image', ref]
      else line.problem = `'${value}' is not a valid image reference: ${ref.error}`
    }
    out.push(line)
    if (stage) stages.add(stage)
  }
  return out
}

/** Rule IDs of the base-image policy, as they appear in SARIF and in ignores. */
export const BASE_IMAGE_RULES = {
  notAllowed: 'CG-BASE-IMAGE-NOT-ALLOWED',
  notPinned: 'CG-BASE-IMAGE-NOT-PINNED',
  unresolved: 'CG-BASE-IMAGE-UNRESOLVED'
} as const

function finding(
  path: string,
  from: FromLine,
  rule: Pick<Finding, 'ruleId' | 'severity' | 'title' | 'description' | 'message'>
): Finding {
  return {
    tool: 'container-gate',
    kind: 'misconfig',
    aliases: [],
    ...rule,
    target: path,
    subject: path,
    file: path,
    startLine: from.startLine,
    endLine: from.endLine,
    ...(from.image ? { image: from.image.normalized } : {})
  }
}

/**
 * The base-image policy's findings on the FROM lines of the given Dockerfiles (paths relative to the
 * repository). A base image not on the allowlist is CRITICAL (the registry stage of the design
 * document rejects it); a missing digest, when required, is HIGH; a FROM whose image cannot be known
 * without `--build-arg` is HIGH when there is an allowlist or a digest requirement to check it against.
 */
export function baseImageFindings(
  dockerfiles: ReadonlyArray<{ path: string; text: string }>,
  policy: BaseImagePolicy
): Finding[] {
  const checking = policy.allow.length > 0 || policy.requireDigest
  if (!checking) return []
  const out: Finding[] = []
  for (const { path, text } of dockerfiles) {
    for (const from of parseFromLines(text)) {
      if (from.kind === 'unresolved') {
        out.push(
          finding(path, from, {
            ruleId: BASE_IMAGE_RULES.unresolved,
            severity: 'HIGH',
            title: 'Base image cannot be determined',
            description:
              'The base image must be known without build arguments so it can be checked against the base-image policy.',
            message: `FROM ${from.raw}: ${from.problem}`
          })
        )
        continue
      }
      const image = from.image
      if (!image) continue
      if (policy.allow.length > 0 && !policy.allow.some(p => matchesImagePattern(image, p))) {
        out.push(
          finding(path, from, {
            ruleId: BASE_IMAGE_RULES.notAllowed,
            severity: 'CRITICAL',
            title: 'Base image is not on the allowlist',
            description: 'Base images must come from the allowlist in the policy file (base-images.allow).',
            message: `${image.normalized} is not allowed; allowed: ${policy.allow.join(', ')}`
          })
        )
      }
      if (policy.requireDigest && !image.digest) {
        out.push(
          finding(path, from, {
            // Required by the policy, like the allowlist: a violation blocks.
            ruleId: BASE_IMAGE_RULES.notPinned,
            severity: 'CRITICAL',
            title: 'Base image is not pinned by digest',
            description:
              'The policy requires base images pinned by digest (base-images.require-digest), so a rebuild cannot silently change them.',
            message: `${image.normalized} is not pinned; write FROM ${from.raw.split('@')[0]}@sha256:<digest>`
          })
        )
      }
    }
  }
  return out
}
