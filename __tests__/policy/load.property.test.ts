import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { stringify } from 'yaml'
import { ConfigurationError } from '../../src/errors.js'
import { FINDING_KINDS } from '../../src/findings/model.js'
import { SEVERITIES } from '../../src/findings/severity.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { parsePolicy } from '../../src/policy/load.js'
import { attestationType } from '../../src/checks/signatures/rules.js'
import { stringifyPolicy } from './policy-writer.js'
import { parseTrivyIgnore, parseTrivyIgnoreYaml } from '../../src/policy/trivyignore.js'
import type { Policy, Tier, TierTable } from '../../src/policy/types.js'

/** Runs a parser; anything thrown must be a ConfigurationError naming the file. */
function onlyConfigurationErrors(parse: () => unknown, file: string): void {
  try {
    parse()
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error
    expect(error.message.startsWith(file)).toBe(true)
  }
}

const FILE = 'policy.yml'
const keys = fc.constantFrom(
  'version',
  'ignore-unfixed',
  'tiers',
  'ignores',
  'base-images',
  'admission',
  'monitor',
  'vulnerabilities',
  'lint',
  'HIGH',
  'critical',
  'action',
  'after',
  'id',
  'reason',
  'expires',
  'allow',
  'require-digest',
  'require-limits',
  'deny-privileged',
  'fail-on-rebuild',
  'paths',
  'purls',
  'expired_at',
  'statement',
  'secrets'
)
const leaf = fc.oneof(
  fc.constantFrom(
    'block',
    'warn',
    'record',
    'ignore',
    '30d',
    '-1d',
    '2024-01-01',
    '2024-02-30',
    'cpu',
    'memory',
    'alpine',
    '**',
    'Bad/Ref'
  ),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.string({ maxLength: 12 })
)
const yamlish = fc.letrec(tie => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), tie('list')),
  map: fc.dictionary(fc.oneof(keys, fc.string({ maxLength: 6 })), tie('node'), { maxKeys: 5 }),
  list: fc.array(tie('node'), { maxLength: 4 })
})).node

