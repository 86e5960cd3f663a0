/**
 * Groundwork for `attest: [vuln, sbom]`: Trivy 0.74's cosign-vuln and CycloneDX predicates, made
 * from the very JSON report the action's image scan writes (`trivy convert`, no second pull), are
 * accepted by `cosign attest --type vuln|cyclonedx` and verified by `cosign verify-attestation
 * --type`, with a key and keyless, against the run's registry. Each scenario attests a fresh copy
 * of the vulnerable Debian fixture, so no other scenario sees its attestations.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { e2eEnv } from './helpers/harness.js'
import { recordOrCompare } from './helpers/recorded.js'
import {
  attachedPredicateTypes,
  attestArgs,
  cosignEnv,
  freshImage,
  run,
  runCosign,
  signArgs,
  signingFixtures,
  verifyAttestationArgs,
  verifyIdentityArgs,
  verifyKeyArgs,
  type CosignResult
} from './helpers/signing.js'

const env = e2eEnv()
const s = signingFixtures(env)
const VULN_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1'
const CYCLONEDX_TYPE = 'https://cyclonedx.org/bom'
const SIGN_TYPE = 'https://sigstore.dev/cosign/sign/v1'
const release = { identity: s.identities.release.identity, issuer: s.identities.release.issuer }

function trivy(): string {
  const bin = process.env.E2E_TRIVY
  if (!bin) throw new Error('E2E_TRIVY is not set: run through scripts/e2e.sh')
  return bin
}

/** The scan as the action runs it (JSON report), then both predicates converted from that report. */
async function predicates(image: string): Promise<{ vuln: string; sbom: string }> {
  const dir = mkdtempSync(join(env.runDir, 'attest-'))
  const report = join(dir, 'scan.json')
  const scan = await run(
    trivy(),
    [
      'image',
      ...['--format', 'json', '--output', report, '--cache-dir', join(dir, 'cache'), '--quiet'],
      ...['--skip-version-check', '--disable-telemetry', '--skip-check-update', '--skip-java-db-update'],
      ...['--db-repository', env.dbRepository, '--scanners', 'vuln,secret', '--', image]
    ],
    cosignEnv()
  )
  expect(scan.exitCode === 0 ? 0 : scan.stderr).toBe(0)
  const out = { vuln: join(dir, 'vuln.json'), sbom: join(dir, 'sbom.cdx.json') }
  for (const [format, file] of [
    ['cosign-vuln', out.vuln],
    ['cyclonedx', out.sbom]
  ] as const) {
    const converted = await run(
      trivy(),
      ['convert', '--format', format, '--output', file, report],
      cosignEnv()
    )
    expect(converted.exitCode === 0 ? 0 : converted.stderr).toBe(0)
  }
  return out
}

/** The in-toto statements of a successful `verify-attestation` (one DSSE envelope per line). */
function statements(
  r: CosignResult
): { predicateType: string; subject: { digest: { sha256: string } }[]; predicate: unknown }[] {
  expect(r.exitCode === 0 ? 0 : r.stderr).toBe(0)
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map(line =>
      JSON.parse(Buffer.from((JSON.parse(line) as { payload: string }).payload, 'base64').toString())
    )
}

const withPassword = () => cosignEnv({ COSIGN_PASSWORD: s.password })

