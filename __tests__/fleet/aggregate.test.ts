/**
 * The fleet's verdict from its legs' reports, against expectations worked out by hand below: which
 * rows the same vulnerability collapses into, which base a rebuild of clears the most, which legs
 * are missing, which images monitor mode says to rebuild.
 */
import { describe, expect, it } from '@jest/globals'
import { addLeg, concludeFleet, newFleet, type FleetResult } from '../../src/fleet/aggregate.js'
import { parseLegReport } from '../../src/fleet/legs.js'
import { legReport, vuln, type LegSpec } from './leg-reports.js'

const DEBIAN = 'docker.io/library/debian:12'
const ALPINE = 'docker.io/library/alpine:3.19'
const API = 'registry.example/acme/api:1'
const WEB = 'registry.example/acme/web:1'
const WORKER = 'registry.example/acme/worker:1'

/*
 * The fleet, by hand (default policy: CRITICAL blocks, HIGH warns before its deadline):
 *   api    FROM debian:12   CVE-A openssl 3.0.1 (CRITICAL, fix)  CVE-B zlib 1.2 (HIGH, fix)  CVE-N lodash (CRITICAL, npm)
 *   web    FROM debian:12   CVE-A openssl 3.0.1                  CVE-B zlib 1.2                  CVE-D curl 7.88 (CRITICAL, fix)
 *   worker FROM alpine:3.19 CVE-C musl 1.2.4 (CRITICAL, fix)     CVE-A openssl 3.0.0 (another version: another row)
 *   batch  expected, never reported
 * Rows: CVE-A@3.0.1 (api, web), CVE-B (api, web), CVE-N (api), CVE-D (web), CVE-C (worker), CVE-A@3.0.0 (worker): 6.
 * Occurrences 3 + 3 + 2 = 8; blocking rows A@3.0.1, N, D, C, A@3.0.0 = 5, in A×2 + N + D + C + A' = 6 places.
 * A rebuild of debian:12 clears A in api and web and D in web (N is npm: not the base's) = 3, 2 distinct;
 * of alpine:3.19, C and A' in worker = 2, 2 distinct. debian:12 first.
 */
