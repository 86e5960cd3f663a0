import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { ToolError } from '../../src/errors.js'
import { currentCheckId } from '../../src/findings/rule-id.js'
import {
  parseTrivyReport,
  trivyConfigArgs,
  trivyImageArgs,
  type TrivyCommonOptions
} from '../../src/scanners/trivy.js'
import { trivyDbArgs } from '../../src/tools/trivy-db/repositories.js'
import { GOLDEN, golden } from '../helpers/shared.js'

const options: TrivyCommonOptions = {
  outputFile: '/tmp/out.json',
  cacheDir: '/tmp/cache',
  ignoreFile: '/tmp/empty.trivyignore',
  configFile: '/tmp/run/trivy.yaml',
  secretConfigFile: '/tmp/run/trivy-secret.yaml',
  dbArgs: trivyDbArgs(['mirror.gcr.io/aquasec/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2']),
  offlineChecks: false,
  timeout: '15m'
}

/** Every vulnerability, misconfiguration and secret a raw Trivy report lists, counted independently. */
function rawCount(text: string): number {
  const report = JSON.parse(text) as { Results?: Array<Record<string, unknown[] | undefined>> }
  let n = 0
  for (const r of report.Results ?? []) {
    n += (r.Vulnerabilities ?? []).length + (r.Secrets ?? []).length
    n += ((r.Misconfigurations ?? []) as Array<{ Status?: string }>).filter(m => m.Status !== 'PASS').length
  }
  return n
}

describe('trivy argv', () => {
  it('scans a reference after `--` so it can never be read as a flag', () => {
    expect(trivyImageArgs({ kind: 'reference', ref: '--help' }, options)).toEqual([
      'image',
      '--format',
      'json',
      '--output',
      '/tmp/out.json',
      '--cache-dir',
      '/tmp/cache',
      '--quiet',
      '--ignorefile',
      '/tmp/empty.trivyignore',
      '--config',
      '/tmp/run/trivy.yaml',
      '--timeout',
      '15m',
      '--exit-code',
      '0',
      '--skip-version-check',
      '--disable-telemetry',
      '--db-repository',
      'mirror.gcr.io/aquasec/trivy-db:2',
      '--db-repository',
      'ghcr.io/aquasecurity/trivy-db:2',
      '--scanners',
      'vuln,secret',
      '--cache-backend',
      'memory',
      '--secret-config',
      '/tmp/run/trivy-secret.yaml',
      '--',
      '--help'
    ])
  })

  it('reads tarballs and OCI layouts with --input, skips the DB fetch when told, stays offline for checks', () => {
    const args = trivyImageArgs(
      { kind: 'input', path: 'build/app.tar' },
      { ...options, dbArgs: ['--skip-db-update', '--skip-java-db-update'], offlineChecks: true }
    )
    expect(args.slice(-2)).toEqual(['--input', 'build/app.tar'])
    expect(args).toContain('--skip-db-update')
    expect(args).toContain('--skip-check-update')
    expect(args).not.toContain('--db-repository')
  })

  it('never asks Trivy to filter: the policy decides what is ignored', () => {
    const args = [
      ...trivyImageArgs({ kind: 'reference', ref: 'a' }, options),
      ...trivyConfigArgs('.', options)
    ]
    for (const flag of ['--severity', '--ignore-unfixed', '--exit-code=1']) expect(args).not.toContain(flag)
    // Trivy must not apply the workspace's .trivyignore itself: the policy shows what it ignores.
    expect(args[args.indexOf('--ignorefile') + 1]).toBe('/tmp/empty.trivyignore')
    // Nor the workspace's trivy.yaml (`severity: [UNKNOWN]` hides everything) or trivy-secret.yaml.
    const config = trivyConfigArgs('.', options)
    expect(config[config.indexOf('--config') + 1]).toBe('/tmp/run/trivy.yaml')
    expect(args[args.indexOf('--secret-config') + 1]).toBe('/tmp/run/trivy-secret.yaml')
    expect(trivyConfigArgs('k8s', options).slice(0, 1)).toEqual(['config'])
    expect(trivyConfigArgs('k8s', options).slice(-6)).toEqual([
      '--skip-dirs',
      '**/node_modules',
      '--skip-dirs',
      '**/.git',
      '--',
      'k8s'
    ])
  })
})

