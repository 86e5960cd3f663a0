/**
 * The signature rules: which images must be signed (or attested), and by whom. The policy file's
 * `signatures:` section and the quick inputs (`cosign-key`, `certificate-identity`...) both become
 * SignatureRules; the check verifies each image against every rule whose patterns match it.
 */

/** Who must have signed: a key (a file cosign reads, a KMS or env:// reference) or a keyless identity. */
export type Signer =
  | {
      kind: 'key'
      /** As written: a repository path, or a reference cosign resolves (awskms://, env://...). */
      key: string
    }
  | {
      kind: 'identity'
      /** The certificate's SAN exactly (a workflow URI, an e-mail address)... */
      identity?: string
      /** ...or a regular expression it must match (RE2, as cosign reads it). */
      identityRegexp?: string
      /** The OIDC issuer the certificate names (https://token.actions.githubusercontent.com). */
      issuer: string
    }

/** Attestation types as cosign's --type names them, each with the in-toto predicate type it stands for. */
export const ATTESTATION_TYPES: Readonly<Record<string, string>> = {
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  cyclonedx: 'https://cyclonedx.org/bom',
  // `attest: sbom` writes CycloneDX: a rule may say it the same way.
  sbom: 'https://cyclonedx.org/bom',
  spdx: 'https://spdx.dev/Document',
  spdxjson: 'https://spdx.dev/Document',
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  link: 'https://in-toto.io/Link/v1',
  openvex: 'https://openvex.dev/ns',
  custom: 'https://cosign.sigstore.dev/attestation/v1'
}

/** An attestation a rule requires: the name written and the predicate type cosign checks. */
export interface AttestationType {
  /** What the policy wrote (vuln, sbom, a URI). */
  name: string
  /** The in-toto predicate type; also what `cosign verify-attestation --type` is given. */
  predicateType: string
}

/** The attestation type a name stands for, or undefined when cosign would refuse it. A URI is
 * taken as the predicate type itself, as cosign takes it. */
export function attestationType(name: string): AttestationType | undefined {
  const known = ATTESTATION_TYPES[name]
  if (known) return { name, predicateType: known }
  return /^https?:\/\/[^\s/]+\/\S*$/.test(name) ? { name, predicateType: name } : undefined
}

export interface SignatureRule {
  /** Image patterns, the syntax of base-images.allow. */
  images: string[]
  signer: Signer
  /** Set when the rule asks for an attestation of this type rather than a signature. */
  attestation?: AttestationType
  /** Where the rule was written, for messages: ".github/container-gate.yml:12", "input 'cosign-key'". */
  source: string
  /** Policy rules apply to the scanned images and to the Dockerfiles' base images; the quick
   * inputs to the scanned images only. */
  appliesTo: 'scanned-and-base' | 'scanned'
}

/** Rule IDs of the signature check, as they appear in SARIF and in ignores. */
export const SIGNATURE_RULES = {
  /** The image carries no signature (or no attestation of the type) at all. */
  missing: 'CG-SIGNATURE-MISSING',
  /** It is signed, but not by the key or identity the rule asks for. */
  mismatch: 'CG-SIGNATURE-MISMATCH',
  /** The registry could not be asked, or cosign failed for another reason: not proven either way. */
  unverifiable: 'CG-SIGNATURE-UNVERIFIABLE'
} as const

/** The subject (SARIF run and category) of every signature finding. */
export const SIGNATURES_SUBJECT = 'signatures'

/** "key .github/cosign.pub", "identity https://github.com/acme/... (issuer https://token...)". */
export function describeSigner(signer: Signer): string {
  if (signer.kind === 'key') return `key ${signer.key}`
  const who = signer.identity ?? `matching /${signer.identityRegexp}/`
  return `identity ${who} (issuer ${signer.issuer})`
}

/** "a signature" or "a vuln attestation", for messages. */
export function describeRequirement(rule: Pick<SignatureRule, 'attestation'>): string {
  return rule.attestation ? `a ${rule.attestation.name} attestation` : 'a signature'
}
