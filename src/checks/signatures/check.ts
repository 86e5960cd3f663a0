/**
 * The signature check: each scanned registry image (by the digest scanned) and each base image of
 * the Dockerfiles (read as the allowlist reads them) against every rule whose patterns match it,
 * through the installed cosign. What is not verified is a finding: missing, signed by someone else,
 * or not verifiable. Image inputs have no registry and no signature: the run says so when a rule
 * would apply to one.
 */
import type { Finding } from '../../findings/model.js'
import { log } from '../../log.js'
import { isImageRef, matchesImagePattern, parseImageRef } from '../../oci/image-ref.js'
import type { ScannedImageInput, ScannedRegistryImage } from '../../scanners/scanned-images.js'
import type { Exec } from '../../tools/exec.js'
import type { BuildSettings } from '../base-images/read.js'
import { signatureFindings, type FailedCheck } from './findings.js'
import type { VerificationSettings } from './prepare.js'
import type { SignatureRule } from './rules.js'
import { baseImageChecks, scannedChecks } from './targets.js'
import { verifyPlanned } from './verify.js'

export interface SignatureCheckInput {
  settings: VerificationSettings
  scanned: { registry: readonly ScannedRegistryImage[]; inputs: readonly ScannedImageInput[] }
  dockerfiles: ReadonlyArray<{ path: string; text: string }>
  build: BuildSettings
  /** The base-image rules already report images that cannot be known, at the same lines. */
  unknownReported: boolean
  exec: Exec
  /** The installed cosign. */
  cosign: string
}

export interface SignatureCheckResults {
  findings: Finding[]
  /** Sentences for the summary and the log (what image inputs could not show). */
  notes: string[]
  /** "image (rule)" for each verification that passed, for the log. */
  verified: string[]
}

/** A scanned image whose report names no registry digest: nothing to verify, so it is not verified. */
function unpinnedChecks(unpinned: ReturnType<typeof scannedChecks>['unpinned']): FailedCheck[] {
  return unpinned.flatMap(({ image, rules }) =>
    rules.map(rule => ({
      target: {
        image: image.reference,
        knownToExist: false,
        site: { kind: 'scanned' as const, reference: image.reference }
      },
      rule,
      outcome: {
        status: 'unverifiable' as const,
        detail:
          "the scan's report names no registry digest for it (an image only in the local Docker daemon has never been pushed): push it before the gate, so the digest scanned is the one verified"
      }
    }))
  )
}

/** The rules that would apply to an image input, had it a registry: by its tags, else any rule for every image. */
function inputNotes(inputs: readonly ScannedImageInput[], rules: readonly SignatureRule[]): string[] {
  const notes: string[] = []
  for (const input of inputs) {
    const tags = input.tags.map(t => parseImageRef(t)).filter(isImageRef)
    const applying = rules.filter(rule =>
      tags.length > 0
        ? rule.images.some(p => tags.some(t => matchesImagePattern(t, p)))
        : rule.images.includes('**') || rule.appliesTo === 'scanned'
    )
    if (applying.length === 0 && tags.length > 0) continue
    const which = applying.length > 0 ? applying.map(r => r.source).join(', ') : 'the signature rules'
    notes.push(
      `image-input ${input.path} is not verified against ${which}: an image on disk has no registry signature. Verify the pushed image instead (input image, by reference).`
    )
  }
  return notes
}

/** Verifies the scanned and base images against the rules that apply to each. */
export async function checkSignatures(input: SignatureCheckInput): Promise<SignatureCheckResults> {
  const { rules } = input.settings
  if (rules.length === 0) return { findings: [], notes: [], verified: [] }
  const scanned = scannedChecks(input.scanned.registry, rules)
  const base = baseImageChecks(input.dockerfiles, rules, input.build, input.unknownReported)
  const results = await verifyPlanned([...scanned.checks, ...base.checks], {
    exec: input.exec,
    cosign: input.cosign,
    settings: input.settings
  })
  const failed = [...results.failed, ...unpinnedChecks(scanned.unpinned)]
  for (const verified of results.verified) log.info(`Signature verified: ${verified}`)
  const notes = inputNotes(input.scanned.inputs, rules)
  for (const note of notes) log.warning(note)
  return { findings: [...signatureFindings(failed), ...base.findings], notes, verified: results.verified }
}