describe('parseTrivyReport on Trivy golden outputs', () => {
  const goldens = readdirSync(GOLDEN).filter(f => f.endsWith('.json.golden'))

  it.each(goldens)('%s: one finding per reported vulnerability, failed check and secret', name => {
    const text = golden(name)
    const findings = parseTrivyReport(text, name, { subject: name, fileBase: '' })
    expect(findings).toHaveLength(rawCount(text))
    for (const f of findings) {
      expect(f.ruleId).not.toBe('')
      expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']).toContain(f.severity)
    }
  })

  it('alpine-39: vulnerabilities with packages, versions, dates and the image', () => {
    const findings = parseTrivyReport(golden('alpine-39.json.golden'), 'alpine-39', { subject: 'alpine:3.9' })
    const critical = findings.filter(f => f.severity === 'CRITICAL')
    expect(critical.map(f => [f.ruleId, f.package?.name])).toEqual([
      ['CVE-2019-14697', 'musl'],
      ['CVE-2019-14697', 'musl-utils']
    ])
    expect(critical[0]).toMatchObject({
      tool: 'trivy',
      kind: 'vuln',
      subject: 'alpine:3.9',
      image: 'ghcr.io/aquasecurity/trivy-test-images:alpine-39',
      status: 'fixed',
      package: {
        installedVersion: '1.1.20-r4',
        fixedVersion: '1.1.20-r5',
        class: 'os-pkgs',
        ecosystem: 'alpine'
      },
      primaryUrl: 'https://avd.aquasec.com/nvd/cve-2019-14697'
    })
    expect(critical[0]!.publishedDate).toMatch(/^2019-/)
    expect(critical[0]!.cvssScore).toBe(9.8)
    expect(critical[0]!.file).toBeUndefined()
  })

  it('debian-buster: a vulnerability without a fix has no fixedVersion', () => {
    const findings = parseTrivyReport(golden('debian-buster.json.golden'), 'f', { subject: 'debian:buster' })
    const unfixed = findings.filter(f => !f.package?.fixedVersion)
    expect(unfixed).toHaveLength(1)
    expect(unfixed[0]!.status).toBe('affected')
  })

  it('0.69+ misconfiguration IDs (DS-0002) are kept, with the older forms as aliases', () => {
    const [f] = parseTrivyReport(golden('dockerfile.json.golden'), 'f', { subject: '.', fileBase: '' })
    expect(f).toMatchObject({ kind: 'misconfig', ruleId: 'DS-0002', severity: 'HIGH', file: 'Dockerfile' })
    expect(f!.aliases).toEqual(expect.arrayContaining(['DS002', 'AVD-DS-0002']))
  })

  it('0.68 misconfiguration IDs (DS002 + AVDID AVD-DS-0002) become the same finding', () => {
    // The same real report in the ≤ 0.68 shape: the documented rename applied backwards.
    const report = JSON.parse(golden('dockerfile.json.golden'))
    report.Results[0].Misconfigurations[0].ID = 'DS002'
    report.Results[0].Misconfigurations[0].AVDID = 'AVD-DS-0002'
    const [old] = parseTrivyReport(JSON.stringify(report), 'f', { subject: '.', fileBase: '' })
    const [current] = parseTrivyReport(golden('dockerfile.json.golden'), 'f', { subject: '.', fileBase: '' })
    expect(old!.ruleId).toBe('DS-0002')
    expect(new Set(old!.aliases)).toEqual(new Set(current!.aliases))
  })

  it('custom checks keep the ID their authors wrote', () => {
    const ids = parseTrivyReport(golden('dockerfile-custom-policies.json.golden'), 'f', { subject: '.' }).map(
      f => f.ruleId
    )
    expect(ids.sort()).toEqual(['AVD-BAR-0001', 'AVD-FOO-0001'])
  })

  it('helm: findings point at the chart archive under the scanned folder, with lines', () => {
    const findings = parseTrivyReport(golden('helm.json.golden'), 'f', {
      subject: 'charts',
      fileBase: 'charts'
    })
    const ksv1 = findings.find(f => f.ruleId === 'KSV-0001')!
    expect(ksv1.file).toBe('charts/testchart.tar.gz')
    expect(ksv1.startLine).toBe(19)
    expect(ksv1.endLine).toBe(22)
    expect(ksv1.aliases).toContain('KSV001')
  })

  it('secrets: located, and the matched text is never copied', () => {
    const text = golden('secrets.json.golden')
    const findings = parseTrivyReport(text, 'f', { subject: '.', fileBase: '' })
    expect(findings.map(f => [f.kind, f.ruleId, f.file, f.startLine])).toEqual([
      ['secret', 'aws-access-key-id', 'deploy.sh', 3],
      ['secret', 'mysecret', 'deploy.sh', 7]
    ])
    expect(JSON.stringify(findings)).not.toContain('AWS_ACCESS_KEY_ID=')
  })

  it('a target outside the repository gets no file', () => {
    const [f] = parseTrivyReport(golden('dockerfile.json.golden'), 'f', { subject: '..', fileBase: '..' })
    expect(f!.file).toBeUndefined()
  })

  it.each([
    ['empty', ''],
    ['truncated', golden('alpine-39.json.golden').slice(0, 500)],
    ['not a report', '{"hello": "world"}'],
    ['an array', '[1,2]']
  ])('%s input is a ToolError naming the file', (_label, text) => {
    expect(() => parseTrivyReport(text, 'reports/scan.json', { subject: 's' })).toThrow(ToolError)
    expect(() => parseTrivyReport(text, 'reports/scan.json', { subject: 's' })).toThrow(/reports\/scan\.json/)
  })

  it('hostile field types are skipped, not trusted', () => {
    const text = JSON.stringify({
      SchemaVersion: 2,
      Results: [
        { Target: 5, Vulnerabilities: [null, 'x', { VulnerabilityID: 7, Severity: { a: 1 } }] },
        'junk',
        { Misconfigurations: { not: 'an array' } }
      ]
    })
    const findings = parseTrivyReport(text, 'f', { subject: 's' })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ ruleId: 'UNKNOWN-VULNERABILITY', severity: 'UNKNOWN', target: 's' })
  })
})

describe('currentCheckId', () => {
  it.each([
    ['DS002', 'AVD-DS-0002', 'DS-0002'],
    ['DS002', undefined, 'DS-0002'],
    ['KSV117', undefined, 'KSV-0117'],
    ['DS-0002', undefined, 'DS-0002'],
    ['AVD-FOO-0001', 'AVD-FOO-0001', 'AVD-FOO-0001']
  ])('%s (AVDID %s) → %s', (id, avd, expected) => {
    expect(currentCheckId(id, avd)).toBe(expected)
  })
})
