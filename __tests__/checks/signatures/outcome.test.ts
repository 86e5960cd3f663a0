/**
 * The outcome of a cosign run, read from what cosign 3.1.3 really printed (__fixtures__/recorded/,
 * kept true by the e2e suite): every recorded case maps to the outcome the action must act on,
 * including the ones where cosign's own exit code would mislead (an attestation accepted as a
 * signature, a missing digest reported as unsigned).
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { existenceOutcome, verifyOutcome, type CosignRun } from '../../../src/checks/signatures/outcome.js'
import { attestationType } from '../../../src/checks/signatures/rules.js'
import { RECORDED, recorded } from '../../helpers/shared.js'

interface Recording extends CosignRun {
  command: string[]
}

function load(name: string): Recording {
  return JSON.parse(recorded(`cosign-3.1.3-${name}.json`)) as Recording
}

/** The digest the recorded command verified (the image's @sha256:...), as the action passes it. */
function digestOf(r: Recording): string | undefined {
  return /@(sha256:[0-9a-f]{64})$/.exec(r.command[r.command.length - 1]!)?.[1]
}

const vuln = attestationType('vuln')!
const cyclonedx = attestationType('cyclonedx')!

function signature(name: string) {
  const r = load(name)
  return verifyOutcome(r, { digest: digestOf(r) })
}

function attestation(name: string, type = vuln) {
  const r = load(name)
  return verifyOutcome(r, { attestation: type, digest: digestOf(r) })
}

describe('verifyOutcome on recorded cosign verify runs', () => {
  it('verified: a signature payload for the digest, by key or keyless', () => {
    expect(signature('verify-key-ok')).toEqual({ status: 'verified' })
    expect(signature('verify-keyless-ok')).toEqual({ status: 'verified' })
  })

  it('an attestation alone is not a signature, though cosign exits 0', () => {
    expect(load('verify-attestations-only').exitCode).toBe(0)
    expect(signature('verify-attestations-only')).toEqual({
      status: 'unsigned',
      detail:
        'what verifies is not a signature of this digest (https://cosign.sigstore.dev/attestation/vuln/v1, https://cyclonedx.org/bom): attestations alone do not count as a signature'
    })
  })

  it('a signature of another digest proves nothing about this one', () => {
    const r = load('verify-key-ok')
    expect(verifyOutcome(r, { digest: `sha256:${'1'.repeat(64)}` }).status).toBe('unsigned')
    // Without a digest (a base image named by tag), any signature payload cosign verified counts.
    expect(verifyOutcome(r, {})).toEqual({ status: 'verified' })
  })

  it('no signatures (exit 10): unsigned, for an unsigned image and for a digest the registry lacks alike', () => {
    expect(signature('verify-no-signatures')).toEqual({ status: 'unsigned' })
    expect(signature('verify-keyless-no-signatures')).toEqual({ status: 'unsigned' })
    expect(signature('verify-digest-not-found')).toEqual({ status: 'unsigned' })
  })

  it('a tag the registry lacks (exit 11): the image is missing', () => {
    expect(signature('verify-tag-not-found')).toEqual({
      status: 'image-missing',
      detail: expect.stringMatching(/^image tag not found: GET .*MANIFEST_UNKNOWN/)
    })
  })

  it('signed by someone else: the identity, issuer or kind found', () => {
    expect(signature('verify-identity-mismatch')).toMatchObject({
      status: 'mismatch',
      found: 'identity https://github.com/mallory/app/.github/workflows/release.yml@refs/heads/main'
    })
    expect(signature('verify-issuer-mismatch')).toMatchObject({
      status: 'mismatch',
      found: 'issuer https://gitlab.com'
    })
    expect(signature('verify-key-mismatch')).toMatchObject({
      status: 'mismatch',
      found: 'signatures by another key or identity',
      detail: expect.stringContaining('accepted signatures do not match threshold')
    })
    expect(signature('verify-key-on-keyless')).toMatchObject({
      status: 'mismatch',
      found: 'a keyless signature (a certificate)'
    })
    expect(signature('verify-identity-on-key')).toMatchObject({
      status: 'mismatch',
      found: 'a key signature (no certificate)'
    })
  })

  it('could not ask: registry unreachable, Sigstore TUF out of reach, no SCT in the root', () => {
    expect(signature('verify-registry-unreachable')).toEqual({
      status: 'unverifiable',
      detail: expect.stringContaining('connect: connection refused')
    })
    expect(signature('verify-key-needs-tuf')).toEqual({
      status: 'unverifiable',
      detail: expect.stringMatching(/^setting trusted material: getting trusted root from TUF/)
    })
    expect(signature('verify-keyless-without-ignore-sct').status).not.toBe('verified')
  })

  it('cosign errors are shortened and never more than one line', () => {
    const long: CosignRun = {
      exitCode: 1,
      stdout: '',
      stderr: `Error: ${'x'.repeat(2000)}\nerror during command execution: x\n`
    }
    const outcome = verifyOutcome(long, {})
    expect(outcome.status).toBe('unverifiable')
    expect((outcome as { detail: string }).detail.length).toBeLessThanOrEqual(400)
  })
})

