/**
 * Which images the signature rules apply to, and which rules to each: the scanned registry images
 * (verified by the digest Trivy scanned, so what is verified is what was checked) and every image
 * a Dockerfile makes BuildKit pull, read exactly as the base-image allowlist reads them (FROM,
 * COPY --from, RUN --mount=from=, a syntax frontend; per platform, with the build-args). Pure.
 */
import type { Finding } from '../../findings/model.js'
import type { ScannedRegistryImage } from '../../scanners/scanned-images.js'
import { isImageRef, matchesImagePattern, parseImageRef, type ImageRef } from '../../oci/image-ref.js'
import { readDockerfile, type BuildSettings, type ImageSource } from '../base-images/read.js'
import { isOfficialFrontend, written as writtenSource } from '../base-images/rules.js'
import type { SignatureTarget } from './findings.js'
import { SIGNATURE_RULES, SIGNATURES_SUBJECT, type SignatureRule } from './rules.js'

/** One image and the rules it must satisfy. */
export interface PlannedCheck {
  target: SignatureTarget
  rules: SignatureRule[]
}

function rulesFor(ref: ImageRef, rules: readonly SignatureRule[]): SignatureRule[] {
  return rules.filter(rule => rule.images.some(pattern => matchesImagePattern(ref, pattern)))
}

function digestOf(pinned: string): string | undefined {
  const parsed = parseImageRef(pinned)
  return isImageRef(parsed) ? parsed.digest : undefined
}

/** The scanned images and their rules; an image without a registry digest cannot be verified. */
export function scannedChecks(
  images: readonly Pick<ScannedRegistryImage, 'reference' | 'pinned'>[],
  rules: readonly SignatureRule[]
): {
  checks: PlannedCheck[]
  unpinned: Array<{ image: Pick<ScannedRegistryImage, 'reference' | 'pinned'>; rules: SignatureRule[] }>
} {
  const checks: PlannedCheck[] = []
  const unpinned: Array<{
    image: Pick<ScannedRegistryImage, 'reference' | 'pinned'>
    rules: SignatureRule[]
  }> = []
  for (const image of images) {
    const parsed = parseImageRef(image.reference)
    if (!isImageRef(parsed)) continue
    const matching = rulesFor(parsed, rules)
    if (matching.length === 0) continue
    const digest = image.pinned ? digestOf(image.pinned) : undefined
    if (!image.pinned || !digest) {
      unpinned.push({ image, rules: matching })
      continue
    }
    const site = { kind: 'scanned' as const, reference: image.reference }
    checks.push({ target: { image: image.pinned, digest, knownToExist: true, site }, rules: matching })
  }
  return { checks, unpinned }
}

/** An image source the signature rules cannot be applied to, because the image is not known. */
function unknownImage(path: string, source: ImageSource, why: string): Finding {
  return {
    tool: 'container-gate',
    kind: 'signature',
    ruleId: SIGNATURE_RULES.unverifiable,
    aliases: [],
    severity: 'CRITICAL',
    title: 'Signature could not be verified',
    description:
      'Which image the build pulls must be known to check it against the signature rules (signatures:); what cannot be known fails closed.',
    message: `${writtenSource(source)}: ${why}, so whether a signature rule applies cannot be known`,
    target: path,
    subject: SIGNATURES_SUBJECT,
    file: path,
    startLine: source.startLine,
    endLine: source.endLine
  }
}

function whyUnknown(source: ImageSource): string {
  if (source.kind === 'invalid') return `BuildKit cannot use this image name (${source.problem})`
  return `the image depends on ARG ${(source.unsetArgs ?? []).join(', ')}, which has no value here (no default, not in build-args)`
}

/**
 * The base images of the Dockerfiles and their rules (those that apply to base images), one check
 * per image and line whatever the number of platforms that read it so. Images that cannot be known
 * are findings, unless `unknownReported` (the base-image rules already report them at that line).
 */
export function baseImageChecks(
  dockerfiles: ReadonlyArray<{ path: string; text: string }>,
  rules: readonly SignatureRule[],
  build: BuildSettings,
  unknownReported: boolean
): { checks: PlannedCheck[]; findings: Finding[] } {
  const applicable = rules.filter(r => r.appliesTo === 'scanned-and-base')
  const out = { checks: [] as PlannedCheck[], findings: [] as Finding[] }
  if (applicable.length === 0) return out
  const seen = new Set<string>()
  for (const { path, text } of dockerfiles) {
    const reading = readDockerfile(text, build)
    // A Dockerfile BuildKit refuses builds nothing: the base-image check or the build says so.
    for (const source of reading.platforms.flatMap(p => p.sources)) {
      const key = JSON.stringify([
        path,
        source.startLine,
        source.kind,
        source.image?.normalized ?? source.raw
      ])
      if (seen.has(key)) continue
      seen.add(key)
      if (source.kind === 'unresolved' || source.kind === 'invalid') {
        if (!unknownReported) out.findings.push(unknownImage(path, source, whyUnknown(source)))
        continue
      }
      const image = source.image
      if (source.kind !== 'image' || !image || isOfficialFrontend(source, image)) continue
      const matching = rulesFor(image, applicable)
      if (matching.length === 0) continue
      const site = {
        kind: 'base' as const,
        file: path,
        startLine: source.startLine,
        endLine: source.endLine,
        written: writtenSource(source)
      }
      const target = { image: image.normalized, digest: image.digest, knownToExist: false, site }
      out.checks.push({ target, rules: matching })
    }
  }
  return out
}
