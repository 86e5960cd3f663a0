/**
 * Signing for real, with the real cosign, offline: keyless through the run's stand-in GitHub OIDC
 * token endpoint and Fulcio (an ephemeral key, certified for the workflow identity in the token),
 * with the token given as SIGSTORE_ID_TOKEN or fetched by cosign itself from the Actions request
 * variables; and the failures `sign: true` has to report (token refused, no token, wrong key
 * password), after which the registry shows no signature. Each scenario signs a fresh image.
 */
import { describe, expect, it } from '@jest/globals'
import { e2eEnv } from './helpers/harness.js'
import { recordOrCompare } from './helpers/recorded.js'
import {
  attachedPredicateTypes,
  cosignEnv,
  fetchIdToken,
  freshImage,
  runCosign,
  signArgs,
  signingFixtures,
  signKeylessArgs,
  verifyIdentityArgs,
  workflowTokenEnv,
  type CosignResult
} from './helpers/signing.js'

const env = e2eEnv()
const s = signingFixtures(env)
const SIGN_TYPE = 'https://sigstore.dev/cosign/sign/v1'
const release = { identity: s.identities.release.identity, issuer: s.identities.release.issuer }
const fresh = (name: string) => freshImage(env, env.fixtures.images['alpine-clean']!.reference, name)
const errorOf = (r: CosignResult) => r.stderr.split('\n').find(l => l.startsWith('Error: ')) ?? r.stderr

describe('signing (real cosign, offline)', () => {
  it('keyless with SIGSTORE_ID_TOKEN: the stand-in Fulcio certifies the workflow identity', async () => {
    const img = await fresh('keyless-token')
    const token = await fetchIdToken(s, 'release')
    const signed = await runCosign(signKeylessArgs(s, img.pinned), cosignEnv({ SIGSTORE_ID_TOKEN: token }))
    expect(signed.exitCode === 0 ? 0 : signed.stderr).toBe(0)
    expect(signed.stderr).toContain('Generating ephemeral keys...')
    expect(await attachedPredicateTypes(img.pinned)).toEqual([SIGN_TYPE])
    const verified = await runCosign(verifyIdentityArgs(s, release, img.pinned))
    expect(verified.exitCode === 0 ? 0 : verified.stderr).toBe(0)
  })

  it("keyless with the workflow's token request variables: cosign fetches the token itself", async () => {
    const img = await fresh('keyless-ambient')
    const signed = await runCosign(signKeylessArgs(s, img.pinned), cosignEnv(workflowTokenEnv(s, 'wrong')))
    expect(signed.exitCode === 0 ? 0 : signed.stderr).toBe(0)
    const verified = await runCosign(verifyIdentityArgs(s, release, img.pinned))
    expect(errorOf(verified)).toContain(`got "${s.identities.wrong.identity}"`)
  })

  it('a token Fulcio refuses, no token at all, and a wrong key password: nothing is signed', async () => {
    const img = await fresh('sign-refused')
    const [header, payload] = (await fetchIdToken(s, 'release')).split('.')
    const forged = `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`
    const refused = await runCosign(signKeylessArgs(s, img.pinned), cosignEnv({ SIGSTORE_ID_TOKEN: forged }))
    expect(refused.exitCode).toBe(1)
    expect(errorOf(refused)).toContain('Fulcio returned 401')
    recordOrCompare('sign-keyless-token-refused', 'sign keyless: Fulcio refuses the identity token', refused)

    // Without a token cosign would start an interactive login; its signing config names no OIDC
    // provider, so it stops with words that do not say "no token": check for one before calling.
    const noToken = await runCosign(signKeylessArgs(s, img.pinned), cosignEnv())
    expect(errorOf(noToken)).toContain('selecting OIDC issuer: no matching service found')
    recordOrCompare('sign-keyless-no-token', 'sign keyless without any identity token', noToken)

    const badPassword = await runCosign(
      signArgs(s, s.keys.main.private, img.pinned),
      cosignEnv({ COSIGN_PASSWORD: 'not-the-password' })
    )
    expect(errorOf(badPassword)).toContain('decrypt')
    recordOrCompare('sign-key-wrong-password', 'sign --key with a wrong COSIGN_PASSWORD', badPassword)
    expect(await attachedPredicateTypes(img.pinned)).toEqual([])
  })
})
