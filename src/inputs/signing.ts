/**
 * The signature inputs: what every scanned image must be signed with (the quick path for
 * workflows without a policy file), which Sigstore deployment to trust, and whether to sign and
 * attest what passed. Only their form is checked here; the files they name are read (inside
 * limits) and checked before any scan, by the signature stages.
 */
import { badInput } from '../errors.js'
import { booleanInput, list, type InputReader } from './values.js'

/** What `attest` accepts: the vulnerability report and the SBOM of the scan, in cosign's predicates. */
export const ATTEST_KINDS = ['vuln', 'sbom'] as const
export type AttestKind = (typeof ATTEST_KINDS)[number]

export const SIGNING_INPUT_NAMES = [
  'sign',
  'attest',
  'cosign-key',
  'certificate-identity',
  'certificate-identity-regexp',
  'certificate-oidc-issuer',
  'sigstore-trusted-root',
  'sigstore-signing-config'
] as const

export interface SigningInputs {
  /** Sign each scanned registry image, by the digest scanned, when the verdict passes. */
  sign: boolean
  /** Attestations to attach with the signature, made from the same scan. */
  attest: AttestKind[]
  /** With sign: the private key to sign with; without: the public key every scanned image must verify with. */
  cosignKey?: string
  /** Keyless verification of every scanned image: the certificate identity (or a pattern) and issuer. */
  certificateIdentity?: string
  certificateIdentityRegexp?: string
  certificateOidcIssuer?: string
  /** A private Sigstore deployment's trusted_root.json (or an offline verifier's). */
  trustedRoot?: string
  /** That deployment's signing config: which Fulcio (and log) signing uses. */
  signingConfig?: string
}

/** Constructs RE2 (cosign's regular expressions) does not have, which JavaScript would accept. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]/

/**
 * Why cosign could not use `pattern` as --certificate-identity-regexp safely, or undefined. cosign
 * matches it anywhere in the identity, so an unanchored `github.com/acme/` also accepts a workflow
 * of another owner on a branch named `github.com/acme/x`: the pattern must start with ^.
 */
export function identityRegexpProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern)
  } catch (error) {
    return `it is not a regular expression (${(error as Error).message})`
  }
  if (NOT_RE2.test(pattern)) return 'lookarounds and back-references are not RE2 syntax, which cosign uses'
  if (!pattern.startsWith('^'))
    return "it must be anchored with ^: cosign matches it anywhere in the identity, so an unanchored pattern also accepts identities that merely contain it (for example a branch named after it). Write '^https://github\\.com/acme/' or '^.*@acme\\.com$'"
  return undefined
}

function optional(value: string): string | undefined {
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function attestInput(raw: string): AttestKind[] {
  const kinds: AttestKind[] = []
  for (const value of list(raw)) {
    const word = value.toLowerCase()
    if (!(ATTEST_KINDS as readonly string[]).includes(word))
      throw badInput(
        'attest',
        value,
        `expected a list of ${ATTEST_KINDS.join(', ')} (vuln: the scan's vulnerabilities as cosign's vuln predicate; sbom: its CycloneDX SBOM)`
      )
    if (!kinds.includes(word as AttestKind)) kinds.push(word as AttestKind)
  }
  return kinds
}

/** The keyless inputs: exactly one of identity and identity-regexp, always with an issuer. */
function checkIdentityInputs(inputs: SigningInputs): void {
  const { certificateIdentity: id, certificateIdentityRegexp: re, certificateOidcIssuer: issuer } = inputs
  if (id && re)
    throw badInput(
      'certificate-identity-regexp',
      re,
      'give either certificate-identity or certificate-identity-regexp, not both (cosign takes one)'
    )
  if ((id || re) && !issuer)
    throw badInput(
      'certificate-oidc-issuer',
      '',
      `a keyless identity needs its OIDC issuer: set certificate-oidc-issuer (for GitHub Actions workflows https://token.actions.githubusercontent.com) along with ${id ? 'certificate-identity' : 'certificate-identity-regexp'}`
    )
  if (issuer && !id && !re)
    throw badInput(
      'certificate-oidc-issuer',
      issuer,
      'an issuer alone says nothing about who signed: set certificate-identity (or certificate-identity-regexp) too'
    )
  const problem = re === undefined ? undefined : identityRegexpProblem(re)
  if (problem)
    throw badInput(
      'certificate-identity-regexp',
      re!,
      `expected a regular expression (RE2 syntax, as cosign reads it), but ${problem}`
    )
}

/** Reads and checks the form of the signature inputs (not yet the files they name). */
export function readSigningInputs(get: InputReader, mode: 'gate' | 'monitor'): SigningInputs {
  const inputs: SigningInputs = {
    sign: booleanInput('sign', get('sign'), false),
    attest: attestInput(get('attest')),
    cosignKey: optional(get('cosign-key')),
    certificateIdentity: optional(get('certificate-identity')),
    certificateIdentityRegexp: optional(get('certificate-identity-regexp')),
    certificateOidcIssuer: optional(get('certificate-oidc-issuer')),
    trustedRoot: optional(get('sigstore-trusted-root')),
    signingConfig: optional(get('sigstore-signing-config'))
  }
  checkIdentityInputs(inputs)
  if (inputs.attest.length > 0 && !inputs.sign)
    throw badInput(
      'attest',
      get('attest').trim(),
      'attestations are made only with the signature of an image that passed: set sign: true as well'
    )
  if (inputs.sign && mode === 'monitor')
    throw badInput(
      'sign',
      'true',
      'a signature says the image passed the gate; mode monitor reports on published images without gating them: sign in the gate workflow (mode: gate)'
    )
  if (inputs.cosignKey && !inputs.sign && (inputs.certificateIdentity || inputs.certificateIdentityRegexp))
    throw badInput(
      'cosign-key',
      inputs.cosignKey,
      'key and keyless in the same requirement: every scanned image would need both a signature by this key and one by the certificate identity. Keep one, or write two rules in the policy file (signatures:)'
    )
  return inputs
}
