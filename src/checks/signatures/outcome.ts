/**
 * What a `cosign verify` / `verify-attestation` run means, read from its exit code, its JSON and
 * its `Error:` line as cosign 3 prints them (__fixtures__/recorded/cosign-3.1.3-*.json). Pure.
 *
 * cosign's own success is not taken at its word: with bundles, `verify --key` also accepts an
 * image that carries only an attestation by that key, so a signature is proven only by a payload
 * whose `critical.type` is a signature's, for the digest asked about. And "no signatures found"
 * (exit 10) is also what cosign says about an image the registry does not have: the caller checks
 * that the image exists (`cosign tree`, existenceOutcome) before calling it unsigned.
 */
import type { AttestationType } from './rules.js'

/** What one verification established. */
export type VerifyOutcome =
  | { status: 'verified' }
  /** Nothing signed or attested at all (or only other kinds): the caller checks the image exists. */
  | { status: 'unsigned'; detail?: string }
  /** Signed (or attested), but not by the key or identity asked for. `found`: who did, when cosign says. */
  | { status: 'mismatch'; detail: string; found?: string }
  /** The registry has no such image (or tag). */
  | { status: 'image-missing'; detail: string }
  /** Neither proven nor disproven: the registry or a Sigstore service could not be reached, cosign failed. */
  | { status: 'unverifiable'; detail: string }

export interface CosignRun {
  exitCode: number
  stdout: string
  stderr: string
}

/** The predicate types of a signature: cosign 3's bundles, and cosign 2's simple signing payloads. */
const SIGNATURE_TYPES = new Set(['https://sigstore.dev/cosign/sign/v1', 'cosign container image signature'])
const IN_TOTO = 'application/vnd.in-toto+json'
const MAX_DETAIL = 400

/** cosign's `Error:` line (it prints the message twice; the first is enough), shortened. */
export function cosignError(stderr: string): string {
  const line = stderr.split('\n').find(l => l.startsWith('Error: '))
  const text = (line ? line.slice('Error: '.length) : (stderr.trim().split('\n').slice(-1)[0] ?? '')).trim()
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The `critical` sections of `cosign verify --output json`; undefined when it is not that JSON. */
function verifiedPayloads(stdout: string): Array<{ type: string; digest?: string }> | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(stdout)
  } catch {
    return undefined
  }
  if (!Array.isArray(parsed)) return undefined
  return parsed.filter(isObject).map(entry => {
    const critical = isObject(entry.critical) ? entry.critical : {}
    const image = isObject(critical.image) ? critical.image : {}
    const digest = image['docker-manifest-digest']
    return {
      type: typeof critical.type === 'string' ? critical.type : '',
      ...(typeof digest === 'string' ? { digest } : {})
    }
  })
}

/** The in-toto statements of `cosign verify-attestation --output json`: one DSSE envelope per line. */
function attestedStatements(stdout: string): Array<{ predicateType: string; digests: string[] }> {
  const statements: Array<{ predicateType: string; digests: string[] }> = []
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue
    try {
      const envelope: unknown = JSON.parse(line)
      if (!isObject(envelope) || envelope.payloadType !== IN_TOTO || typeof envelope.payload !== 'string')
        continue
      const statement: unknown = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'))
      if (!isObject(statement) || typeof statement.predicateType !== 'string') continue
      const subjects = Array.isArray(statement.subject) ? statement.subject.filter(isObject) : []
      const digests = subjects
        .map(s => (isObject(s.digest) ? s.digest.sha256 : undefined))
        .filter((d): d is string => typeof d === 'string')
        .map(hex => `sha256:${hex}`)
      statements.push({ predicateType: statement.predicateType, digests })
    } catch {
      // Not an envelope: cosign prints nothing else on stdout, and a line that is not one proves nothing.
    }
  }
  return statements
}

