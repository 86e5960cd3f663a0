/**
 * Image scanning end to end: the action installs Trivy from the release mirror, pulls the DB from
 * the local registry and scans images built from real package databases.
 *
 * Expected findings come from the DB fixtures (__fixtures__/shared/fixtures/trivy/db): Debian 10 libidn2
 * 2.0.5-1 has CVE-2019-18224 (CRITICAL, fixed in 2.0.5-1+deb10u1) and bash 5.0-4 has
 * CVE-2019-18276 (LOW, no fix); Alpine 3.9 musl 1.1.20-r4 has CVE-2019-14697 (CRITICAL, fixed in
 * 1.1.20-r5) and OpenSSL 1.1.1b-r1 has CVE-2019-1549 and CVE-2019-1551 (MEDIUM, fixed).
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { blockingRules, expectSoundReports, vulnerabilityKeys } from './helpers/checks.js'
import { e2eEnv, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()
const image = (name: string) => env.fixtures.images[name]!

/** Only the image: no Dockerfile lint, no config scan. */
const imageOnly = { dockerfile: '', 'config-path': '' }

describe('image scanning', () => {
  it('blocks a vulnerable image on its fixable CRITICAL and ignores the unfixed LOW by default', async () => {
    const ns = namespace('vuln')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: image('debian-vuln').reference }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)
    expect(r.outputs).toMatchObject({
      'blocking-count': '1',
      critical: '1',
      high: '0',
      medium: '0',
      low: '0'
    })
    const report = await expectSoundReports(r)
    expect(blockingRules(report)).toEqual(['CVE-2019-18224'])
    expect(vulnerabilityKeys(report)).toEqual([
      'CVE-2019-18224 libidn2-0 2.0.5-1 2.0.5-1+deb10u1 CRITICAL block',
      'CVE-2019-18276 bash 5.0-4 - LOW ignore'
    ])
    // The step's error is the headline (counts by kind, where); the verdict block above it names
    // the blocking vulnerability.
    expect(r.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual([
      '1 finding blocks: 1 fixable CRITICAL vulnerability in debian-vuln:1'
    ])
    expect(r.stdout).toMatch(
      /^ {2}CRITICAL {2}CVE-2019-18224 +libidn2-0 in debian-vuln:1 +fixed in 2\.0\.5-1\+deb10u1$/m
    )
  })

  it("reads neither the repository's trivy.yaml nor its trivy-secret.yaml: they cannot hide a finding", async () => {
    const ns = namespace('trivy-yaml')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: image('debian-vuln').reference },
      // What a pull request could add: Trivy 0.74.0 reads both from its working directory (the
      // workspace) unless told otherwise, and would then report nothing at all.
      files: {
        'trivy.yaml': 'severity:\n  - UNKNOWN\nscan:\n  scanners: []\n',
        'trivy-secret.yaml': 'disable-rules:\n  - aws-access-key-id\n'
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    expect(blockingRules(report)).toEqual(['CVE-2019-18224'])
  })

  it('passes a clean image', async () => {
    const ns = namespace('clean')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: image('alpine-clean').reference }
    })
    expect(r.exitCode === 0 ? 'zero' : transcript(r)).toBe('zero')
    expect(r.outputs).toMatchObject({
      verdict: 'pass',
      'blocking-count': '0',
      critical: '0',
      high: '0',
      medium: '0',
      low: '0'
    })
    const report = await expectSoundReports(r)
    expect(report.findings).toEqual([])
  })

  it('finds the same vulnerabilities in a docker-save tarball and an OCI layout as in the registry', async () => {
    const alpine = image('alpine-vuln')
    const scan = async (inputs: Record<string, string>) => {
      const ns = namespace('forms')
      const r = await runAction(env, {
        mirrorNamespace: ns,
        inputs: { ...offlineInputs(env, ns), ...imageOnly, ...inputs }
      })
      expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
      return vulnerabilityKeys(await expectSoundReports(r))
    }
    const byReference = await scan({ image: alpine.reference })
    expect(byReference).toEqual([
      'CVE-2019-14697 musl 1.1.20-r4 1.1.20-r5 CRITICAL block',
      'CVE-2019-1549 libcrypto1.1 1.1.1b-r1 1.1.1d-r0 MEDIUM record',
      'CVE-2019-1549 libssl1.1 1.1.1b-r1 1.1.1d-r0 MEDIUM record',
      'CVE-2019-1551 libcrypto1.1 1.1.1b-r1 1.1.1d-r2 MEDIUM record',
      'CVE-2019-1551 libssl1.1 1.1.1b-r1 1.1.1d-r2 MEDIUM record'
    ])
    expect(await scan({ 'image-input': alpine.tarball })).toEqual(byReference)
    expect(await scan({ 'image-input': alpine.layout })).toEqual(byReference)
  })

  it('gives the same verdict for an imported Trivy report as for a scan of the same image', async () => {
    const debian = image('debian-vuln')
    const ns = namespace('scan')
    const scanned = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: debian.reference }
    })
    const scanReport = await expectSoundReports(scanned)

    // The report a user's own Trivy step would have written, by the same real binary and DB.
    const trivy = process.env.E2E_TRIVY
    if (!trivy) throw new Error('E2E_TRIVY is not set: run through scripts/e2e.sh')
    const workspace = scanned.dirs.workspace
    execFileSync(trivy, [
      'image',
      '--cache-dir',
      join(scanned.dirs.temp, 'user-trivy-cache'),
      '--db-repository',
      env.dbRepository,
      '--skip-java-db-update',
      '--skip-check-update',
      '--skip-version-check',
      '--disable-telemetry',
      '--quiet',
      '--format',
      'json',
      '--output',
      join(workspace, 'trivy-report.json'),
      debian.reference
    ])
    const ns2 = namespace('import')
    const fromReport = await runAction(env, {
      mirrorNamespace: ns2,
      reuse: scanned.dirs,
      inputs: { ...offlineInputs(env, ns2), ...imageOnly, report: 'trivy-report.json' }
    })
    const importReport = await expectSoundReports(fromReport)
    expect(fromReport.outputs).toMatchObject({
      verdict: scanned.outputs.verdict,
      'blocking-count': scanned.outputs['blocking-count'],
      critical: scanned.outputs.critical,
      high: scanned.outputs.high,
      medium: scanned.outputs.medium,
      low: scanned.outputs.low
    })
    expect(vulnerabilityKeys(importReport)).toEqual(vulnerabilityKeys(scanReport))
  })

  it('fails the step when the Trivy DB cannot be fetched, naming the repositories tried and how to mirror', async () => {
    const ns = namespace('nodb')
    const missing = `${env.registry}/nobody/trivy-db:2`
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: {
        ...offlineInputs(env, ns),
        ...imageOnly,
        'trivy-db-repository': missing,
        image: image('alpine-clean').reference
      }
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.outputs.verdict).not.toBe('pass')
    const errors = r.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining(missing)]))
    // ...and how to mirror it: the input to point at a registry of one's own.
    expect(errors.join('\n')).toContain('trivy-db-repository')
  })
})
