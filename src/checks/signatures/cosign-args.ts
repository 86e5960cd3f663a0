/**
 * The cosign argv of verification, as arrays (never a shell): `cosign verify` for a signature,
 * `cosign verify-attestation --type` for an attestation, `cosign tree` to tell a missing image
 * from an unsigned one. Pure. `--` ends the options, so an image can never be read as a flag.
 */
import type { Signer, SignatureRule } from './rules.js'
import { trustFlags, type SigstoreTrust } from './trust.js'

/** The key or identity flags of a signer. */
export function signerFlags(signer: Signer, keyFile: string | undefined): string[] {
  if (signer.kind === 'key') return ['--key', keyFile ?? signer.key]
  const who = signer.identity
    ? ['--certificate-identity', signer.identity]
    : ['--certificate-identity-regexp', signer.identityRegexp ?? '']
  return [...who, '--certificate-oidc-issuer', signer.issuer]
}

/**
 * `cosign verify` (or `verify-attestation --type T` when the rule asks for an attestation) of one
 * image against one rule. `keyFile` is the validated copy of a key file the rule names (cosign
 * reads that copy, not the repository path); references (awskms://, env://) are passed as written.
 */
export function verifyArgs(
  rule: Pick<SignatureRule, 'signer' | 'attestation'>,
  image: string,
  trust: SigstoreTrust,
  keyFile?: string
): string[] {
  const command = rule.attestation
    ? ['verify-attestation', '--type', rule.attestation.predicateType]
    : ['verify']
  return [
    ...command,
    ...signerFlags(rule.signer, keyFile),
    ...trustFlags(trust, rule.signer.kind === 'identity'),
    '--output',
    'json',
    '--',
    image
  ]
}

/** `cosign tree`: fetches the image's manifest first, so it fails with "entity not found in
 * registry" for an image the registry does not have (which `verify` reports as unsigned). */
export function treeArgs(image: string): string[] {
  return ['tree', '--', image]
}