const legs: LegSpec[] = [
  {
    leg: 'api',
    images: [API],
    bases: { 'services/api/Dockerfile': DEBIAN },
    findings: [
      vuln(API, 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.1', '3.0.2'),
      vuln(API, 'CVE-2026-0002', 'HIGH', 'zlib', '1.2', '1.3'),
      vuln(API, 'CVE-2026-0009', 'CRITICAL', 'lodash', '4.17.0', '4.17.21', false)
    ]
  },
  {
    leg: 'web',
    images: [WEB],
    bases: { 'services/web/Dockerfile': DEBIAN },
    findings: [
      vuln(WEB, 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.1', '3.0.2'),
      vuln(WEB, 'CVE-2026-0002', 'HIGH', 'zlib', '1.2', '1.3'),
      vuln(WEB, 'CVE-2026-0004', 'CRITICAL', 'curl', '7.88', '7.88.1')
    ]
  },
  {
    leg: 'worker',
    images: [WORKER],
    bases: { 'services/worker/Dockerfile': ALPINE },
    findings: [
      vuln(WORKER, 'CVE-2026-0003', 'CRITICAL', 'musl', '1.2.4', '1.2.5'),
      vuln(WORKER, 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.0', '3.0.2')
    ]
  }
]

function fleetOf(specs: readonly LegSpec[], expected: string[], allowMissing = false): FleetResult {
  const state = newFleet()
  for (const spec of specs)
    addLeg(state, parseLegReport(legReport(spec), `legs/${spec.leg}/container-gate-report.json`))
  return concludeFleet(state, expected, allowMissing)
}

describe('the fleet aggregate', () => {
  const result = fleetOf(legs, ['api', 'batch', 'web', 'worker'])

  it('keeps one row per vulnerability and package version, listing its images and whether a shared base carries it', () => {
    const rows = result.findings.map(f => [
      f.ruleId,
      f.packageName,
      f.installedVersion,
      [...f.images].sort(),
      [...f.bases]
    ])
    expect(rows).toEqual([
      ['CVE-2026-0001', 'openssl', '3.0.1', [API, WEB], [DEBIAN]],
      ['CVE-2026-0001', 'openssl', '3.0.0', [WORKER], [ALPINE]],
      ['CVE-2026-0003', 'musl', '1.2.4', [WORKER], [ALPINE]],
      ['CVE-2026-0004', 'curl', '7.88', [WEB], [DEBIAN]],
      ['CVE-2026-0009', 'lodash', '4.17.0', [API], []],
      ['CVE-2026-0002', 'zlib', '1.2', [API, WEB], [DEBIAN]]
    ])
    expect(result.findings.map(f => f.action)).toEqual(['block', 'block', 'block', 'block', 'block', 'warn'])
    expect(result.totals).toMatchObject({
      images: 3,
      occurrences: 8,
      distinct: 6,
      blocking: { occurrences: 6, distinct: 5 },
      counts: { CRITICAL: 5, HIGH: 1, MEDIUM: 0, LOW: 0, UNKNOWN: 0 }
    })
  })

  it('ranks base images by the blocking findings a rebuild on a fixed base clears', () => {
    expect(result.bases).toEqual([
      { base: DEBIAN, clears: 3, distinct: 2, images: 2 },
      { base: ALPINE, clears: 2, distinct: 2, images: 1 }
    ])
  })

  it('names the leg that did not report and fails the fleet for it, unless told a missing leg is acceptable', () => {
    expect(result.missing).toEqual(['batch'])
    expect(result.legs.map(l => [l.leg, l.outcome])).toEqual([
      ['api', 'fail'],
      ['batch', 'missing'],
      ['web', 'fail'],
      ['worker', 'fail']
    ])
    expect(result.outcome).toBe('fail')
    expect(result.reason).toBe('3 legs failed (api, web, worker); 1 leg did not report (batch)')

    const clean: LegSpec[] = [{ leg: 'docs', images: ['registry.example/acme/docs:1'], findings: [] }]
    expect(fleetOf(clean, ['docs', 'batch']).outcome).toBe('fail')
    const allowed = fleetOf(clean, ['docs', 'batch'], true)
    expect(allowed.outcome).toBe('pass')
    expect(allowed.reason).toBe('1 leg did not report (batch), allowed by allow-missing-legs')
    expect(fleetOf(clean, ['docs']).outcome).toBe('pass')
  })

  it('keeps each leg decision as it was made: a leg that only warned passes', () => {
    const warnOnly: LegSpec = {
      leg: 'docs',
      images: ['registry.example/acme/docs:1'],
      findings: [vuln('registry.example/acme/docs:1', 'CVE-2026-0002', 'HIGH', 'zlib', '1.2', '1.3')]
    }
    const r = fleetOf([warnOnly], ['docs'])
    expect(r.outcome).toBe('pass')
    expect(r.legs[0]).toMatchObject({ leg: 'docs', outcome: 'pass', blocking: 0, mode: 'gate' })
  })

  it('says when the legs used different policies, and still counts each as decided', () => {
    const r = fleetOf(
      [
        { ...legs[0]!, policySource: '.github/container-gate.yml' },
        { ...legs[1]!, policySource: 'built-in defaults' }
      ],
      ['api', 'web']
    )
    expect(r.policies).toEqual([
      { policy: 'gate mode, .github/container-gate.yml', legs: ['api'] },
      { policy: 'gate mode, built-in defaults', legs: ['web'] }
    ])
    expect(fleetOf(legs, ['api', 'web', 'worker']).policies).toEqual([])
  })
})

describe('monitor mode across the fleet', () => {
  const ONE = 'ghcr.io/acme/one:2.1'
  const TWO = 'ghcr.io/acme/two:5'
  const THREE = 'ghcr.io/acme/three:1'
  /*
   * one: CVE-A openssl CRITICAL with a fix in the OS packages -> rebuild.
   * two: CRITICAL with a fix, but in an npm package (not the base's) -> no rebuild.
   * three: CRITICAL in the OS packages without a fix, and HIGH with a fix -> no rebuild (HIGH is batched).
   */
  const monitor: LegSpec[] = [
    {
      leg: 'one',
      mode: 'monitor',
      images: [ONE],
      findings: [vuln(ONE, 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.1', '3.0.2')]
    },
    {
      leg: 'two',
      mode: 'monitor',
      images: [TWO],
      findings: [vuln(TWO, 'CVE-2026-0009', 'CRITICAL', 'lodash', '4.17.0', '4.17.21', false)]
    },
    {
      leg: 'three',
      mode: 'monitor',
      images: [THREE],
      findings: [
        vuln(THREE, 'CVE-2026-0005', 'CRITICAL', 'glibc', '2.36', undefined),
        vuln(THREE, 'CVE-2026-0006', 'HIGH', 'curl', '7.88', '7.88.1')
      ]
    }
  ]

  it('lists exactly the images that need a rebuild, with the vulnerabilities that call for it', () => {
    const r = fleetOf(monitor, ['one', 'two', 'three'])
    expect(r.rebuild).toEqual([{ image: ONE, leg: 'one', vulnerabilities: ['CVE-2026-0001'] }])
    expect(r.legs.map(l => [l.leg, l.rebuildRequired])).toEqual([
      ['one', true],
      ['three', false],
      ['two', false]
    ])
    // Monitor legs pass unless their policy fails on a rebuild: the fleet's verdict is theirs.
    expect(r.outcome).toBe('pass')
  })

  it('gives gate legs no rebuild list', () => {
    expect(fleetOf(legs, ['api', 'web', 'worker']).rebuild).toEqual([])
  })
})
