/**
 * The signature fixtures are what they claim, proven with the real cosign (not the action): the
 * key-signed image verifies with its key and not with the other one, the unsigned one has no
 * signature, the keyless ones verify through the test CA's trusted root only for the identity and
 * issuer they carry (and the failure names the identity found), and the vendor base image verifies
 * by its vendor's identity. Every cosign call stays offline (its TUF cache stays empty, a control
 * shows that the check would see a call that is not). What cosign prints is kept under
 * __fixtures__/recorded/ for the action's parser (see helpers/recorded.ts).
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import { e2eEnv } from './helpers/harness.js'
import { recordOrCompare } from './helpers/recorded.js'
import {
  cosignEnv,
  runCosign,
  signingFixtures,
  verifyIdentityArgs,
  verifyKeyArgs,
  type CosignResult,
  type IdentityName,
  type SignedImageName
} from './helpers/signing.js'

const env = e2eEnv()
const s = signingFixtures(env)
const pinned = (name: SignedImageName) => s.images[name].pinned
const identity = (name: IdentityName) => ({
  identity: s.identities[name].identity,
  issuer: s.identities[name].issuer
})
const SIGN_TYPE = 'https://sigstore.dev/cosign/sign/v1'

/** cosign's error line, without the warning about the skipped transparency log before it. */
const errorOf = (r: CosignResult) => r.stderr.split('\n').find(l => l.startsWith('Error: ')) ?? r.stderr

/** Runs cosign and checks that it did not reach for Sigstore's public TUF repository. */
async function offline(args: string[]): Promise<CosignResult> {
  const r = await runCosign(args)
  expect(tufEntries(r)).toEqual([])
  return r
}

function tufEntries(r: CosignResult): string[] {
  const dir = r.env.TUF_ROOT!
  return existsSync(dir) ? readdirSync(dir) : []
}

/** The verified payloads of a successful `cosign verify --output json`. */
function verified(r: CosignResult): { critical: { type: string; image: Record<string, string> } }[] {
  expect(r.exitCode === 0 ? 0 : r.stderr).toBe(0)
  return JSON.parse(r.stdout) as { critical: { type: string; image: Record<string, string> } }[]
}