function signatureVerified(stdout: string, digest: string | undefined): VerifyOutcome {
  const payloads = verifiedPayloads(stdout)
  if (!payloads)
    return { status: 'unverifiable', detail: 'cosign reported success but printed no verified payloads' }
  const forDigest = payloads.filter(p => digest === undefined || p.digest === digest)
  if (forDigest.some(p => SIGNATURE_TYPES.has(p.type))) return { status: 'verified' }
  const types = [...new Set(payloads.map(p => p.type || '(no type)'))].sort()
  return {
    status: 'unsigned',
    detail: `what verifies is not a signature of this digest (${types.join(', ')}): attestations alone do not count as a signature`
  }
}

function attestationVerified(
  stdout: string,
  type: AttestationType,
  digest: string | undefined
): VerifyOutcome {
  const statements = attestedStatements(stdout)
  const matching = statements.filter(
    s => s.predicateType === type.predicateType && (digest === undefined || s.digests.includes(digest))
  )
  if (matching.length > 0) return { status: 'verified' }
  const types = [...new Set(statements.map(s => s.predicateType))].sort()
  return {
    status: 'unsigned',
    detail: `no verified ${type.name} attestation of this digest${types.length ? ` (found ${types.join(', ')})` : ''}`
  }
}

/** Who signed instead, from cosign's mismatch messages: the SAN or issuer it got, or the kind. */
function mismatchFound(reason: string): string | undefined {
  const got = /expected (SAN|issuer) value "[^"]*", got "([^"]*)"/.exec(reason)
  if (got) return got[1] === 'SAN' ? `identity ${got[2]}` : `issuer ${got[2]}`
  if (reason.includes('expected key signature, not certificate')) return 'a keyless signature (a certificate)'
  // sigstore-go's words when an identity is asked for and the signatures carry a key, no certificate.
  if (reason.includes('outside of public key validity window')) return 'a key signature (no certificate)'
  if (reason.includes('do not match threshold')) return 'signatures by another key or identity'
  return undefined
}

/** A failure cosign reports after it found signatures, or before it could look. */
function failed(error: string, attestation: AttestationType | undefined): VerifyOutcome {
  const wrongType = /none of the attestations matched the predicate type: [^,]*, found: (.*)$/.exec(error)
  if (wrongType)
    return {
      status: 'unsigned',
      detail: `no ${attestation?.name ?? 'matching'} attestation; found ${wrongType[1]!.split(',').sort().join(', ')}`
    }
  const noMatch = /^no matching (attestations|signatures):\s*(.*)$/.exec(error)
  if (noMatch && noMatch[2]!.trim() === '') return { status: 'unsigned' }
  if (noMatch) {
    const found = mismatchFound(noMatch[2]!)
    return { status: 'mismatch', detail: noMatch[2]!, ...(found ? { found } : {}) }
  }
  return { status: 'unverifiable', detail: error || 'cosign failed without an error message' }
}

/**
 * The outcome of one verification. `digest`: the digest verified (sha256:...), when the image was
 * named by digest, so payloads for another digest prove nothing.
 */
export function verifyOutcome(
  run: CosignRun,
  expected: { attestation?: AttestationType; digest?: string }
): VerifyOutcome {
  if (run.exitCode === 0)
    return expected.attestation
      ? attestationVerified(run.stdout, expected.attestation, expected.digest)
      : signatureVerified(run.stdout, expected.digest)
  const error = cosignError(run.stderr)
  // Exit codes of cosign's verify: 10 no signatures (or no image: see above), 11 no such tag.
  if (run.exitCode === 10) return { status: 'unsigned' }
  if (run.exitCode === 11) return { status: 'image-missing', detail: error }
  return failed(error, expected.attestation)
}

/** What `cosign tree` says about the image: there, missing, or the registry could not be asked. */
export function existenceOutcome(run: CosignRun): 'exists' | VerifyOutcome {
  if (run.exitCode === 0) return 'exists'
  const error = cosignError(run.stderr)
  if (error.startsWith('entity not found in registry')) return { status: 'image-missing', detail: error }
  return { status: 'unverifiable', detail: error }
}
