import { describe, it, expect } from '@jest/globals'
import { ConfigurationError } from '../../src/errors.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { parseTrivyIgnore, parseTrivyIgnoreYaml } from '../../src/policy/trivyignore.js'
import { misconfig, vuln } from './helpers.js'

describe('.trivyignore', () => {
  it('reads IDs, comments and exp: dates with their line', () => {
    const text =
      '# accepted risks\n\nCVE-2019-14697\n  AVD-DS-0002   exp:2024-06-30\nCVE-2020-1 some words exp:2025-01-01\r\n'
    expect(parseTrivyIgnore(text, '.trivyignore')).toEqual([
      { id: 'CVE-2019-14697', reason: 'listed in .trivyignore', source: '.trivyignore:3' },
      {
        id: 'AVD-DS-0002',
        reason: 'listed in .trivyignore',
        source: '.trivyignore:4',
        expires: '2024-06-30'
      },
      { id: 'CVE-2020-1', reason: 'listed in .trivyignore', source: '.trivyignore:5', expires: '2025-01-01' }
    ])
  })

  it('an exp: that is not a date is an error naming file and line', () => {
    expect(() => parseTrivyIgnore('CVE-1\nCVE-2 exp:2024-13-01', '.trivyignore')).toThrow(
      new ConfigurationError(
        ".trivyignore:2: the expiry '2024-13-01' of CVE-2 is not a date; write exp:YYYY-MM-DD"
      )
    )
  })

  it('an old-style ID ignores the 0.69+ finding (and the other way round)', () => {
    const policy = {
      ...defaultPolicy(),
      ignores: parseTrivyIgnore('AVD-DS-0002\nKSV-0017\n', '.trivyignore')
    }
    const findings = [
      misconfig({ severity: 'CRITICAL' }),
      misconfig({ severity: 'CRITICAL', ruleId: 'DS002', aliases: ['AVD-DS-0002'] }),
      misconfig({ severity: 'CRITICAL', ruleId: 'KSV017', aliases: [] })
    ]
    const v = evaluate(findings, policy, { mode: 'gate' }, new Date('2024-01-01T00:00:00Z'))
    expect(v.decisions.map(d => d.suppressedBy?.source)).toEqual([
      '.trivyignore:1',
      '.trivyignore:1',
      '.trivyignore:2'
    ])
    expect(v.outcome).toBe('pass')
  })
})

