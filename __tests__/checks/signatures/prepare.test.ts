/**
 * What verification and signing settle before any scan (issue 12, "Bad input"): the key files a
 * rule or an input names (real cosign 3.1.3 keys, __fixtures__/recorded/cosign-3.1.3-material/),
 * the trusted root and signing config of a private deployment, and the secrets signing will use.
 * Each mistake is one error naming the input or the policy file and line.
 */
import { describe, expect, it } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { prepareTrust, prepareVerification } from '../../../src/checks/signatures/prepare.js'
import type { SignatureRule } from '../../../src/checks/signatures/rules.js'
import { ConfigurationError } from '../../../src/errors.js'
import type { SigningInputs } from '../../../src/inputs/signing.js'
import { prepareSigning } from '../../../src/sign/prepare.js'
import { RECORDED } from '../../helpers/shared.js'

const MATERIAL = join(RECORDED, 'cosign-3.1.3-material')
const IMAGES = ['ghcr.io/acme/app:1']
const NO_INPUTS: SigningInputs = { sign: false, attest: [] }

/** A workspace holding the real key material under .github/, and the run's folder. */
function context(env: Record<string, string | undefined> = {}) {
  const workspace = mkdtempSync(join(tmpdir(), 'cg-sigstore-'))
  mkdirSync(join(workspace, '.github'))
  for (const name of [
    'cosign.key',
    'cosign.pub',
    'root-ca-only.json',
    'root-full.json',
    'signing-none.json',
    'signing-fulcio.json'
  ])
    copyFileSync(join(MATERIAL, name), join(workspace, '.github', name))
  return { workspace, dir: join(workspace, '..', `${workspace.split('/').pop()}-run`), env }
}

const policyKey = (key: string): SignatureRule => ({
  images: ['**'],
  signer: { kind: 'key', key },
  source: '.github/container-gate.yml:3',
  appliesTo: 'scanned-and-base'
})

function refusal(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigurationError')
}

describe('prepareVerification: the keys rules name', () => {
  it('a public key file is checked and copied; cosign reads the copy', () => {
    const ctx = context()
    const settings = prepareVerification([policyKey('.github/cosign.pub')], NO_INPUTS, ctx)
    const copy = settings.keyFiles.get('.github/cosign.pub')!
    expect(copy.startsWith(ctx.dir)).toBe(true)
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(join(MATERIAL, 'cosign.pub'), 'utf8'))
  })

  it('a key file that does not exist, named with the policy line', () => {
    expect(
      refusal(() => prepareVerification([policyKey('.github/missing.pub')], NO_INPUTS, context()))
    ).toMatch(/^\.github\/container-gate\.yml:3: key "\.github\/missing\.pub"/)
  })

  it('a private key where verifying needs the public one', () => {
    expect(
      refusal(() => prepareVerification([policyKey('.github/cosign.key')], NO_INPUTS, context()))
    ).toMatch(/:3: key "\.github\/cosign\.key": it is a private key; verifying takes the public key/)
  })

  it('a file that is no key at all', () => {
    expect(
      refusal(() => prepareVerification([policyKey('.github/root-full.json')], NO_INPUTS, context()))
    ).toMatch(/it is not a PEM public key/)
  })

  it("a policy's key is a repository file: a link out of the workspace is refused", () => {
    const ctx = context()
    const outside = mkdtempSync(join(tmpdir(), 'cg-outside-'))
    copyFileSync(join(MATERIAL, 'cosign.pub'), join(outside, 'cosign.pub'))
    symlinkSync(join(outside, 'cosign.pub'), join(ctx.workspace, '.github', 'linked.pub'))
    expect(refusal(() => prepareVerification([policyKey('.github/linked.pub')], NO_INPUTS, ctx))).toMatch(
      /only inside the workspace/
    )
  })

  it('the cosign-key input: same checks, named as the input', () => {
    expect(
      refusal(() => prepareVerification([], { ...NO_INPUTS, cosignKey: '.github/cosign.key' }, context()))
    ).toMatch(/^Input 'cosign-key': "\.github\/cosign\.key": it is a private key/)
  })

  it('env:// needs its variable set; cosign gets that variable only, for the call', () => {
    expect(
      refusal(() => prepareVerification([policyKey('env://RELEASE_PUB')], NO_INPUTS, context()))
    ).toMatch(/environment variable RELEASE_PUB is not set/)
    const settings = prepareVerification(
      [policyKey('env://RELEASE_PUB')],
      NO_INPUTS,
      context({ RELEASE_PUB: 'pem', OTHER_SECRET: 'x' })
    )
    expect(settings.keyEnv.get('env://RELEASE_PUB')).toEqual({ RELEASE_PUB: 'pem' })
  })

  it("a KMS key gets its provider's credential variables, and no one else's", () => {
    const settings = prepareVerification(
      [policyKey('awskms:///alias/release')],
      NO_INPUTS,
      context({
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'id',
        GOOGLE_APPLICATION_CREDENTIALS: 'g',
        GITHUB_TOKEN: 't'
      })
    )
    expect(settings.keyEnv.get('awskms:///alias/release')).toEqual({
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'id'
    })
  })
})

