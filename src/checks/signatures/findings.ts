/**
 * Verification outcomes as findings (kind `signature`, CRITICAL: the policy requires them). A
 * scanned image's finding is located at the image (SARIF's pseudo-path of the image); a base
 * image's at the Dockerfile line that pulls it. Several rules that fail the same way on the same
 * image and line are one finding naming each rule, so code scanning sees one alert per problem.
 * Pure.
 */
import type { Finding } from '../../findings/model.js'
import type { VerifyOutcome } from './outcome.js'
import {
  describeRequirement,
  describeSigner,
  SIGNATURE_RULES,
  SIGNATURES_SUBJECT,
  type SignatureRule
} from './rules.js'

/** Where an image comes from: a scanned image input, or a line of a Dockerfile that pulls it. */
export type ImageSite =
  | { kind: 'scanned'; reference: string }
  | { kind: 'base'; file: string; startLine: number; endLine: number; written: string }

/** One image as cosign is asked about it, and where to report what it says. */
export interface SignatureTarget {
  /** What cosign verifies: repository@digest for a scanned image, the FROM reference for a base image. */
  image: string
  /** The digest `image` pins, so only payloads for that digest count. */
  digest?: string
  /** Trivy pulled it by that digest: cosign's "no signatures found" then cannot mean "no image". */
  knownToExist: boolean
  site: ImageSite
}

type Failure = Exclude<VerifyOutcome, { status: 'verified' }>

const TEXTS = {
  [SIGNATURE_RULES.missing]: {
    title: 'Required signature missing',
    description:
      'The policy (signatures:) requires images matching these patterns to be signed, or attested, by the key or identity it names; this image carries no such signature or attestation.'
  },
  [SIGNATURE_RULES.mismatch]: {
    title: 'Signed by someone else',
    description:
      'The image is signed (or attested), but not by the key or keyless identity the policy (signatures:) requires: whoever signed it is not who the policy trusts.'
  },
  [SIGNATURE_RULES.unverifiable]: {
    title: 'Signature could not be verified',
    description:
      'cosign could not establish whether the image is signed as the policy requires (the registry or a Sigstore service could not be reached, or the image is not there). What was not verified does not pass: this blocks like a missing signature until the verification succeeds.'
  }
} as const

function ruleIdOf(outcome: Failure): string {
  if (outcome.status === 'unsigned') return SIGNATURE_RULES.missing
  if (outcome.status === 'mismatch') return SIGNATURE_RULES.mismatch
  return SIGNATURE_RULES.unverifiable
}

/** What went wrong against one rule, in a sentence that names the rule. */
function problem(outcome: Failure, rule: SignatureRule): string {
  const wanted = `${describeRequirement(rule)} by ${describeSigner(rule.signer)}`
  switch (outcome.status) {
    case 'unsigned':
      return `has no ${wanted.slice(2)}, which ${rule.source} requires${outcome.detail ? ` (${outcome.detail})` : ''}`
    case 'mismatch':
      return `is not signed by ${describeSigner(rule.signer)} as ${rule.source} requires: ${outcome.found ? `found ${outcome.found}` : `cosign: ${outcome.detail}`}`
    case 'image-missing':
      return `is not in the registry, so ${wanted} (${rule.source}) cannot be checked (cosign: ${outcome.detail})`
    case 'unverifiable':
      return `could not be checked for ${wanted} (${rule.source}): ${outcome.detail}`
  }
}

function siteText(target: SignatureTarget): string {
  return target.site.kind === 'base' ? `${target.site.written} (${target.image})` : target.image
}

/** One verification that did not verify. */
export interface FailedCheck {
  target: SignatureTarget
  rule: SignatureRule
  outcome: Failure
}

function findingOf(ruleId: keyof typeof TEXTS, checks: readonly FailedCheck[]): Finding {
  const { target } = checks[0]!
  const site = target.site
  const problems = checks.map(c => problem(c.outcome, c.rule))
  return {
    tool: 'container-gate',
    kind: 'signature',
    ruleId,
    aliases: [],
    severity: 'CRITICAL',
    ...TEXTS[ruleId],
    message: `${siteText(target)} ${problems.join('; and ')}`,
    // The image as the workflow or the Dockerfile names it: a stable identity across digests.
    target: site.kind === 'scanned' ? site.reference : target.image,
    subject: SIGNATURES_SUBJECT,
    image: site.kind === 'scanned' ? site.reference : target.image,
    ...(site.kind === 'base' ? { file: site.file, startLine: site.startLine, endLine: site.endLine } : {})
  }
}

function placeKey(target: SignatureTarget): string {
  const site = target.site
  return site.kind === 'scanned'
    ? `scanned\u0000${site.reference}`
    : `base\u0000${site.file}\u0000${site.startLine}\u0000${target.image}`
}

/** The findings of the failed verifications: one per image and place and rule ID. */
export function signatureFindings(failed: readonly FailedCheck[]): Finding[] {
  const groups = new Map<string, { ruleId: keyof typeof TEXTS; checks: FailedCheck[] }>()
  for (const check of failed) {
    const ruleId = ruleIdOf(check.outcome) as keyof typeof TEXTS
    const key = `${placeKey(check.target)}\u0000${ruleId}`
    const group = groups.get(key) ?? { ruleId, checks: [] }
    group.checks.push(check)
    groups.set(key, group)
  }
  return [...groups.values()].map(g => findingOf(g.ruleId, g.checks))
}
