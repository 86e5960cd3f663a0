/**
 * `sign: true` and `attest:` end to end, as the runner runs the bundle, with the real cosign and
 * Trivy against the run's registry: a passing gate signs the image by the digest its scan reported
 * (with a key and its password from the step's env; keyless with the workflow's OIDC token through
 * the stand-in Fulcio) and attaches the vuln and CycloneDX attestations converted from that scan,
 * which `cosign verify-attestation --type` accepts; a failing gate signs nothing and the registry
 * shows nothing; bad signing inputs stop the step before any scan. Each scenario signs a fresh copy
 * of a fixture image, so no other scenario sees its signatures.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { expectSoundReports } from './helpers/checks.js'
import {
  e2eEnv,
  mirrorRequests,
  namespace,
  offlineInputs,
  runAction,
  transcript,
  type RunResult
} from './helpers/harness.js'
import {
  attachedPredicateTypes,
  cosignEnv,
  freshImage,
  runCosign,
  signingFixtures,
  verifyAttestationArgs,
  verifyIdentityArgs,
  verifyKeyArgs,
  workflowTokenEnv,
  type CosignResult
} from './helpers/signing.js'

const env = e2eEnv()
const s = signingFixtures(env)
const SIGN = 'https://sigstore.dev/cosign/sign/v1'
const VULN = 'https://cosign.sigstore.dev/attestation/vuln/v1'
const CYCLONEDX = 'https://cyclonedx.org/bom'
const NO_NETWORK = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' }
const fresh = (from: string, name: string) => freshImage(env, env.fixtures.images[from]!.reference, name)
const ok = (r: CosignResult) => (r.exitCode === 0 ? 0 : r.stderr)

/** A gate on one image that signs with the main key (password in the step's env) offline. */
function keySigning(ns: string, image: string, extra: Record<string, string> = {}) {
  return {
    ...offlineInputs(env, ns),
    image,
    'config-path': '',
    dockerfile: '',
    sign: 'true',
    'cosign-key': s.keys.main.private,
    'sigstore-trusted-root': s.trustedRoot,
    'sigstore-signing-config': s.signingConfig,
    ...extra
  }
}

/** Everything the run wrote where people or later steps read it: the password must be in none. */
function expectNoSecret(r: RunResult, secret: string): void {
  const report = r.outputs['report-file'] ? readFileSync(r.outputs['report-file'], 'utf8') : ''
  const places = {
    stdout: r.stdout,
    stderr: r.stderr,
    summary: r.summary,
    report,
    outputs: JSON.stringify(r.outputs)
  }
  expect(
    Object.entries(places)
      .filter(([, text]) => text.includes(secret))
      .map(([where]) => where)
  ).toEqual([])
}

