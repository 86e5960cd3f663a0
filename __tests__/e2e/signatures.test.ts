/**
 * Signature verification end to end, as the runner runs the bundle, with the real cosign against
 * the run's registry and the test CA's trusted root (no transparency log, no CT log: the
 * `sigstore-trusted-root` input makes the action ask only for what that root can prove): a key
 * rule verifies the key-signed image and blocks the unsigned one (CG-SIGNATURE-MISSING) and the
 * one signed with another key (CG-SIGNATURE-MISMATCH); a keyless rule verifies the release
 * identity and names the wrong identity and the wrong issuer it found; a vendor base image in a
 * FROM line is verified by pattern at that line; a pinned digest the registry lacks is not
 * "unsigned" but unverifiable. Every cosign call stays off the network (an empty TUF cache, and a
 * proxy that refuses everything beyond loopback).
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectSoundReports, type JsonReport } from './helpers/checks.js'
import { e2eEnv, namespace, offlineInputs, runAction, transcript, type RunResult } from './helpers/harness.js'
import { recordOrCompare } from './helpers/recorded.js'
import {
  runCosign,
  signingFixtures,
  verifyAttestationArgs,
  verifyKeyArgs,
  type SignedImageName
} from './helpers/signing.js'

const env = e2eEnv()
const s = signingFixtures(env)
const ref = (name: SignedImageName) => s.images[name].reference
const NO_NETWORK = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' }

/** A run scanning `images`, with the policy, the trusted root of the test CA and nothing else. */
function verifyRun(
  label: string,
  images: string[],
  policy: string,
  extra: Record<string, string> = {},
  files: Record<string, string> = {}
) {
  const ns = namespace(label)
  return runAction(env, {
    mirrorNamespace: ns,
    env: NO_NETWORK,
    files: {
      '.github/container-gate.yml': policy,
      '.github/cosign.pub': readFileSync(s.keys.main.public, 'utf8'),
      ...files
    },
    inputs: {
      ...offlineInputs(env, ns),
      image: images.join('\n'),
      'config-path': '',
      dockerfile: '',
      'sigstore-trusted-root': s.trustedRoot,
      ...extra
    }
  })
}

/** Signature findings as "ruleId image-or-line: message". */
function signatureFindings(
  report: JsonReport
): Array<{ ruleId: string; where: string; message: string; action: string }> {
  return report.findings
    .filter(f => f.kind === 'signature')
    .map(f => {
      const g = f as typeof f & { image?: string; message?: string }
      return {
        ruleId: f.ruleId,
        where: f.file ? `${f.file}:${f.startLine}` : (g.image ?? ''),
        message: g.message ?? '',
        action: f.decision.action
      }
    })
    .sort((a, b) => a.where.localeCompare(b.where))
}

/** The SARIF result locations of a rule (image pseudo-paths, or Dockerfile lines). */
function sarifLocations(r: RunResult, ruleId: string): string[] {
  const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as {
    runs: {
      results: {
        ruleId: string
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }
        }[]
      }[]
    }[]
  }
  return sarif.runs
    .flatMap(run => run.results)
    .filter(res => res.ruleId === ruleId)
    .map(
      res =>
        `${res.locations[0]!.physicalLocation.artifactLocation.uri}:${res.locations[0]!.physicalLocation.region.startLine}`
    )
    .sort()
}

/** cosign's TUF caches under the run's HOME stay empty: no call reached for Sigstore's public TUF. */
function tufAttempts(r: RunResult): string[] {
  const dir = join(r.dirs.home, '.sigstore')
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []
}

const keyPolicy = (pattern: string) =>
  `version: 1\nsignatures:\n  - images: ['${pattern}']\n    key: .github/cosign.pub\n`

