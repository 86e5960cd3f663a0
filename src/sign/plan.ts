/**
 * The argv of signing and attesting, as arrays: `trivy convert` of the scan's own JSON report into
 * each predicate (no second pull, no second scan), then `cosign sign` and `cosign attest` of the
 * digest that was scanned. Pure. Secrets are never here: they travel in SigningPlan.secretEnv.
 */
import type { AttestKind } from '../inputs/signing.js'
import type { SigningPlan } from './prepare.js'

/** What each `attest` kind becomes: Trivy's output format and cosign's predicate type. */
export const ATTESTATIONS: Record<
  AttestKind,
  { trivyFormat: string; cosignType: string; predicateType: string }
> = {
  vuln: {
    trivyFormat: 'cosign-vuln',
    cosignType: 'vuln',
    predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1'
  },
  sbom: { trivyFormat: 'cyclonedx', cosignType: 'cyclonedx', predicateType: 'https://cyclonedx.org/bom' }
}

/** `trivy convert` of the scan's JSON report into one predicate file (offline: no DB, no image). */
export function convertArgs(kind: AttestKind, report: string, output: string): string[] {
  return ['convert', '--format', ATTESTATIONS[kind].trivyFormat, '--output', output, '--quiet', report]
}

function signerFlags(plan: SigningPlan): string[] {
  return plan.key ? ['--key', plan.key] : []
}

/** `cosign sign` of `pinned` (repository@digest); --yes: no prompt about the transparency log. */
export function signArgs(plan: SigningPlan, pinned: string): string[] {
  return ['sign', '--yes', ...signerFlags(plan), ...plan.deployment, '--', pinned]
}

/** `cosign attest` of one predicate to `pinned`. */
export function attestArgs(plan: SigningPlan, kind: AttestKind, predicate: string, pinned: string): string[] {
  return [
    'attest',
    '--yes',
    ...signerFlags(plan),
    '--type',
    ATTESTATIONS[kind].cosignType,
    '--predicate',
    predicate,
    ...plan.deployment,
    '--',
    pinned
  ]
}

/** Why a sign or attest call failed, in words that say what to change (cosign's own words kept). */
export function explainSigningFailure(error: string): string {
  if (/decrypt/.test(error))
    return `the key could not be decrypted: is COSIGN_PASSWORD the key's password? (cosign: ${error})`
  if (/Fulcio returned 40[13]/.test(error))
    return `Fulcio refused the workflow's identity token (cosign: ${error})`
  if (/selecting OIDC issuer|retrieving ID token|getting ID token/.test(error))
    return `no identity token could be had for keyless signing: the job needs permissions: id-token: write (cosign: ${error})`
  if (/UNAUTHORIZED|DENIED|401 Unauthorized|403 Forbidden|unauthorized/.test(error))
    return `the registry refused to store the signature: log in with push rights before this step (on ghcr.io: permissions: packages: write) (cosign: ${error})`
  return error
}
