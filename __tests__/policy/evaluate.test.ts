import { describe, it, expect } from '@jest/globals'
import { applyOverrides, defaultPolicy } from '../../src/policy/defaults.js'
import { deadlineFor, evaluate } from '../../src/policy/evaluate.js'
import type { EvaluationContext, Policy } from '../../src/policy/types.js'
import { findingKey } from '../../src/findings/model.js'
import { goldenVulns, misconfig, vuln } from './helpers.js'

const gate: EvaluationContext = { mode: 'gate' }
const NOW = new Date('2024-03-15T12:00:00Z')

describe('evaluate on recorded Trivy reports with the default policy', () => {
  it('fails alpine 3.9 on its two fixable CRITICAL musl vulnerabilities', () => {
    const verdict = evaluate(goldenVulns('alpine-39.json.golden'), defaultPolicy(), gate, NOW)
    expect(verdict.outcome).toBe('fail')
    expect(verdict.counts).toEqual({ CRITICAL: 2, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 })
    expect(verdict.blocking.map(d => `${d.finding.ruleId}/${d.finding.package?.name}`)).toEqual([
      'CVE-2019-14697/musl',
      'CVE-2019-14697/musl-utils'
    ])
    expect(verdict.reason).toBe(
      '2 findings block: CVE-2019-14697 in musl (CRITICAL vulnerabilities block), CVE-2019-14697 in musl-utils (CRITICAL vulnerabilities block)'
    )
    expect(verdict.decisions.filter(d => d.action === 'record')).toHaveLength(4)
    expect(verdict.rebuildRequired).toBe(true)
  })

  it('passes alpine 3.10 (MEDIUM only is recorded)', () => {
    const verdict = evaluate(goldenVulns('alpine-310.json.golden'), defaultPolicy(), gate, NOW)
    expect(verdict.outcome).toBe('pass')
    expect(verdict.counts).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 })
    expect(verdict.reason).toBe(
      'No finding blocks (0 CRITICAL, 0 HIGH, 4 MEDIUM, 0 LOW, 0 UNKNOWN; 0 warnings, 0 ignored)'
    )
    expect(verdict.rebuildRequired).toBe(false)
  })

  it('fail-on MEDIUM makes alpine 3.10 fail', () => {
    const policy = applyOverrides(defaultPolicy(), { failOn: 'MEDIUM' })
    const verdict = evaluate(goldenVulns('alpine-310.json.golden'), policy, gate, NOW)
    expect(verdict.outcome).toBe('fail')
    expect(verdict.blocking).toHaveLength(4)
    expect(verdict.reason).toMatch(
      /^4 findings block: CVE-2019-1549 in libcrypto1\.1 \(MEDIUM vulnerabilities block\)/
    )
  })
})

describe('tiers and suppression', () => {
  it('maps each default tier to its action', () => {
    const findings = [
      vuln({ severity: 'CRITICAL' }),
      vuln({ severity: 'MEDIUM' }),
      vuln({ severity: 'LOW' }),
      vuln({ severity: 'UNKNOWN' }),
      misconfig({ severity: 'CRITICAL' }),
      misconfig({ severity: 'LOW' }),
      misconfig({ kind: 'lint', tool: 'hadolint', ruleId: 'DL3008', aliases: [], severity: 'HIGH' }),
      misconfig({ kind: 'lint', tool: 'hadolint', ruleId: 'DL3059', aliases: [], severity: 'LOW' })
    ]
    const v = evaluate(findings, defaultPolicy(), gate, NOW)
    expect(v.decisions.map(d => d.action)).toEqual([
      'block',
      'record',
      'ignore',
      'record',
      'block',
      'ignore',
      'warn',
      'ignore'
    ])
    expect(v.decisions[2]!.suppressedBy).toBeUndefined()
    expect(v.decisions[2]!.rule).toBe('LOW vulnerabilities are ignored')
    expect(v.decisions[6]!.rule).toBe('HIGH Dockerfile lint findings warn')
    // tier-ignored findings are still counted; only suppressed ones are not
    expect(v.counts).toEqual({ CRITICAL: 2, HIGH: 1, MEDIUM: 1, LOW: 3, UNKNOWN: 1 })
    expect(v.warnings).toHaveLength(1)
  })

  it('ignore-unfixed suppresses a vulnerability without a fixed version, and only vulnerabilities', () => {
    const unfixed = vuln({
      severity: 'CRITICAL',
      package: { name: 'busybox', installedVersion: '1' },
      status: 'affected'
    })
    const v = evaluate([unfixed, misconfig({ severity: 'CRITICAL' })], defaultPolicy(), gate, NOW)
    expect(v.decisions[0]).toMatchObject({ action: 'ignore', suppressedBy: { source: 'ignore-unfixed' } })
    expect(v.decisions[1]!.action).toBe('block')
    expect(v.counts.CRITICAL).toBe(1)
    const off = evaluate([unfixed], applyOverrides(defaultPolicy(), { ignoreUnfixed: false }), gate, NOW)
    expect(off.outcome).toBe('fail')
    expect(off.decisions[0]!.suppressedBy).toBeUndefined()
  })

  it('an explicit ignore suppresses with its source and reason and is not counted', () => {
    const policy: Policy = {
      ...defaultPolicy(),
      ignores: [
        {
          id: 'CVE-2019-14697',
          package: 'musl',
          reason: 'not reachable',
          source: 'p.yml:3',
          expires: '2024-12-31'
        }
      ]
    }
    const v = evaluate(goldenVulns('alpine-39.json.golden'), policy, gate, NOW)
    const musl = v.decisions.find(d => d.finding.package?.name === 'musl')!
    expect(musl).toMatchObject({
      action: 'ignore',
      rule: 'ignored by p.yml:3: not reachable',
      suppressedBy: { source: 'p.yml:3', reason: 'not reachable', expires: '2024-12-31' }
    })
    // the scope is the package: musl-utils still blocks
    expect(v.blocking.map(d => d.finding.package?.name)).toEqual(['musl-utils'])
    expect(v.counts.CRITICAL).toBe(1)
    expect(v.reason).toBe('1 finding blocks: CVE-2019-14697 in musl-utils (CRITICAL vulnerabilities block)')
  })

  it('names at most five blocking findings in the reason', () => {
    const findings = Array.from({ length: 7 }, (_, i) =>
      vuln({ severity: 'CRITICAL', ruleId: `CVE-2024-000${i}` })
    )
    const v = evaluate(findings, defaultPolicy(), gate, NOW)
    expect(v.reason).toMatch(/^7 findings block: CVE-2024-0000 in openssl .* and 2 more$/)
  })
})

