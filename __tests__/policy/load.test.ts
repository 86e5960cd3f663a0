import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ConfigurationError } from '../../src/errors.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { parsePolicy } from '../../src/policy/load.js'
import { stringifyPolicy } from './policy-writer.js'
import { goldenVulns } from './helpers.js'

const FILE = '.github/container-gate.yml'

function fails(text: string): string {
  try {
    parsePolicy(text, FILE)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error(`expected an error for:\n${text}`)
}

describe('parsePolicy', () => {
  it('an empty file, or one with only comments, is the defaults', () => {
    expect(parsePolicy('', FILE)).toEqual({ ...defaultPolicy(), source: FILE })
    expect(parsePolicy('# nothing yet\n', FILE)).toEqual({ ...defaultPolicy(), source: FILE })
  })

  it('keeps the defaults for everything the file does not say', () => {
    const p = parsePolicy(
      'tiers:\n  vulnerabilities:\n    high: { action: block, after: 7d }\n    medium: warn\n',
      FILE
    )
    expect(p.tiers.vuln.HIGH).toEqual({ action: 'block', afterDays: 7 })
    expect(p.tiers.vuln.MEDIUM).toEqual({ action: 'warn' })
    expect(p.tiers.vuln.CRITICAL).toEqual({ action: 'block' })
    expect(p.tiers.misconfig).toEqual(defaultPolicy().tiers.misconfig)
    expect(p.admission).toEqual(defaultPolicy().admission)
  })

  it('after: 0d blocks at once', () => {
    expect(
      parsePolicy('tiers: { lint: { HIGH: { action: block, after: 0d } } }', FILE).tiers.lint.HIGH
    ).toEqual({ action: 'block' })
  })

  it('reads ignores with their line as source', () => {
    const p = parsePolicy(
      'ignore-unfixed: false\nignores:\n  - id: CVE-2019-14697\n    package: musl\n    reason: not reachable\n    expires: 2024-06-30\n  - id: DS002\n    path: docs/Dockerfile\n    reason: docs image\n',
      FILE
    )
    expect(p.ignoreUnfixed).toBe(false)
    expect(p.ignores).toEqual([
      {
        id: 'CVE-2019-14697',
        package: 'musl',
        reason: 'not reachable',
        expires: '2024-06-30',
        source: `${FILE}:3`
      },
      { id: 'DS002', path: 'docs/Dockerfile', reason: 'docs image', source: `${FILE}:7` }
    ])
  })

  it('reads base images, admission and monitor settings', () => {
    const p = parsePolicy(
      [
        'base-images:',
        '  allow: [alpine, "ghcr.io/acme/**", "registry.example.com:5000/base/*:1.*"]',
        '  require-digest: true',
        'admission:',
        '  deny-privileged: false',
        '  require-limits: [memory]',
        '  require-read-only-root-filesystem: true',
        '  require-network-policy: true',
        '  exempt-images: ["safeimages.com/*"]',
        '  max-limits: { cpu: 2, memory: 1Gi }',
        'monitor: { fail-on-rebuild: true }'
      ].join('\n'),
      FILE
    )
    expect(p.baseImages).toEqual({
      allow: ['alpine', 'ghcr.io/acme/**', 'registry.example.com:5000/base/*:1.*'],
      requireDigest: true
    })
    expect(p.admission).toEqual({
      denyPrivileged: false,
      requireLimits: ['memory'],
      requireReadOnlyRootFilesystem: true,
      requireNetworkPolicy: true,
      exemptImages: ['safeimages.com/*'],
      maxLimits: { cpu: '2', memory: '1Gi' }
    })
    expect(p.monitor.failOnRebuild).toBe(true)
  })

  it('the shipped example parses, and its ignore keeps alpine 3.9 from failing', () => {
    const text = readFileSync('examples/policy/container-gate.yml', 'utf8')
    const p = parsePolicy(text, FILE)
    expect(p.ignores.map(i => i.id)).toEqual(['CVE-2019-14697', 'CVE-2023-5363', 'DS-0002'])
    expect(p.baseImages.allow).toHaveLength(3)
    expect(p.admission).toEqual({
      ...defaultPolicy().admission,
      maxLimits: { cpu: '4', memory: '8Gi' },
      exemptImages: ['registry.example.com/node-agents/*']
    })
    expect(p.tiers).toEqual(defaultPolicy().tiers)
    // the musl entry covers musl only (package scope): musl-utils still blocks
    const v = evaluate(
      goldenVulns('alpine-39.json.golden'),
      p,
      { mode: 'gate' },
      new Date('2026-01-01T00:00:00Z')
    )
    expect(v.blocking.map(d => d.finding.package?.name)).toEqual(['musl-utils'])
    expect(v.decisions.find(d => d.finding.package?.name === 'musl')?.suppressedBy?.source).toBe(`${FILE}:44`)
  })

  it('stringifyPolicy round-trips the defaults', () => {
    const text = stringifyPolicy(defaultPolicy())
    expect(parsePolicy(text, FILE)).toEqual({ ...defaultPolicy(), source: FILE })
  })
})

describe('parsePolicy rejects bad input with file, line and what is accepted', () => {
  it.each([
    [
      'misspelt top-level key',
      'ignore-unfixd: true',
      ":1: unknown key 'ignore-unfixd' in the policy file. Did you mean 'ignore-unfixed'? Accepted keys: version, ignore-unfixed, tiers, ignores, base-images, admission, signatures, monitor."
    ],
    [
      'unknown key without a near match',
      'colour: blue',
      ":1: unknown key 'colour' in the policy file. Accepted keys:"
    ],
    [
      'misspelt kind',
      'tiers:\n  vulnerabilites: {}',
      ":2: unknown key 'vulnerabilites' in tiers. Did you mean 'vulnerabilities'?"
    ],
    [
      'bad severity',
      'tiers:\n  lint:\n    SEVERE: block',
      ':3: tiers.lint has the severity "SEVERE", which does not exist. Accepted: CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN.'
    ],
    [
      'misspelt severity',
      'tiers:\n  lint:\n    HIHG: block',
      ':3: tiers.lint has the severity "HIHG", which does not exist. Did you mean \'HIGH\'?'
    ],
    [
      'bad action',
      'tiers:\n  vulnerabilities:\n    HIGH: fail',
      ':3: tiers.vulnerabilities.HIGH has the action "fail", which does not exist.'
    ],
    [
      'misspelt action',
      'tiers:\n  vulnerabilities:\n    HIGH: blok',
      ':3: tiers.vulnerabilities.HIGH has the action "blok", which does not exist. Did you mean \'block\'?'
    ],
    [
      'grace in words',
      'tiers:\n  vulnerabilities:\n    HIGH:\n      action: block\n      after: 30 days',
      ':5: tiers.vulnerabilities.HIGH.after is "30 days"; write a number of days such as 30d'
    ],
    [
      'negative grace',
      'tiers:\n  vulnerabilities:\n    HIGH: { action: block, after: -1d }',
      ':3: tiers.vulnerabilities.HIGH.after is "-1d"'
    ],
    [
      'bare number grace',
      'tiers:\n  vulnerabilities:\n    HIGH: { action: block, after: 30 }',
      ':3: tiers.vulnerabilities.HIGH.after is 30'
    ],
    [
      'grace on warn',
      'tiers:\n  vulnerabilities:\n    HIGH: { action: warn, after: 3d }',
      ":3: tiers.vulnerabilities.HIGH: 'after' only applies to the action block"
    ],
    [
      'tier mapping without action',
      'tiers:\n  vulnerabilities:\n    HIGH: { after: 3d }',
      ':3: tiers.vulnerabilities.HIGH needs an action'
    ],
    [
      'ignore without reason',
      'ignores:\n  - id: CVE-2024-1\n    package: x',
      ':2: ignores[0] (CVE-2024-1) needs a reason'
    ],
    [
      'ignore with empty reason',
      'ignores:\n  - id: CVE-2024-1\n    reason: ""',
      ':3: ignores[0].reason must be a non-empty string'
    ],
    ['ignore without id', 'ignores:\n  - reason: because', ':2: ignores[0] needs an id'],
    [
      'ignore with a misspelt key',
      'ignores:\n  - id: X\n    reason: r\n    expiers: 2024-01-01',
      ":4: unknown key 'expiers' in ignores[0]. Did you mean 'expires'?"
    ],
    [
      'expiry not a date',
      'ignores:\n  - id: X\n    reason: r\n    expires: next year',
      ':4: ignores[0].expires is "next year"; write a date as YYYY-MM-DD'
    ],
    [
      'expiry not a calendar date',
      'ignores:\n  - id: X\n    reason: r\n    expires: 2024-02-30',
      ':4: ignores[0].expires is "2024-02-30"'
    ],
    ['ignores not a list', 'ignores: CVE-2024-1', ':1: ignores must be a list'],
    [
      'allowlist pattern with a scheme',
      'base-images:\n  allow:\n    - https://ghcr.io/acme/app',
      ":3: base-images.allow pattern 'https://ghcr.io/acme/app' can never match an image: image references have no scheme"
    ],
    [
      'allowlist pattern in upper case',
      'base-images:\n  allow: [ghcr.io/Acme/app]',
      ":2: base-images.allow pattern 'ghcr.io/Acme/app' can never match an image: 'Acme' has upper-case letters"
    ],
    [
      'allowlist pattern with an empty segment',
      'base-images:\n  allow: ["ghcr.io//app"]',
      ":2: base-images.allow pattern 'ghcr.io//app' can never match an image: it has an empty path segment"
    ],
    [
      'allowlist pattern with a bad digest',
      'base-images:\n  allow: ["alpine@sha256:abc"]',
      "can never match an image: '@sha256:abc' is not a digest"
    ],
    ['boolean written as yes', 'ignore-unfixed: yes', ':1: ignore-unfixed must be true or false, not "yes"'],
    [
      'unknown limit',
      'admission:\n  require-limits: [cpu, gpu]',
      ':2: admission.require-limits accepts cpu and memory, not "gpu"'
    ],
    [
      'bad max limit',
      'admission:\n  max-limits:\n    memory: 1GB',
      ':3: admission.max-limits.memory is "1GB", not a Kubernetes quantity (512Mi, 1Gi or 1G)'
    ],
    [
      'misspelt max limit',
      'admission:\n  max-limits: { mem: 1Gi }',
      ":2: unknown key 'mem' in admission.max-limits."
    ],
    ['wrong version', 'version: 2', ':1: version must be 1, not 2'],
    ['malformed YAML', 'tiers:\n  lint: [', ':2: the file is not valid YAML'],
    [
      'duplicate key',
      'ignore-unfixed: true\nignore-unfixed: false',
      ':2: the file is not valid YAML: Map keys must be unique'
    ],
    [
      'several documents',
      'ignore-unfixed: true\n---\nmonitor: {}',
      ':2: the file is not valid YAML: it holds more than one YAML document (---)'
    ],
    ['aliases', 'x: &a 1', ":1: unknown key 'x'"],
    [
      'alias use',
      'tiers:\n  lint: &t { HIGH: warn }\n  secrets: *t',
      ':3: YAML aliases (*name) are not supported here'
    ],
    ['a list at the top', '- a', ':1: the policy file must be a mapping'],
    ['a scalar at the top', 'block', ':1: the policy file must be a mapping']
  ])('%s', (_name, text, expected) => {
    const message = fails(text)
    expect(message.startsWith(FILE)).toBe(true)
    expect(message).toContain(expected)
  })
})