describe('signature verification (real cosign, the test CA, offline)', () => {
  it('a key rule: the unsigned scanned image and a FROM image signed with another key block; the signed one verifies', async () => {
    const dockerfile = `FROM ${ref('signed-key')} AS signed\nFROM ${ref('signed-other-key')}\n`
    const r = await verifyRun(
      'sig-key',
      [ref('unsigned')],
      keyPolicy(`${env.registry}/container-gate/**`),
      {
        dockerfile: 'Dockerfile',
        hadolint: 'false'
      },
      { Dockerfile: dockerfile }
    )
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    expect(signatureFindings(report)).toEqual([
      {
        ruleId: 'CG-SIGNATURE-MISSING',
        where: ref('unsigned'),
        message: `${s.images.unsigned.pinned} has no signature by key .github/cosign.pub, which .github/container-gate.yml:3 requires`,
        action: 'block'
      },
      {
        ruleId: 'CG-SIGNATURE-MISMATCH',
        where: 'Dockerfile:2',
        message: `FROM ${ref('signed-other-key')} (${ref('signed-other-key')}) is not signed by key .github/cosign.pub as .github/container-gate.yml:3 requires: found signatures by another key or identity`,
        action: 'block'
      }
    ])
    expect(r.stdout).toContain(`Signature verified: ${ref('signed-key')} (.github/container-gate.yml:3)`)
    // SARIF: at the image (its pseudo-path, without tag or digest) and at the FROM line.
    expect(sarifLocations(r, 'CG-SIGNATURE-MISSING')).toEqual([
      `${env.registry.replace(':', '_')}/container-gate/unsigned:1`
    ])
    expect(sarifLocations(r, 'CG-SIGNATURE-MISMATCH')).toEqual(['Dockerfile:2'])
    expect(r.summary).toContain('CG-SIGNATURE-MISSING')
    expect(tufAttempts(r)).toEqual([])
  })

  it('the quick input cosign-key passes the key-signed image with no policy file', async () => {
    const ns = namespace('sig-key-input')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      env: NO_NETWORK,
      inputs: {
        ...offlineInputs(env, ns),
        image: ref('signed-key'),
        'config-path': '',
        dockerfile: '',
        'cosign-key': s.keys.main.public,
        'sigstore-trusted-root': s.trustedRoot
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('pass')
    expect(r.stdout).toContain(`Signature verified: ${s.images['signed-key'].pinned} (input 'cosign-key')`)
  })

  it('a key given as env://NAME reaches cosign through that variable only, for the verify call', async () => {
    const ns = namespace('sig-key-env')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      // The scrub keeps only the variables tools need: the rule's secretEnv brings this one back for cosign.
      env: { ...NO_NETWORK, RELEASE_PUBLIC_KEY: readFileSync(s.keys.main.public, 'utf8') },
      inputs: {
        ...offlineInputs(env, ns),
        image: [ref('signed-key'), ref('signed-other-key')].join('\n'),
        'config-path': '',
        dockerfile: '',
        'cosign-key': 'env://RELEASE_PUBLIC_KEY',
        'sigstore-trusted-root': s.trustedRoot
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.stdout).toContain(`Signature verified: ${s.images['signed-key'].pinned} (input 'cosign-key')`)
    const findings = signatureFindings(await expectSoundReports(r))
    expect(findings.map(f => [f.ruleId, f.where])).toEqual([
      ['CG-SIGNATURE-MISMATCH', ref('signed-other-key')]
    ])
  })

  it('a keyless rule through the trusted root: the release identity verifies, a wrong identity and issuer are named', async () => {
    const release = s.identities.release
    const policy = [
      'version: 1',
      'signatures:',
      `  - images: ['${env.registry}/container-gate/keyless*']`,
      `    identity: ${release.identity}`,
      `    issuer: ${release.issuer}`,
      ''
    ].join('\n')
    const dockerfile = `FROM ${ref('keyless')} AS signed\nFROM ${ref('keyless-wrong-issuer')}\n`
    const r = await verifyRun(
      'sig-keyless',
      [ref('keyless-wrong-identity')],
      policy,
      {
        dockerfile: 'Dockerfile',
        hadolint: 'false'
      },
      { Dockerfile: dockerfile }
    )
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const findings = signatureFindings(await expectSoundReports(r))
    expect(findings.map(f => [f.ruleId, f.where])).toEqual([
      ['CG-SIGNATURE-MISMATCH', ref('keyless-wrong-identity')],
      ['CG-SIGNATURE-MISMATCH', 'Dockerfile:2']
    ])
    expect(findings[0]!.message).toContain(`found identity ${s.identities.wrong.identity}`)
    expect(findings[1]!.message).toContain(`found issuer ${s.identities['wrong-issuer'].issuer}`)
    expect(r.stdout).toContain(`Signature verified: ${ref('keyless')}`)
    expect(tufAttempts(r)).toEqual([])
  })

  it('base images in FROM lines, by pattern: the vendor identity verifies; unsigned and a missing digest block at their lines', async () => {
    const vendor = s.identities.vendor
    const policy = [
      'version: 1',
      'signatures:',
      `  - images: ['${env.registry}/vendor/**']`,
      `    identity: ${vendor.identity}`,
      `    issuer: ${vendor.issuer}`,
      `  - images: ['${env.registry}/container-gate/unsigned']`,
      '    key: .github/cosign.pub',
      ''
    ].join('\n')
    const missing = `${env.registry}/container-gate/unsigned@sha256:${'0'.repeat(64)}`
    const dockerfile = [
      `ARG VENDOR=${env.registry}/vendor/base`,
      'FROM ${VENDOR}:1 AS base',
      `FROM ${ref('unsigned')}`,
      `COPY --from=${missing} /x /x`,
      'COPY --from=base /etc/os-release /etc/vendor-release',
      ''
    ].join('\n')
    const ns = namespace('sig-base')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      env: NO_NETWORK,
      files: {
        '.github/container-gate.yml': policy,
        '.github/cosign.pub': readFileSync(s.keys.main.public, 'utf8'),
        Dockerfile: dockerfile
      },
      inputs: {
        ...offlineInputs(env, ns),
        'config-path': '',
        dockerfile: 'Dockerfile',
        hadolint: 'false',
        'sigstore-trusted-root': s.trustedRoot
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const findings = signatureFindings(await expectSoundReports(r))
    expect(findings.map(f => [f.ruleId, f.where])).toEqual([
      ['CG-SIGNATURE-MISSING', 'Dockerfile:3'],
      ['CG-SIGNATURE-UNVERIFIABLE', 'Dockerfile:4']
    ])
    expect(findings[1]!.message).toMatch(
      /is not in the registry, so a signature by key \.github\/cosign\.pub .* cannot be checked \(cosign: entity not found in registry/
    )
    expect(r.stdout).toContain(
      `Signature verified: ${env.registry}/vendor/base:1 (.github/container-gate.yml:3)`
    )
    // On the FROM line, as an annotation on the diff.
    expect(
      r.annotations
        .filter(a => a.level === 'error' && a.properties.file)
        .map(a => [a.properties.file, a.properties.line, a.properties.title])
    ).toEqual([
      ['Dockerfile', '3', 'CRITICAL CG-SIGNATURE-MISSING'],
      ['Dockerfile', '4', 'CRITICAL CG-SIGNATURE-UNVERIFIABLE']
    ])
    expect(tufAttempts(r)).toEqual([])
  })

  it('an unreachable registry is not a pass: CG-SIGNATURE-UNVERIFIABLE', async () => {
    const dockerfile = 'FROM 127.0.0.1:9/vendor/base:1\n'
    const ns = namespace('sig-unreachable')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      env: NO_NETWORK,
      files: {
        '.github/container-gate.yml': keyPolicy('127.0.0.1:9/**'),
        '.github/cosign.pub': readFileSync(s.keys.main.public, 'utf8'),
        Dockerfile: dockerfile
      },
      inputs: {
        ...offlineInputs(env, ns),
        'config-path': '',
        dockerfile: 'Dockerfile',
        hadolint: 'false',
        'sigstore-trusted-root': s.trustedRoot
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const findings = signatureFindings(await expectSoundReports(r))
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'CG-SIGNATURE-UNVERIFIABLE', where: 'Dockerfile:1', action: 'block' })
    ])
    expect(findings[0]!.message).toContain('connection refused')
  })
})