describe('sign and attest after the gate (real cosign and Trivy, offline)', () => {
  it('a passing gate signs the scanned digest with the key and attaches vuln and sbom attestations that verify', async () => {
    const img = await fresh('alpine-clean', 'gate-key')
    const ns = namespace('sign-key')
    const moved = await fresh('alpine-clean', 'gate-key-moved')
    // The first GitHub API call (the alert history, read after the scan and before the verdict)
    // moves the tag to another image: what is signed must be the digest scanned, not the tag.
    let retagged = false
    const github = createServer((_req, res) => {
      const done = () => {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end('{"message":"Not Found"}')
      }
      if (retagged) return done()
      retagged = true
      const copy = spawn(process.env.E2E_CRANE!, ['copy', moved.pinned, img.reference], { env: cosignEnv() })
      copy.on('close', done)
    })
    await new Promise<void>(ready => github.listen(0, '127.0.0.1', ready))
    const apiUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`
    const r = await runAction(env, {
      mirrorNamespace: ns,
      // COSIGN_REPOSITORY would send the signature elsewhere: cosign must not see it.
      env: {
        ...NO_NETWORK,
        COSIGN_PASSWORD: s.password,
        COSIGN_REPOSITORY: `${env.registry}/elsewhere/sigs`,
        GITHUB_API_URL: apiUrl
      },
      inputs: keySigning(ns, img.reference, {
        attest: 'vuln, sbom',
        'upload-sarif': 'true',
        'wait-for-processing': 'false'
      })
    }).finally(() => github.close())
    expect(r.outputs.verdict ?? transcript(r)).toBe('pass')
    expect(r.exitCode === 0 ? 0 : transcript(r)).toBe(0)
    await expectSoundReports(r)
    expect(r.outputs.signed).toBe(img.pinned)
    // In the order of the attest input.
    expect(r.outputs.attestations!.split('\n')).toEqual([
      `${img.pinned} ${VULN}`,
      `${img.pinned} ${CYCLONEDX}`
    ])
    expect(await attachedPredicateTypes(img.pinned)).toEqual([CYCLONEDX, VULN, SIGN].sort())
    // The tag moved while the action ran (after the scan), and the signature stayed on the scanned digest.
    expect(retagged).toBe(true)
    const now = spawnSync(process.env.E2E_CRANE!, ['digest', img.reference], {
      env: cosignEnv(),
      encoding: 'utf8'
    })
    expect(now.stdout.trim()).toBe(moved.digest)
    const repository = img.pinned.slice(0, img.pinned.indexOf('@'))
    expect(await attachedPredicateTypes(`${repository}@${moved.digest}`)).toEqual([])
    expect(await attachedPredicateTypes(`${env.registry}/elsewhere/sigs@${img.digest}`)).toEqual([])

    const byKey = verifyKeyArgs(s.keys.main.public, img.pinned)
    expect(ok(await runCosign(byKey))).toBe(0)
    const vuln = await runCosign(verifyAttestationArgs(byKey, 'vuln'))
    expect(ok(vuln)).toBe(0)
    expect(ok(await runCosign(verifyAttestationArgs(byKey, 'cyclonedx')))).toBe(0)
    // The predicate is the scan's own: Trivy's report, as the vuln predicate carries it.
    const statement = JSON.parse(
      Buffer.from(JSON.parse(vuln.stdout.split('\n')[0]!).payload, 'base64').toString()
    ) as {
      predicate: { scanner: { uri: string; result: { ArtifactName: string } } }
    }
    expect(statement.predicate.scanner.uri).toBe('pkg:github/aquasecurity/trivy@0.74.0')
    expect(statement.predicate.scanner.result.ArtifactName).toBe(img.reference)

    expect(r.summary).toContain('Every scanned image is signed by the digest that was scanned')
    expect(r.summary).toContain(img.digest) // the markdown escaping breaks the @ of an @mention
    expectNoSecret(r, s.password)
  })

  it("keyless with the workflow's OIDC token: the stand-in Fulcio certifies the release identity", async () => {
    const img = await fresh('alpine-clean', 'gate-keyless')
    const ns = namespace('sign-keyless')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      env: { ...NO_NETWORK, ...workflowTokenEnv(s, 'release') },
      inputs: {
        ...offlineInputs(env, ns),
        image: img.reference,
        'config-path': '',
        dockerfile: '',
        sign: 'true',
        attest: 'vuln',
        'sigstore-trusted-root': s.trustedRoot,
        'sigstore-signing-config': s.keylessService.signingConfig
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('pass')
    expect(r.outputs.signed ?? transcript(r)).toBe(img.pinned)
    const release = { identity: s.identities.release.identity, issuer: s.identities.release.issuer }
    const byIdentity = verifyIdentityArgs(s, release, img.pinned)
    expect(ok(await runCosign(byIdentity))).toBe(0)
    expect(ok(await runCosign(verifyAttestationArgs(byIdentity, 'vuln')))).toBe(0)
    expectNoSecret(r, s.keylessService.requestTokens.release)

    // The next gate verifies the attestation by a policy rule (type:): vuln is there, sbom is not.
    const rule = (type: string) => [
      `  - images: ['${env.registry}/container-gate/**']`,
      `    identity: ${release.identity}`,
      `    issuer: ${release.issuer}`,
      `    type: ${type}`
    ]
    const verifyNs = namespace('sign-keyless-verify')
    const again = await runAction(env, {
      mirrorNamespace: verifyNs,
      env: NO_NETWORK,
      files: {
        '.github/container-gate.yml': [
          'version: 1',
          'signatures:',
          ...rule('vuln'),
          ...rule('sbom'),
          ''
        ].join('\n')
      },
      inputs: {
        ...offlineInputs(env, verifyNs),
        image: img.pinned,
        'config-path': '',
        dockerfile: '',
        'sigstore-trusted-root': s.trustedRoot
      }
    })
    expect(again.outputs.verdict ?? transcript(again)).toBe('fail')
    expect(again.stdout).toContain(`Signature verified: ${img.pinned} (.github/container-gate.yml:3)`)
    const report = await expectSoundReports(again)
    expect(
      report.findings
        .filter(f => f.kind === 'signature')
        .map(f => [f.ruleId, (f as { message?: string }).message])
    ).toEqual([
      [
        'CG-SIGNATURE-MISSING',
        expect.stringContaining(`has no sbom attestation by identity ${release.identity}`)
      ]
    ])
  })

  it('a failing gate signs nothing: the registry shows no signature, and the summary says why', async () => {
    const img = await fresh('debian-vuln', 'gate-fail')
    const ns = namespace('sign-fail')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      env: { ...NO_NETWORK, COSIGN_PASSWORD: s.password },
      inputs: keySigning(ns, img.reference, { attest: 'vuln' })
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.outputs.signed).toBe('')
    expect(r.outputs.attestations).toBe('')
    expect(await attachedPredicateTypes(img.pinned)).toEqual([])
    expect(r.summary).toContain('**Not signed**: the gate failed (1 blocking finding), so nothing was signed')
    expect(r.stdout).toContain('Not signed: the gate failed (1 blocking finding), so nothing was signed.')
  })

  it('bad signing inputs stop the step before any scan', async () => {
    const cases: Array<{ inputs: Record<string, string>; env?: Record<string, string>; error: RegExp }> = [
      {
        inputs: { attest: 'vuln' },
        error: /^Input 'attest' has an invalid value "vuln": attestations are made only with the signature/
      },
      { inputs: { sign: 'true' }, error: /permissions: id-token: write/ },
      {
        inputs: { sign: 'true', 'cosign-key': s.keys.main.public },
        env: { COSIGN_PASSWORD: s.password },
        error: /^Input 'cosign-key': ".*main\.pub": it is a public key; signing takes the private key/
      },
      {
        inputs: { sign: 'true', 'cosign-key': s.keys.main.private, 'sigstore-trusted-root': s.trustedRoot },
        env: { COSIGN_PASSWORD: s.password },
        error: /^Input 'sigstore-signing-config' has an invalid value "": signing with the private deployment/
      }
    ]
    for (const c of cases) {
      const ns = namespace('sign-bad')
      const img = env.fixtures.images['alpine-clean']!.reference
      const r = await runAction(env, {
        mirrorNamespace: ns,
        env: c.env ?? {},
        inputs: { ...offlineInputs(env, ns), image: img, 'config-path': '', dockerfile: '', ...c.inputs }
      })
      expect(r.exitCode).not.toBe(0)
      expect(r.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual([
        expect.stringMatching(c.error)
      ])
      // Nothing was downloaded, so nothing was scanned.
      expect((await mirrorRequests(env, ns)).requests).toEqual({})
    }
  })
})