describe('attestations (Trivy predicates, real cosign, offline)', () => {
  it('vuln and CycloneDX attest and verify with a key; verify also accepts an attestation alone', async () => {
    const img = await freshImage(env, env.fixtures.images['debian-vuln']!.reference, 'attest-key')
    const p = await predicates(img.pinned)
    const vulnPredicate = JSON.parse(readFileSync(p.vuln, 'utf8')) as { scanner: { uri: string } }
    expect(vulnPredicate.scanner.uri).toBe('pkg:github/aquasecurity/trivy@0.74.0')
    expect(readFileSync(p.sbom, 'utf8')).toContain('CVE-2019-18224')

    for (const [type, file] of [
      ['vuln', p.vuln],
      ['cyclonedx', p.sbom]
    ]) {
      const attested = await runCosign(
        attestArgs(s, s.keys.main.private, type!, file!, img.pinned),
        withPassword()
      )
      expect(attested.exitCode === 0 ? 0 : attested.stderr).toBe(0)
    }
    expect(await attachedPredicateTypes(img.pinned)).toEqual([VULN_TYPE, CYCLONEDX_TYPE].sort())

    const byKey = verifyKeyArgs(s.keys.main.public, img.pinned)
    const vuln = await runCosign(verifyAttestationArgs(byKey, 'vuln'))
    expect(statements(vuln).map(st => [st.predicateType, st.subject[0]!.digest.sha256])).toEqual([
      [VULN_TYPE, img.digest.slice('sha256:'.length)]
    ])
    expect(JSON.stringify(statements(vuln)[0]!.predicate)).toContain('CVE-2019-18224')
    recordOrCompare('verify-attestation-vuln-ok', 'verify-attestation --key --type vuln: verified', vuln)
    const sbom = await runCosign(verifyAttestationArgs(byKey, 'cyclonedx'))
    expect(statements(sbom).map(st => st.predicateType)).toEqual([CYCLONEDX_TYPE])
    const otherKey = await runCosign(
      verifyAttestationArgs(verifyKeyArgs(s.keys.other.public, img.pinned), 'vuln')
    )
    expect(otherKey.exitCode).toBe(1)

    const missing = await runCosign(verifyAttestationArgs(byKey, 'spdxjson'))
    expect(missing.stderr).toContain(`none of the attestations matched the predicate type: spdxjson, found: `)
    recordOrCompare(
      'verify-attestation-type-missing',
      'verify-attestation --type spdxjson: only other types',
      missing
    )

    // cosign 3 stores signatures as attestations too (predicate type sign/v1), and `cosign verify`
    // accepts any attestation the key made: this image has no signature, yet verify passes. Only
    // critical.type in its output tells: a parser must require https://sigstore.dev/cosign/sign/v1.
    const notSigned = await runCosign(byKey)
    expect(notSigned.exitCode).toBe(0)
    expect(
      (JSON.parse(notSigned.stdout) as { critical: { type: string } }[]).map(v => v.critical.type).sort()
    ).toEqual([VULN_TYPE, CYCLONEDX_TYPE].sort())
    recordOrCompare(
      'verify-attestations-only',
      'verify --key on an image with attestations and no signature',
      notSigned
    )

    const signed = await runCosign(signArgs(s, s.keys.main.private, img.pinned), withPassword())
    expect(signed.exitCode === 0 ? 0 : signed.stderr).toBe(0)
    expect(await attachedPredicateTypes(img.pinned)).toEqual([VULN_TYPE, CYCLONEDX_TYPE, SIGN_TYPE].sort())
  })

  it('keyless: the attestation verifies for the signing identity only', async () => {
    const img = await freshImage(env, env.fixtures.images['debian-vuln']!.reference, 'attest-keyless')
    const p = await predicates(img.pinned)
    const id = s.identities.release
    const attested = await runCosign(
      attestArgs(s, id.key.private, 'cyclonedx', p.sbom, img.pinned, id.certificate),
      withPassword()
    )
    expect(attested.exitCode === 0 ? 0 : attested.stderr).toBe(0)

    const ok = await runCosign(verifyAttestationArgs(verifyIdentityArgs(s, release, img.pinned), 'cyclonedx'))
    expect(statements(ok).map(st => st.predicateType)).toEqual([CYCLONEDX_TYPE])
    recordOrCompare(
      'verify-attestation-keyless-ok',
      'verify-attestation keyless --type cyclonedx: verified',
      ok
    )
    const wrong = { identity: s.identities.wrong.identity, issuer: s.identities.wrong.issuer }
    const mismatch = await runCosign(
      verifyAttestationArgs(verifyIdentityArgs(s, wrong, img.pinned), 'cyclonedx')
    )
    expect(mismatch.exitCode).toBe(1)
    expect(mismatch.stderr).toContain(`expected SAN value "${wrong.identity}", got "${release.identity}"`)
    recordOrCompare(
      'verify-attestation-identity-mismatch',
      'verify-attestation keyless: another identity',
      mismatch
    )
  })
})