describe('what cosign prints for the cases the action reads beyond the fixtures (recorded)', () => {
  const pinned = (name: SignedImageName) => s.images[name].pinned
  const absent = `${env.registry}/container-gate/signed-key@sha256:${'0'.repeat(64)}`

  it('cosign tree: the image is there, the digest is not, the registry is unreachable', async () => {
    const there = await runCosign(['tree', '--', pinned('signed-key')])
    expect(there.exitCode).toBe(0)
    recordOrCompare('tree-ok', 'tree: the image exists (a signature attached)', there)
    const missing = await runCosign(['tree', '--', absent])
    expect(missing.exitCode).toBe(1)
    recordOrCompare('tree-digest-not-found', 'tree: the digest is not in the registry', missing)
    const unreachable = await runCosign([
      'tree',
      '--',
      pinned('signed-key').replace(env.registry, '127.0.0.1:9')
    ])
    expect(unreachable.exitCode).toBe(1)
    recordOrCompare('tree-registry-unreachable', 'tree: nothing listens at the registry', unreachable)
  })

  it('verify-attestation: nothing attached at all, and only a signature attached', async () => {
    const none = await runCosign(
      verifyAttestationArgs(verifyKeyArgs(s.keys.main.public, pinned('unsigned')), 'vuln')
    )
    expect(none.exitCode).toBe(1)
    recordOrCompare('verify-attestation-none', 'verify-attestation --type vuln: nothing attached', none)
    const signatureOnly = await runCosign(
      verifyAttestationArgs(verifyKeyArgs(s.keys.main.public, pinned('signed-key')), 'vuln')
    )
    expect(signatureOnly.exitCode).toBe(1)
    recordOrCompare(
      'verify-attestation-signature-only',
      'verify-attestation --type vuln: only a signature attached',
      signatureOnly
    )
  })
})