describe('policy parser properties', () => {
  it('arbitrary text: a Policy or a ConfigurationError naming the file, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), text =>
        onlyConfigurationErrors(() => parsePolicy(text, FILE), FILE)
      ),
      { numRuns: 500 }
    )
  })

  it('arbitrary YAML built from policy words: a Policy or a ConfigurationError', () => {
    fc.assert(
      fc.property(yamlish, value => {
        const text = stringify(value)
        onlyConfigurationErrors(() => parsePolicy(text, FILE), FILE)
        onlyConfigurationErrors(() => parseTrivyIgnoreYaml(text, '.trivyignore.yaml'), '.trivyignore.yaml')
      }),
      { numRuns: 1000 }
    )
  })

  it('trivy ignore parsers: only ConfigurationErrors on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), text => {
        onlyConfigurationErrors(() => parseTrivyIgnore(text, '.trivyignore'), '.trivyignore')
        onlyConfigurationErrors(() => parseTrivyIgnoreYaml(text, '.trivyignore.yaml'), '.trivyignore.yaml')
      }),
      { numRuns: 500 }
    )
  })

  const tier: fc.Arbitrary<Tier> = fc.oneof(
    fc.constantFrom<Tier>(
      { action: 'block' },
      { action: 'warn' },
      { action: 'record' },
      { action: 'ignore' }
    ),
    fc.integer({ min: 1, max: 9999 }).map(afterDays => ({ action: 'block' as const, afterDays }))
  )
  const table: fc.Arbitrary<TierTable> = fc
    .tuple(tier, tier, tier, tier, tier)
    .map(ts => Object.fromEntries(SEVERITIES.map((s, i) => [s, ts[i]])) as TierTable)
  const text = fc.string({ minLength: 1, maxLength: 20 }).filter(s => s.trim() === s && s.length > 0)
  const date = fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map(d => d.toISOString().slice(0, 10))
  const ignore = fc.record(
    { id: text, package: text, path: text, image: text, target: text, reason: text, expires: date },
    { requiredKeys: ['id', 'reason'] }
  )
  const pattern = fc.constantFrom(
    'alpine',
    'alpine:3.*',
    'ghcr.io/acme/**',
    'registry.example.com:5000/base/*',
    '**'
  )
  const signer = fc.oneof(
    fc.constantFrom('.github/cosign.pub', 'awskms:///alias/release', 'env://COSIGN_PUBLIC_KEY').map(key => ({
      kind: 'key' as const,
      key
    })),
    fc.record({
      kind: fc.constant('identity' as const),
      identity: fc.constantFrom(
        'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
        'keyless@distroless.iam.gserviceaccount.com'
      ),
      issuer: fc.constantFrom('https://token.actions.githubusercontent.com', 'https://accounts.google.com')
    }),
    fc.record({
      kind: fc.constant('identity' as const),
      identityRegexp: fc.constantFrom('^https://github.com/acme/', '^.*@chainguard\\.dev$'),
      issuer: fc.constant('https://token.actions.githubusercontent.com')
    })
  )
  const signatureRule = fc.record(
    {
      images: fc.uniqueArray(pattern, { minLength: 1, maxLength: 3 }),
      signer,
      type: fc.constantFrom('vuln', 'sbom', 'slsaprovenance1', 'https://example.com/predicate/v1')
    },
    { requiredKeys: ['images', 'signer'] }
  )
  const policy = fc.record({
    tiers: fc.tuple(table, table, table, table, table, table),
    signatures: fc.array(signatureRule, { maxLength: 3 }),
    ignoreUnfixed: fc.boolean(),
    ignores: fc.array(ignore, { maxLength: 4 }),
    allow: fc.uniqueArray(pattern, { maxLength: 3 }),
    requireDigest: fc.boolean(),
    denyPrivileged: fc.boolean(),
    limits: fc.subarray(['cpu', 'memory'] as Array<'cpu' | 'memory'>),
    ro: fc.boolean(),
    netpol: fc.boolean(),
    failOnRebuild: fc.boolean(),
    exempt: fc.array(text, { maxLength: 2 }),
    max: fc.option(
      fc.record(
        { cpu: fc.constantFrom('2', '500m', '0.5'), memory: fc.constantFrom('1Gi', '512Mi', '1000') },
        { requiredKeys: [] }
      ),
      { nil: undefined }
    )
  })

  it('round-trips: stringifyPolicy then parsePolicy gives the same policy', () => {
    fc.assert(
      fc.property(policy, g => {
        const p: Policy = {
          ...defaultPolicy(),
          tiers: Object.fromEntries(FINDING_KINDS.map((k, i) => [k, g.tiers[i]])) as Policy['tiers'],
          ignoreUnfixed: g.ignoreUnfixed,
          ignores: g.ignores.map(r => ({ ...r, source: 'x' })),
          baseImages: { allow: g.allow, requireDigest: g.requireDigest },
          admission: {
            denyPrivileged: g.denyPrivileged,
            requireLimits: g.limits,
            requireReadOnlyRootFilesystem: g.ro,
            requireNetworkPolicy: g.netpol,
            exemptImages: g.exempt,
            ...(g.max ? { maxLimits: g.max } : {})
          },
          signatures: g.signatures.map(r => ({
            images: r.images,
            signer: r.signer,
            ...(r.type ? { attestation: attestationType(r.type)! } : {}),
            source: 'x',
            appliesTo: 'scanned-and-base' as const
          })),
          monitor: { failOnRebuild: g.failOnRebuild }
        }
        const back = parsePolicy(stringifyPolicy(p), FILE)
        expect({
          ...back,
          ignores: back.ignores.map(r => ({ ...r, source: 'x' })),
          signatures: back.signatures.map(r => ({ ...r, source: 'x' }))
        }).toEqual({
          ...p,
          source: FILE
        })
      }),
      { numRuns: 300 }
    )
  })
})
