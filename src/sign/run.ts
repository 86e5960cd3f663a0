/**
 * Signing and attesting after the gate: the one stage that writes to the registry, so it runs only
 * when the verdict passed, and only on what was checked. Each scanned registry image is signed by
 * the digest its scan reported, then attested with predicates converted from that same scan's
 * report. A failure is recorded per image (the step then fails, after the reports say what
 * happened); nothing here decides the verdict.
 */
import { join } from 'node:path'
import { cosignError } from '../checks/signatures/outcome.js'
import type { AttestKind } from '../inputs/signing.js'
import type { Verdict } from '../policy/types.js'
import type { ScannedRegistryImage } from '../scanners/scanned-images.js'
import type { Exec } from '../tools/exec.js'
import { ATTESTATIONS, attestArgs, convertArgs, explainSigningFailure, signArgs } from './plan.js'
import type { SigningPlan } from './prepare.js'

/** What happened to one scanned image. */
export interface SignedImage {
  /** As the `image` input gave it. */
  reference: string
  /** repository@digest signed (the digest scanned). */
  pinned?: string
  signed: boolean
  /** Predicate types attached. */
  attestations: string[]
  /** Why it is not (fully) signed and attested. */
  error?: string
}

/** What the signing stage did, for the summary, the comment, the outputs and the step's outcome. */
export interface SigningReport {
  /** Set when nothing was signed on purpose: the verdict failed. */
  withheld?: string
  images: SignedImage[]
  /** Attestation kinds asked for (for the report's wording). */
  attest: AttestKind[]
}

export interface SignDeps {
  exec: Exec
  cosign: string
  trivy: string
  /** This run's folder, for the predicate files. */
  dir: string
}

async function attestAll(
  image: SignedImage & { pinned: string },
  reportFile: string,
  plan: SigningPlan,
  deps: SignDeps,
  index: number
): Promise<void> {
  for (const kind of plan.attest) {
    const predicate = join(deps.dir, `predicate-${index}-${kind}.json`)
    const converted = await deps.exec(deps.trivy, convertArgs(kind, reportFile, predicate))
    if (converted.exitCode !== 0) {
      image.error = `trivy convert to ${kind} failed: ${converted.stderr.trim().split('\n').slice(-1)[0] ?? ''}`
      return
    }
    const attested = await deps.exec(deps.cosign, attestArgs(plan, kind, predicate, image.pinned), {
      secretEnv: plan.secretEnv
    })
    if (attested.exitCode !== 0) {
      image.error = `attesting ${kind} failed: ${explainSigningFailure(cosignError(attested.stderr))}`
      return
    }
    image.attestations.push(ATTESTATIONS[kind].predicateType)
  }
}

async function signOne(
  scanned: ScannedRegistryImage,
  plan: SigningPlan,
  deps: SignDeps,
  index: number
): Promise<SignedImage> {
  const image: SignedImage = { reference: scanned.reference, signed: false, attestations: [] }
  if (!scanned.pinned) {
    image.error =
      "the scan's report names no registry digest (an image only in the local Docker daemon has never been pushed): push it before the gate"
    return image
  }
  const pinned = scanned.pinned
  const signed = await deps.exec(deps.cosign, signArgs(plan, pinned), { secretEnv: plan.secretEnv })
  if (signed.exitCode !== 0)
    return { ...image, pinned, error: `signing failed: ${explainSigningFailure(cosignError(signed.stderr))}` }
  const done = { ...image, pinned, signed: true }
  await attestAll(done, scanned.reportFile, plan, deps, index)
  return done
}

/**
 * Signs (and attests) every scanned registry image when the verdict passed; when it failed, signs
 * nothing and says why. Images are signed one after another: a registry rate limit hits one call.
 */
export async function signPassed(
  verdict: Verdict,
  plan: SigningPlan,
  images: readonly ScannedRegistryImage[],
  deps: SignDeps
): Promise<SigningReport> {
  if (verdict.outcome !== 'pass')
    return {
      withheld: `the gate failed (${verdict.blocking.length} blocking finding${verdict.blocking.length === 1 ? '' : 's'}), so nothing was signed`,
      images: images.map(i => ({
        reference: i.reference,
        ...(i.pinned ? { pinned: i.pinned } : {}),
        signed: false,
        attestations: []
      })),
      attest: plan.attest
    }
  const signed: SignedImage[] = []
  for (const [index, image] of images.entries()) signed.push(await signOne(image, plan, deps, index))
  return { images: signed, attest: plan.attest }
}

/** The step's error when signing was asked for and did not fully happen; undefined when it did. */
export function signingFailure(report: SigningReport | undefined): string | undefined {
  const failed = report?.images.filter(i => i.error) ?? []
  if (failed.length === 0) return undefined
  return `The gate passed, but signing did not complete: ${failed.map(i => `${i.pinned ?? i.reference}: ${i.error}`).join('; ')}`
}