describe('applyOverrides', () => {
  it('fail-on HIGH: HIGH and CRITICAL block at once, nothing below blocks', () => {
    const base = defaultPolicy()
    base.tiers.vuln.MEDIUM = { action: 'block', afterDays: 90 }
    const p = applyOverrides(base, { failOn: 'HIGH' })
    expect(p.tiers.vuln).toEqual({
      CRITICAL: { action: 'block' },
      HIGH: { action: 'block' },
      MEDIUM: { action: 'record' },
      LOW: { action: 'ignore' },
      UNKNOWN: { action: 'record' }
    })
    expect(p.tiers.lint.HIGH).toEqual({ action: 'block' })
    expect(p.tiers.lint.MEDIUM).toEqual({ action: 'record' })
    expect(p.source).toBe('built-in defaults (overridden by input fail-on=HIGH)')
    // the argument is untouched
    expect(base.tiers.vuln.MEDIUM).toEqual({ action: 'block', afterDays: 90 })
  })

  it('fail-on CRITICAL turns the HIGH grace period into record', () => {
    const p = applyOverrides(defaultPolicy(), { failOn: 'CRITICAL' })
    expect(p.tiers.vuln.HIGH).toEqual({ action: 'record' })
    expect(p.tiers.lint.HIGH).toEqual({ action: 'warn' })
  })

  it('without overrides returns an equal policy', () => {
    expect(applyOverrides(defaultPolicy(), {})).toEqual(defaultPolicy())
  })
})