describe('.trivyignore.yaml', () => {
  const text = `vulnerabilities:
  - id: CVE-2022-40897
    paths:
      - "usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA"
    statement: Accept the risk
  - id: CVE-2023-2650
  - id: CVE-2023-3817
    purls:
      - "pkg:deb/debian/libssl3@3.0.9-1~deb12u1?arch=arm64&distro=debian-12.0"
      - "pkg:npm/lodash"
  - id: CVE-2023-29491
    expired_at: 2023-09-01
  - id: CVE-2024-1
    expired_at: 2024-08-20T12:00:00Z
misconfigurations:
  - id: AVD-DS-0001
  - id: AVD-DS-0002
    paths:
      - "docs/Dockerfile"
      - "tools/**/Dockerfile"
    statement: The image needs root privileges
secrets:
  - id: aws-access-key-id
licenses:
  - id: GPL-3.0
future-section: []
`
  it('turns every entry into rules scoped by kind, path and purl', () => {
    const rules = parseTrivyIgnoreYaml(text, '.trivyignore.yaml')
    expect(rules).toEqual([
      {
        id: 'CVE-2022-40897',
        kinds: ['vuln'],
        path: 'usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA',
        reason: 'Accept the risk',
        source: '.trivyignore.yaml:2'
      },
      {
        id: 'CVE-2023-2650',
        kinds: ['vuln'],
        reason: 'listed in .trivyignore.yaml',
        source: '.trivyignore.yaml:6'
      },
      {
        id: 'CVE-2023-3817',
        kinds: ['vuln'],
        purl: 'pkg:deb/debian/libssl3@3.0.9-1~deb12u1?arch=arm64&distro=debian-12.0',
        reason: 'listed in .trivyignore.yaml',
        source: '.trivyignore.yaml:7'
      },
      {
        id: 'CVE-2023-3817',
        kinds: ['vuln'],
        purl: 'pkg:npm/lodash',
        reason: 'listed in .trivyignore.yaml',
        source: '.trivyignore.yaml:7'
      },
      {
        id: 'CVE-2023-29491',
        kinds: ['vuln'],
        expires: '2023-09-01',
        reason: 'listed in .trivyignore.yaml',
        source: '.trivyignore.yaml:11'
      },
      {
        id: 'CVE-2024-1',
        kinds: ['vuln'],
        expires: '2024-08-20',
        reason: 'listed in .trivyignore.yaml',
        source: '.trivyignore.yaml:13'
      },
      {
        id: 'AVD-DS-0001',
        kinds: ['misconfig'],
        reason: 'listed in .trivyignore.yaml',
        source: '.trivyignore.yaml:16'
      },
      {
        id: 'AVD-DS-0002',
        kinds: ['misconfig'],
        path: 'docs/Dockerfile',
        reason: 'The image needs root privileges',
        source: '.trivyignore.yaml:17'
      },
      {
        id: 'AVD-DS-0002',
        kinds: ['misconfig'],
        path: 'tools/**/Dockerfile',
        reason: 'The image needs root privileges',
        source: '.trivyignore.yaml:17'
      },
      {
        id: 'aws-access-key-id',
        kinds: ['secret'],
        reason: 'listed in .trivyignore.yaml',
        source: '.trivyignore.yaml:23'
      }
    ])
  })

  it('applies per kind, path glob and purl', () => {
    const policy = { ...defaultPolicy(), ignores: parseTrivyIgnoreYaml(text, '.trivyignore.yaml') }
    const now = new Date('2024-01-01T00:00:00Z')
    const cases = [
      misconfig({ severity: 'CRITICAL', file: 'tools/a/b/Dockerfile' }),
      misconfig({ severity: 'CRITICAL', file: 'Dockerfile', target: 'Dockerfile' }),
      vuln({
        severity: 'CRITICAL',
        ruleId: 'CVE-2023-3817',
        package: { name: 'lodash', fixedVersion: '2', purl: 'pkg:npm/lodash@4.17.20' }
      }),
      vuln({
        severity: 'CRITICAL',
        ruleId: 'CVE-2023-3817',
        package: {
          name: 'libssl3',
          fixedVersion: '2',
          purl: 'pkg:deb/debian/libssl3@3.0.9-1~deb12u1?arch=amd64'
        }
      }),
      vuln({
        severity: 'CRITICAL',
        ruleId: 'CVE-2023-3817',
        package: { name: 'libssl3', fixedVersion: '2', purl: 'pkg:deb/debian/libssl3@3.0.11' }
      }),
      // a misconfiguration entry does not ignore a vulnerability with the same ID
      vuln({ severity: 'CRITICAL', ruleId: 'AVD-DS-0001' })
    ]
    const v = evaluate(cases, policy, { mode: 'gate' }, now)
    expect(v.decisions.map(d => d.action)).toEqual(['ignore', 'block', 'ignore', 'ignore', 'block', 'block'])
    expect(v.decisions[0]!.suppressedBy).toEqual({
      source: '.trivyignore.yaml:17',
      reason: 'The image needs root privileges'
    })
  })

  it.each([
    [
      'entry without id',
      'vulnerabilities:\n  - statement: x',
      '.trivyignore.yaml:2: vulnerabilities[0] needs an id'
    ],
    [
      'bad expired_at',
      'vulnerabilities:\n  - id: X\n    expired_at: someday',
      '.trivyignore.yaml:3: vulnerabilities[0].expired_at is "someday"'
    ],
    [
      'misspelt section',
      'vulnerabilites:\n  - id: X',
      ".trivyignore.yaml:1: unknown key 'vulnerabilites' in .trivyignore.yaml. Did you mean 'vulnerabilities'?"
    ],
    [
      'misspelt entry key',
      'secrets:\n  - id: X\n    path: [a]',
      ".trivyignore.yaml:3: unknown key 'path' in secrets[0]. Did you mean 'paths'?"
    ],
    [
      'paths not a list',
      'secrets:\n  - id: X\n    paths: a',
      '.trivyignore.yaml:3: secrets[0].paths must be a list'
    ],
    ['malformed', 'vulnerabilities: [', '.trivyignore.yaml:1: the file is not valid YAML']
  ])('%s is an error', (_n, bad, message) => {
    expect(() => parseTrivyIgnoreYaml(bad, '.trivyignore.yaml')).toThrow(message)
  })

  it('an empty file has no rules', () => {
    expect(parseTrivyIgnoreYaml('', '.trivyignore.yaml')).toEqual([])
    expect(parseTrivyIgnoreYaml('vulnerabilities:\nsecrets:\n', '.trivyignore.yaml')).toEqual([])
  })
})
