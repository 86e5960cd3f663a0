/**
 * The signature inputs' bad values (issue 12, "Bad input"): each one error naming the input, the
 * value and what is accepted, before any scan. The files they name are checked by the stages
 * (__tests__/checks/signatures/prepare.test.ts).
 */
import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../src/errors.js'
import { readSigningInputs } from '../../src/inputs/signing.js'

const GITHUB = 'https://token.actions.githubusercontent.com'
const RELEASE = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main'

function read(values: Record<string, string>, mode: 'gate' | 'monitor' = 'gate') {
  return readSigningInputs(name => values[name] ?? '', mode)
}

function refusal(values: Record<string, string>, mode: 'gate' | 'monitor' = 'gate'): string {
  try {
    read(values, mode)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error(`expected ${JSON.stringify(values)} to be refused`)
}

describe('readSigningInputs', () => {
  it('nothing set: no signing, nothing required', () => {
    expect(read({})).toEqual({ sign: false, attest: [] })
  })

  it('reads sign, attest (lists, any case, once each) and the keyless pair', () => {
    expect(
      read({
        sign: 'true',
        attest: 'VULN, sbom\nvuln',
        'certificate-identity': RELEASE,
        'certificate-oidc-issuer': GITHUB
      })
    ).toEqual({
      sign: true,
      attest: ['vuln', 'sbom'],
      certificateIdentity: RELEASE,
      certificateOidcIssuer: GITHUB
    })
  })

  it('an unknown attestation type names the input and what is accepted', () => {
    expect(refusal({ sign: 'true', attest: 'vuln, provenance' })).toMatch(
      /Input 'attest'.*"provenance".*vuln, sbom/s
    )
  })

  it('attest without sign', () => {
    expect(refusal({ attest: 'vuln' })).toMatch(/Input 'attest'.*set sign: true/s)
  })

  it('sign that is not a boolean', () => {
    expect(refusal({ sign: 'yes please' })).toMatch(/Input 'sign'.*"yes please"/s)
  })

  it('an identity without an issuer, an issuer without an identity', () => {
    expect(refusal({ 'certificate-identity': RELEASE })).toMatch(
      /Input 'certificate-oidc-issuer'.*needs its OIDC issuer/s
    )
    expect(refusal({ 'certificate-identity-regexp': '^https://github.com/acme/' })).toMatch(
      /certificate-oidc-issuer.*certificate-identity-regexp/s
    )
    expect(refusal({ 'certificate-oidc-issuer': GITHUB })).toMatch(/says nothing about who signed/)
  })

  it('both identity and identity-regexp', () => {
    expect(
      refusal({
        'certificate-identity': RELEASE,
        'certificate-identity-regexp': '.*',
        'certificate-oidc-issuer': GITHUB
      })
    ).toMatch(/Input 'certificate-identity-regexp'.*not both/s)
  })

  it('an identity pattern that is not a regular expression', () => {
    expect(
      refusal({ 'certificate-identity-regexp': '(unclosed', 'certificate-oidc-issuer': GITHUB })
    ).toMatch(/Input 'certificate-identity-regexp'.*"\(unclosed".*regular expression/s)
  })

  it('an identity pattern not anchored with ^ (cosign matches it anywhere in the identity)', () => {
    expect(
      refusal({ 'certificate-identity-regexp': 'github\\.com/acme/', 'certificate-oidc-issuer': GITHUB })
    ).toMatch(/Input 'certificate-identity-regexp'.*it must be anchored with \^/s)
  })

  it('key and keyless in the same requirement (verifying)', () => {
    expect(
      refusal({
        'cosign-key': 'cosign.pub',
        'certificate-identity': RELEASE,
        'certificate-oidc-issuer': GITHUB
      })
    ).toMatch(/Input 'cosign-key'.*key and keyless/s)
    // Signing with the key while every image must verify keyless is two different things: allowed.
    expect(
      read({
        sign: 'true',
        'cosign-key': 'cosign.key',
        'certificate-identity': RELEASE,
        'certificate-oidc-issuer': GITHUB
      }).cosignKey
    ).toBe('cosign.key')
  })

  it('sign in monitor mode', () => {
    expect(refusal({ sign: 'true' }, 'monitor')).toMatch(/Input 'sign'.*mode: gate/s)
  })
})
