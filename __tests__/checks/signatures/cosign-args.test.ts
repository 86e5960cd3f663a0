/**
 * The cosign argv of verification and of signing, as arrays: each flag cosign 3.1.3 reads (the
 * recorded e2e runs used exactly these shapes), `--` before the image so a reference can never be
 * read as a flag, and no secret ever in argv (they travel in the environment of the one call).
 */
import { describe, expect, it } from '@jest/globals'
import { treeArgs, verifyArgs } from '../../../src/checks/signatures/cosign-args.js'
import { attestationType, type SignatureRule } from '../../../src/checks/signatures/rules.js'
import { trustFlags, type SigstoreTrust } from '../../../src/checks/signatures/trust.js'
import { attestArgs, convertArgs, explainSigningFailure, signArgs } from '../../../src/sign/plan.js'
import type { SigningPlan } from '../../../src/sign/prepare.js'
import { RECORDED } from '../../helpers/shared.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const IMAGE = `ghcr.io/acme/app@sha256:${'a'.repeat(64)}`
const PUBLIC: SigstoreTrust = {}
const OFFLINE: SigstoreTrust = {
  trustedRoot: {
    file: '/run/sigstore/trusted_root.json',
    contents: { certificateAuthorities: 1, transparencyLogs: 0, ctLogs: 0, timestampAuthorities: 0 }
  }
}
const RELEASE = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main'
const GITHUB = 'https://token.actions.githubusercontent.com'

const keyRule: Pick<SignatureRule, 'signer'> = { signer: { kind: 'key', key: '.github/cosign.pub' } }
const identityRule: Pick<SignatureRule, 'signer'> = {
  signer: { kind: 'identity', identity: RELEASE, issuer: GITHUB }
}

describe('verifyArgs', () => {
  it('a key rule: cosign reads the checked copy of the key, never the repository path', () => {
    expect(verifyArgs(keyRule, IMAGE, PUBLIC, '/run/sigstore/key-1.pub')).toEqual([
      'verify',
      '--key',
      '/run/sigstore/key-1.pub',
      '--output',
      'json',
      '--',
      IMAGE
    ])
  })

  it('a key reference (env://, KMS) is passed as written', () => {
    const rule = { signer: { kind: 'key' as const, key: 'awskms:///alias/release' } }
    expect(verifyArgs(rule, IMAGE, PUBLIC)).toEqual([
      'verify',
      '--key',
      'awskms:///alias/release',
      '--output',
      'json',
      '--',
      IMAGE
    ])
  })

  it('keyless: the identity (or its pattern) and the issuer', () => {
    expect(verifyArgs(identityRule, IMAGE, PUBLIC)).toEqual([
      'verify',
      '--certificate-identity',
      RELEASE,
      '--certificate-oidc-issuer',
      GITHUB,
      '--output',
      'json',
      '--',
      IMAGE
    ])
    const pattern = {
      signer: { kind: 'identity' as const, identityRegexp: '^https://github\\.com/acme/', issuer: GITHUB }
    }
    expect(verifyArgs(pattern, IMAGE, PUBLIC).slice(0, 5)).toEqual([
      'verify',
      '--certificate-identity-regexp',
      '^https://github\\.com/acme/',
      '--certificate-oidc-issuer',
      GITHUB
    ])
  })

  it('an attestation rule runs verify-attestation with the predicate type cosign checks', () => {
    const rule = { ...identityRule, attestation: attestationType('vuln')! }
    expect(verifyArgs(rule, IMAGE, PUBLIC).slice(0, 3)).toEqual([
      'verify-attestation',
      '--type',
      'https://cosign.sigstore.dev/attestation/vuln/v1'
    ])
    const sbom = { ...keyRule, attestation: attestationType('sbom')! }
    expect(verifyArgs(sbom, IMAGE, PUBLIC, 'k.pub').slice(0, 3)).toEqual([
      'verify-attestation',
      '--type',
      'https://cyclonedx.org/bom'
    ])
  })

  it('an image that looks like a flag stays the image: -- ends the options', () => {
    const args = verifyArgs(keyRule, '--key=evil.pub', PUBLIC, 'k.pub')
    expect(args.slice(-2)).toEqual(['--', '--key=evil.pub'])
    expect(treeArgs('--insecure')).toEqual(['tree', '--', '--insecure'])
  })

  it('offline trusted root: no log entry and, for keyless only, no SCT asked for', () => {
    expect(verifyArgs(keyRule, IMAGE, OFFLINE, 'k.pub')).toEqual([
      'verify',
      '--key',
      'k.pub',
      '--trusted-root',
      '/run/sigstore/trusted_root.json',
      '--insecure-ignore-tlog',
      '--output',
      'json',
      '--',
      IMAGE
    ])
    expect(verifyArgs(identityRule, IMAGE, OFFLINE)).toContain('--insecure-ignore-sct')
  })
})