describe('prepareTrust: sigstore-trusted-root', () => {
  it('reads what a real trusted root lists', () => {
    const ctx = context()
    expect(prepareTrust({ trustedRoot: '.github/root-ca-only.json' }, ctx).trustedRoot?.contents).toEqual({
      certificateAuthorities: 1,
      transparencyLogs: 0,
      ctLogs: 0,
      timestampAuthorities: 0
    })
    expect(prepareTrust({ trustedRoot: '.github/root-full.json' }, ctx).trustedRoot?.contents).toEqual({
      certificateAuthorities: 1,
      transparencyLogs: 1,
      ctLogs: 1,
      timestampAuthorities: 0
    })
  })

  it('a file that is not a trusted root, or one that trusts nothing', () => {
    const ctx = context()
    expect(refusal(() => prepareTrust({ trustedRoot: '.github/signing-none.json' }, ctx))).toMatch(
      /^Input 'sigstore-trusted-root'.*its mediaType is "application\/vnd\.dev\.sigstore\.signingconfig/s
    )
    writeFileSync(
      join(ctx.workspace, 'empty-root.json'),
      '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}'
    )
    expect(refusal(() => prepareTrust({ trustedRoot: 'empty-root.json' }, ctx))).toMatch(
      /nothing could ever verify/
    )
    expect(refusal(() => prepareTrust({ trustedRoot: 'absent.json' }, ctx))).toMatch(
      /^Input 'sigstore-trusted-root'/
    )
  })
})

describe('prepareSigning', () => {
  const sign = (extra: Partial<SigningInputs> = {}): SigningInputs => ({ sign: true, attest: [], ...extra })

  it('off: no plan', () => {
    expect(prepareSigning(NO_INPUTS, IMAGES, {}, context())).toBeUndefined()
  })

  it('sign: true with neither a key nor an OIDC token names id-token: write', () => {
    expect(refusal(() => prepareSigning(sign(), IMAGES, {}, context()))).toMatch(
      /^Input 'sign'.*permissions: id-token: write/s
    )
  })

  it("keyless: the runner's token request variables, for the signing calls only", () => {
    const plan = prepareSigning(
      sign(),
      IMAGES,
      {},
      context({
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://t',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r',
        GITHUB_TOKEN: 'g'
      })
    )
    expect(plan).toEqual({
      secretEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://t', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r' },
      deployment: [],
      attest: []
    })
  })

  it('a key: the private key checked and copied, its password from COSIGN_PASSWORD', () => {
    const ctx = context({ COSIGN_PASSWORD: 'fixture-password' })
    const plan = prepareSigning(sign({ cosignKey: '.github/cosign.key' }), IMAGES, {}, ctx)!
    expect(plan.key!.startsWith(ctx.dir)).toBe(true)
    expect(plan.secretEnv).toEqual({ COSIGN_PASSWORD: 'fixture-password' })
  })

  it('a public key, or no password variable at all', () => {
    expect(
      refusal(() =>
        prepareSigning(
          sign({ cosignKey: '.github/cosign.pub' }),
          IMAGES,
          {},
          context({ COSIGN_PASSWORD: '' })
        )
      )
    ).toMatch(/^Input 'cosign-key'.*it is a public key; signing takes the private key/s)
    expect(
      refusal(() => prepareSigning(sign({ cosignKey: '.github/cosign.key' }), IMAGES, {}, context()))
    ).toMatch(/COSIGN_PASSWORD/)
  })

  it('nothing to sign: image inputs only', () => {
    expect(refusal(() => prepareSigning(sign(), [], {}, context({ SIGSTORE_ID_TOKEN: 'jwt' })))).toMatch(
      /^Input 'sign'.*registry images/s
    )
  })

  it('a private deployment: the signing config with the root, and keyless needs its Fulcio', () => {
    const ctx = context({ SIGSTORE_ID_TOKEN: 'jwt' })
    const trust = prepareTrust({ trustedRoot: '.github/root-ca-only.json' }, ctx)
    expect(refusal(() => prepareSigning(sign(), IMAGES, trust, ctx))).toMatch(
      /^Input 'sigstore-signing-config'.*needs its signing config/s
    )
    expect(
      refusal(() => prepareSigning(sign({ signingConfig: '.github/signing-none.json' }), IMAGES, trust, ctx))
    ).toMatch(/keyless signing needs a certificate authority/)
    const plan = prepareSigning(sign({ signingConfig: '.github/signing-fulcio.json' }), IMAGES, trust, ctx)!
    expect(plan.deployment).toEqual([
      '--signing-config',
      join(ctx.dir, 'signing_config.json'),
      '--trusted-root',
      trust.trustedRoot!.file
    ])
    expect(
      refusal(() => prepareSigning(sign({ signingConfig: '.github/signing-fulcio.json' }), IMAGES, {}, ctx))
    ).toMatch(/sigstore-trusted-root too/)
    expect(refusal(() => prepareSigning({ ...NO_INPUTS, signingConfig: 'x.json' }, IMAGES, {}, ctx))).toMatch(
      /used only for signing/
    )
  })
})