describe('verifyOutcome on recorded cosign verify-attestation runs', () => {
  it('verified: an in-toto statement of the type, for the digest', () => {
    expect(attestation('verify-attestation-vuln-ok')).toEqual({ status: 'verified' })
    expect(attestation('verify-attestation-keyless-ok', cyclonedx)).toEqual({ status: 'verified' })
    // The same envelopes do not prove another type, nor another digest.
    expect(attestation('verify-attestation-vuln-ok', cyclonedx).status).toBe('unsigned')
    const r = load('verify-attestation-vuln-ok')
    expect(verifyOutcome(r, { attestation: vuln, digest: `sha256:${'2'.repeat(64)}` }).status).toBe(
      'unsigned'
    )
  })

  it('nothing attached, only a signature, or only other types: the attestation is missing', () => {
    expect(attestation('verify-attestation-none')).toEqual({ status: 'unsigned' })
    expect(attestation('verify-attestation-signature-only')).toEqual({
      status: 'unsigned',
      detail: 'no vuln attestation; found https://sigstore.dev/cosign/sign/v1'
    })
    const spdx = attestationType('spdxjson')!
    expect(attestation('verify-attestation-type-missing', spdx)).toEqual({
      status: 'unsigned',
      detail:
        'no spdxjson attestation; found https://cosign.sigstore.dev/attestation/vuln/v1, https://cyclonedx.org/bom'
    })
  })

  it('attested by another identity: a mismatch naming it', () => {
    expect(attestation('verify-attestation-identity-mismatch', cyclonedx)).toMatchObject({
      status: 'mismatch',
      found: 'identity https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main'
    })
  })
})

describe('existenceOutcome on recorded cosign tree runs', () => {
  it('tells an image that is there from one that is not and from a registry that cannot be asked', () => {
    expect(existenceOutcome(load('tree-ok'))).toBe('exists')
    expect(existenceOutcome(load('tree-digest-not-found'))).toEqual({
      status: 'image-missing',
      detail: expect.stringMatching(/^entity not found in registry/)
    })
    expect(existenceOutcome(load('tree-registry-unreachable'))).toEqual({
      status: 'unverifiable',
      detail: expect.stringContaining('connection refused')
    })
  })
})

describe('every recording is read by this test', () => {
  it('names each cosign recording the e2e suite keeps', () => {
    const source = readFileSync(join(process.cwd(), '__tests__/checks/signatures/outcome.test.ts'), 'utf8')
    const names = readdirSync(RECORDED)
      .filter(f => f.startsWith('cosign-3.1.3-') && f.endsWith('.json') && existsSync(join(RECORDED, f)))
      .map(f => f.slice('cosign-3.1.3-'.length, -'.json'.length))
      .filter(name => !name.startsWith('sign-'))
    expect(names.filter(name => !source.includes(`'${name}'`))).toEqual([])
  })
})