describe('trustFlags: only what the trusted root cannot prove is waived', () => {
  const root = (counts: Partial<NonNullable<SigstoreTrust['trustedRoot']>['contents']>): SigstoreTrust => ({
    trustedRoot: {
      file: 'root.json',
      contents: {
        certificateAuthorities: 1,
        transparencyLogs: 1,
        ctLogs: 1,
        timestampAuthorities: 0,
        ...counts
      }
    }
  })

  it('public Sigstore: no flag (cosign fetches the root through TUF and requires everything)', () => {
    expect(trustFlags(PUBLIC, true)).toEqual([])
  })

  it('a root with a log and a CT log waives nothing', () => {
    expect(trustFlags(root({}), true)).toEqual(['--trusted-root', 'root.json'])
  })

  it('no log but a timestamp authority: a signed timestamp instead of a log entry', () => {
    expect(trustFlags(root({ transparencyLogs: 0, timestampAuthorities: 1 }), false)).toEqual([
      '--trusted-root',
      'root.json',
      '--insecure-ignore-tlog',
      '--use-signed-timestamps'
    ])
  })

  it('no CT log: SCTs waived for keyless only', () => {
    expect(trustFlags(root({ ctLogs: 0 }), false)).toEqual(['--trusted-root', 'root.json'])
    expect(trustFlags(root({ ctLogs: 0 }), true)).toEqual([
      '--trusted-root',
      'root.json',
      '--insecure-ignore-sct'
    ])
  })
})

describe('signing argv', () => {
  const keyPlan: SigningPlan = {
    key: '/run/sigstore/signing.key',
    secretEnv: { COSIGN_PASSWORD: 'hunter2' },
    deployment: [],
    attest: ['vuln', 'sbom']
  }
  const keyless: SigningPlan = {
    secretEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'tok' },
    deployment: ['--signing-config', 'sc.json', '--trusted-root', 'root.json'],
    attest: []
  }

  it('sign: by the pinned digest, with the key or keyless, the private deployment after', () => {
    expect(signArgs(keyPlan, IMAGE)).toEqual([
      'sign',
      '--yes',
      '--key',
      '/run/sigstore/signing.key',
      '--',
      IMAGE
    ])
    expect(signArgs(keyless, IMAGE)).toEqual([
      'sign',
      '--yes',
      '--signing-config',
      'sc.json',
      '--trusted-root',
      'root.json',
      '--',
      IMAGE
    ])
  })

  it('attest: the predicate type cosign names, the predicate converted from the scan', () => {
    expect(attestArgs(keyPlan, 'vuln', '/run/p-0-vuln.json', IMAGE)).toEqual([
      'attest',
      '--yes',
      '--key',
      '/run/sigstore/signing.key',
      '--type',
      'vuln',
      '--predicate',
      '/run/p-0-vuln.json',
      '--',
      IMAGE
    ])
    expect(attestArgs(keyPlan, 'sbom', 'p.json', IMAGE)).toContain('cyclonedx')
  })

  it('trivy convert reads the scan report offline into the predicate (no second pull)', () => {
    expect(convertArgs('vuln', 'report.json', 'p.json')).toEqual([
      'convert',
      '--format',
      'cosign-vuln',
      '--output',
      'p.json',
      '--quiet',
      'report.json'
    ])
    expect(convertArgs('sbom', 'report.json', 'p.json')[2]).toBe('cyclonedx')
  })

  it('no secret is ever in argv', () => {
    for (const plan of [keyPlan, keyless]) {
      const argv = [...signArgs(plan, IMAGE), ...attestArgs(plan, 'vuln', 'p', IMAGE)].join(' ')
      for (const secret of Object.values(plan.secretEnv)) expect(argv).not.toContain(secret)
    }
  })
})

describe('explainSigningFailure on what cosign 3.1.3 printed', () => {
  const stderrOf = (name: string) =>
    (JSON.parse(readFileSync(join(RECORDED, `cosign-3.1.3-${name}.json`), 'utf8')) as { stderr: string })
      .stderr
  const errorLine = (name: string) =>
    stderrOf(name)
      .split('\n')
      .find(l => l.startsWith('Error: '))!
      .slice('Error: '.length)

  it('a wrong password names COSIGN_PASSWORD', () => {
    expect(explainSigningFailure(errorLine('sign-key-wrong-password'))).toMatch(
      /^the key could not be decrypted: is COSIGN_PASSWORD/
    )
  })

  it('no token, or a refused one, names the identity token', () => {
    expect(explainSigningFailure(errorLine('sign-keyless-no-token'))).toMatch(
      /id-token: write|identity token/
    )
    expect(explainSigningFailure(errorLine('sign-keyless-token-refused'))).toMatch(/Fulcio refused|id-token/)
  })
})