describe('grace periods', () => {
  // HIGH vulnerability published 2024-01-01: 30 days of grace → blocks on 2024-01-31.
  const high = vuln({ publishedDate: '2024-01-01T23:30:00Z' })
  const cases: Array<[string, string, 'warn' | 'block', number]> = [
    ['day before the deadline', '2024-01-30T23:59:59Z', 'warn', 1],
    ['day of the deadline', '2024-01-31T00:00:00Z', 'block', 0],
    ['day after the deadline', '2024-02-01T08:00:00Z', 'block', -1],
    ['first day', '2024-01-01T23:59:00Z', 'warn', 30]
  ]
  it.each(cases)('%s (%s) → %s, %d days left', (_name, now, action, daysLeft) => {
    const v = evaluate([high], defaultPolicy(), gate, new Date(now))
    const d = v.decisions[0]!
    expect(d.action).toBe(action)
    expect(d.deadline).toEqual({
      clock: 'published',
      clockDate: '2024-01-01',
      blocksOn: '2024-01-31',
      daysLeft
    })
    expect(v.outcome).toBe(action === 'block' ? 'fail' : 'pass')
  })

  it('says how many days are left and when it blocks', () => {
    const v = evaluate([high], defaultPolicy(), gate, new Date('2024-01-29T00:00:00Z'))
    expect(v.warnings[0]!.rule).toBe(
      'HIGH vulnerabilities block after 30 days: 2 days left (published 2024-01-01, blocks on 2024-01-31)'
    )
    const late = evaluate([high], defaultPolicy(), gate, new Date('2024-02-02T00:00:00Z'))
    expect(late.blocking[0]!.rule).toBe(
      'HIGH past its 30-day deadline (published 2024-01-01, blocking since 2024-01-31)'
    )
  })

  it('the clock prefers first-seen, then published, then now', () => {
    const now = new Date('2024-03-01T00:00:00Z')
    const byKey = new Map([[findingKey(high), '2024-02-20T10:00:00Z']])
    expect(deadlineFor(high, 30, { mode: 'gate', firstSeen: byKey }, now)).toEqual({
      clock: 'first-seen',
      clockDate: '2024-02-20',
      blocksOn: '2024-03-21',
      daysLeft: 20
    })
    expect(deadlineFor(high, 30, gate, now)).toMatchObject({
      clock: 'published',
      blocksOn: '2024-01-31',
      daysLeft: -30
    })
    const noDate = misconfig()
    expect(deadlineFor(noDate, 30, gate, now)).toEqual({
      clock: 'now',
      clockDate: '2024-03-01',
      blocksOn: '2024-03-31',
      daysLeft: 30
    })
    // an unparsable date is not a clock
    expect(deadlineFor(vuln({ publishedDate: 'soon' }), 30, gate, now).clock).toBe('now')
  })

  it('a first-seen date makes a misconfiguration block once its grace has passed', () => {
    const f = misconfig()
    const ctx: EvaluationContext = {
      mode: 'gate',
      firstSeen: new Map([[findingKey(f), '2024-01-01T00:00:00Z']])
    }
    expect(evaluate([f], defaultPolicy(), ctx, new Date('2024-01-30T00:00:00Z')).outcome).toBe('pass')
    expect(evaluate([f], defaultPolicy(), ctx, new Date('2024-01-31T00:00:00Z')).outcome).toBe('fail')
    expect(evaluate([f], defaultPolicy(), gate, new Date('2030-01-31T00:00:00Z')).outcome).toBe('pass')
  })
})

describe('ignore expiry', () => {
  const policy = (expires: string): Policy => ({
    ...defaultPolicy(),
    ignores: [{ id: 'CVE-2024-0001', reason: 'vendor says no', expires, source: 'p.yml:7' }]
  })
  const crit = vuln({ severity: 'CRITICAL' })
  it.each([
    ['the day before expiry', '2024-03-14T12:00:00Z', true],
    ['the expiry day, last second', '2024-03-15T23:59:59Z', true],
    ['the day after expiry', '2024-03-16T00:00:00Z', false]
  ])('%s (%s): applies=%s', (_n, now, applies) => {
    const v = evaluate([crit], policy('2024-03-15'), gate, new Date(now))
    expect(v.decisions[0]!.action).toBe(applies ? 'ignore' : 'block')
    expect(v.expiredIgnores.map(r => r.source)).toEqual(applies ? [] : ['p.yml:7'])
  })
})

describe('monitor mode', () => {
  const monitor: EvaluationContext = { mode: 'monitor' }
  it('requires a rebuild for a fixable CRITICAL in OS packages, but passes unless the policy says fail', () => {
    const v = evaluate(goldenVulns('alpine-39.json.golden'), defaultPolicy(), monitor, NOW)
    expect(v.rebuildRequired).toBe(true)
    expect(v.outcome).toBe('pass')
    expect(v.blocking).toHaveLength(2)
    expect(v.reason).toMatch(
      /^Rebuild required: 2 fixable CRITICAL vulnerabilities in base OS packages: CVE-2019-14697 in musl/
    )
    const strict = { ...defaultPolicy(), monitor: { failOnRebuild: true } }
    expect(evaluate(goldenVulns('alpine-39.json.golden'), strict, monitor, NOW).outcome).toBe('fail')
  })

  it.each([
    ['HIGH with a fix', vuln({ severity: 'HIGH' })],
    [
      'CRITICAL in a language package',
      vuln({ severity: 'CRITICAL', package: { name: 'lodash', fixedVersion: '4.17.21', class: 'lang-pkgs' } })
    ],
    ['CRITICAL without a fix', vuln({ severity: 'CRITICAL', package: { name: 'musl', class: 'os-pkgs' } })],
    ['CRITICAL misconfiguration', misconfig({ severity: 'CRITICAL' })]
  ])('does not require a rebuild for %s', (_n, f) => {
    const strict = { ...defaultPolicy(), ignoreUnfixed: false, monitor: { failOnRebuild: true } }
    const v = evaluate([f], strict, monitor, NOW)
    expect(v.rebuildRequired).toBe(false)
    expect(v.outcome).toBe('pass')
    expect(v.reason).toMatch(/^No rebuild required/)
  })

  it('an ignored fixable CRITICAL does not require a rebuild', () => {
    const p: Policy = { ...defaultPolicy(), ignores: [{ id: 'CVE-2019-14697', reason: 'r', source: 's' }] }
    expect(evaluate(goldenVulns('alpine-39.json.golden'), p, monitor, NOW).rebuildRequired).toBe(false)
  })
})