describe('signature fixtures (real cosign, offline)', () => {
  it('the key-signed image verifies with the main key, by digest, as a signature', async () => {
    const r = await offline(verifyKeyArgs(s.keys.main.public, pinned('signed-key')))
    expect(verified(r)).toEqual([
      expect.objectContaining({
        critical: {
          identity: { 'docker-reference': pinned('signed-key') },
          image: { 'docker-manifest-digest': s.images['signed-key'].digest },
          type: SIGN_TYPE
        }
      })
    ])
    recordOrCompare('verify-key-ok', 'verify --key: signed with that key (stdout: the verified payloads)', r)
  })

  it('the image signed with the other key fails with the main key (and verifies with the other)', async () => {
    const control = await offline(verifyKeyArgs(s.keys.other.public, pinned('signed-other-key')))
    expect(verified(control)).toHaveLength(1)
    const r = await offline(verifyKeyArgs(s.keys.main.public, pinned('signed-other-key')))
    expect(r.exitCode).toBe(1)
    expect(errorOf(r)).toBe(
      'Error: no matching attestations: failed to verify signature: could not verify envelope: accepted signatures do not match threshold, Found: 0, Expected 1'
    )
    recordOrCompare('verify-key-mismatch', 'verify --key: signed, but with another key', r)
  })

  it('the unsigned image has no signature, with a key or an identity (exit code 10)', async () => {
    const byKey = await offline(verifyKeyArgs(s.keys.main.public, pinned('unsigned')))
    expect([byKey.exitCode, errorOf(byKey)]).toEqual([10, 'Error: no signatures found'])
    recordOrCompare('verify-no-signatures', 'verify --key: the image has no signature (exit 10)', byKey)
    const byIdentity = await offline(verifyIdentityArgs(s, identity('release'), pinned('unsigned')))
    expect([byIdentity.exitCode, errorOf(byIdentity)]).toEqual([10, 'Error: no signatures found'])
    recordOrCompare(
      'verify-keyless-no-signatures',
      'verify keyless: the image has no signature (exit 10)',
      byIdentity
    )
  })

  it('the keyless image verifies through the trusted root for its identity and issuer', async () => {
    const r = await offline(verifyIdentityArgs(s, identity('release'), pinned('keyless')))
    expect(verified(r).map(p => [p.critical.type, p.critical.image['docker-manifest-digest']])).toEqual([
      [SIGN_TYPE, s.images.keyless.digest]
    ])
    recordOrCompare('verify-keyless-ok', 'verify keyless (identity, issuer, trusted root): verified', r)
    const byPattern = await offline(
      verifyIdentityArgs(
        s,
        {
          identityRegexp: '^https://github\\.com/acme/app/\\.github/workflows/',
          issuer: identity('release').issuer
        },
        pinned('keyless')
      )
    )
    expect(verified(byPattern)).toHaveLength(1)
  })

  it('a wrong identity fails, naming the identity it found', async () => {
    const r = await offline(verifyIdentityArgs(s, identity('release'), pinned('keyless-wrong-identity')))
    expect(r.exitCode).toBe(1)
    expect(errorOf(r)).toBe(
      'Error: no matching attestations: failed to verify certificate identity: no matching CertificateIdentity found, ' +
        `last error: expected SAN value "${identity('release').identity}", got "${identity('wrong').identity}"`
    )
    recordOrCompare('verify-identity-mismatch', 'verify keyless: signed by another identity', r)
    // The fixture really is signed: by the identity it carries.
    expect(
      verified(await offline(verifyIdentityArgs(s, identity('wrong'), pinned('keyless-wrong-identity'))))
    ).toHaveLength(1)
  })

  it('the right identity from a wrong issuer fails, naming the issuer it found', async () => {
    const r = await offline(verifyIdentityArgs(s, identity('release'), pinned('keyless-wrong-issuer')))
    expect(errorOf(r)).toBe(
      'Error: no matching attestations: failed to verify certificate identity: no matching CertificateIdentity found, ' +
        `last error: expected issuer value "${identity('release').issuer}", got "${identity('wrong-issuer').issuer}"`
    )
    recordOrCompare(
      'verify-issuer-mismatch',
      'verify keyless: the identity matches, the OIDC issuer does not',
      r
    )
  })

  it('the vendor base image verifies by its vendor identity (exact and by pattern), and not as ours', async () => {
    const vendor = identity('vendor')
    expect(verified(await offline(verifyIdentityArgs(s, vendor, pinned('vendor-base'))))).toHaveLength(1)
    const byPattern = verifyIdentityArgs(
      s,
      { identityRegexp: '^keyless@vendor-images\\.iam\\.gserviceaccount\\.com$', issuer: vendor.issuer },
      s.images['vendor-base'].reference
    )
    expect(verified(await offline(byPattern))).toHaveLength(1)
    const asOurs = await offline(verifyIdentityArgs(s, identity('release'), pinned('vendor-base')))
    expect(errorOf(asOurs)).toContain(`got "${vendor.identity}"`)
  })

  it('a key signature checked for an identity and a keyless one checked with a key fail (kind mismatch)', async () => {
    const keyless = await offline(verifyKeyArgs(s.keys.main.public, pinned('keyless')))
    expect(errorOf(keyless)).toBe('Error: no matching attestations: expected key signature, not certificate')
    recordOrCompare('verify-key-on-keyless', 'verify --key on an image signed keyless', keyless)
    // cosign's words for this case do not say what happened: the parser must not rely on them.
    const keyed = await offline(verifyIdentityArgs(s, identity('release'), pinned('signed-key')))
    expect(errorOf(keyed)).toBe(
      'Error: no matching attestations: signature time outside of public key validity window'
    )
    recordOrCompare('verify-identity-on-key', 'verify keyless on an image signed with a key', keyed)
  })

  it('an unreachable registry, a missing tag and a missing digest', async () => {
    const digest = s.images['signed-key'].digest
    const down = await offline(
      verifyKeyArgs(s.keys.main.public, `127.0.0.1:9/container-gate/signed-key@${digest}`)
    )
    expect(down.exitCode).toBe(1)
    expect(errorOf(down)).toContain('connect: connection refused')
    recordOrCompare('verify-registry-unreachable', 'verify --key: nothing listens at the registry', down)
    const noTag = await offline(
      verifyKeyArgs(s.keys.main.public, `${env.registry}/container-gate/signed-key:missing`)
    )
    expect([noTag.exitCode, errorOf(noTag)]).toEqual([11, expect.stringContaining('image tag not found')])
    recordOrCompare('verify-tag-not-found', 'verify --key: the tag does not exist (exit 11)', noTag)
    // A digest the registry does not have reads exactly like an unsigned image: cosign looks up
    // the signatures, not the image. Only a separate look at the image can tell the two apart.
    const noImage = await offline(
      verifyKeyArgs(s.keys.main.public, `${env.registry}/container-gate/signed-key@sha256:${'0'.repeat(64)}`)
    )
    expect([noImage.exitCode, errorOf(noImage)]).toEqual([10, 'Error: no signatures found'])
    recordOrCompare(
      'verify-digest-not-found',
      'verify --key: the digest is not in the registry (reads as unsigned)',
      noImage
    )
  })

  it('without the offline flags cosign fails, and the TUF check sees a call that is not offline', async () => {
    const noSct = await offline(
      verifyIdentityArgs(s, identity('release'), pinned('keyless')).filter(a => a !== '--insecure-ignore-sct')
    )
    expect(errorOf(noSct)).toContain('failed to verify signed certificate timestamp')
    recordOrCompare(
      'verify-keyless-without-ignore-sct',
      'verify keyless without --insecure-ignore-sct: no SCT',
      noSct
    )
    const noTlog = await offline(
      verifyIdentityArgs(s, identity('release'), pinned('keyless')).filter(
        a => a !== '--insecure-ignore-tlog'
      )
    )
    expect(errorOf(noTlog)).toContain('not enough verified log entries from transparency log')
    // A key without --insecure-ignore-tlog or a trusted root makes cosign fetch Sigstore's public
    // trusted root through TUF: the refusing proxy stops it, and the TUF cache shows the attempt.
    const control = await runCosign(
      verifyKeyArgs(s.keys.main.public, pinned('signed-key')).filter(a => a !== '--insecure-ignore-tlog'),
      cosignEnv()
    )
    expect(control.exitCode).toBe(1)
    expect(errorOf(control)).toContain('getting trusted root from TUF')
    expect(tufEntries(control)).toEqual(['tuf-repo-cdn.sigstore.dev'])
    recordOrCompare(
      'verify-key-needs-tuf',
      'verify --key without --insecure-ignore-tlog, no network',
      control
    )
  })
})
