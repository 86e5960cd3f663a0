/**
 * Leg reports edited after the leg wrote them: the aggregate takes each leg's decisions as made, so
 * what it can check is that a report agrees with itself. A gate-mode leg passes exactly when none of
 * its findings blocks (policy/evaluate.ts); a report saying otherwise was changed, and the fleet must
 * not pass on it.
 */
import { describe, expect, it } from '@jest/globals'
import { addLeg, concludeFleet, newFleet } from '../../src/fleet/aggregate.js'
import { parseLegReport } from '../../src/fleet/legs.js'
import { legReport, vuln } from './leg-reports.js'

const API = 'registry.example/acme/api:1'

/** The api leg's real report: one CRITICAL with a fix, which the default policy blocks. */
const failing = () =>
  JSON.parse(
    legReport({
      leg: 'api',
      images: [API],
      findings: [vuln(API, 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.1', '3.0.2')]
    })
  ) as { verdict: { outcome: string; reason: string }; inputs: { mode: string } }

describe('a tampered leg report', () => {
  it('is read as the leg wrote it: failing, one blocking finding', () => {
    const report = parseLegReport(JSON.stringify(failing()), 'legs/api/container-gate-report.json')
    expect(report.outcome).toBe('fail')
    expect(report.findings.map(f => f.action)).toEqual(['block'])
  })

  it('saying pass in gate mode while a finding blocks is refused, naming the file', () => {
    const forged = failing()
    forged.verdict.outcome = 'pass'
    forged.verdict.reason = 'No finding blocks'
    expect(() => parseLegReport(JSON.stringify(forged), 'legs/api/container-gate-report.json')).toThrow(
      /"legs\/api\/container-gate-report\.json" says the leg passed, yet 1 of its findings blocks/
    )
  })

  it('does not let the fleet pass on it', () => {
    const forged = failing()
    forged.verdict.outcome = 'pass'
    const fleet = () => {
      const state = newFleet()
      addLeg(state, parseLegReport(JSON.stringify(forged), 'legs/api/container-gate-report.json'))
      return concludeFleet(state, ['api'], false)
    }
    expect(fleet).toThrow()
  })

  it('a monitor-mode leg still passes with blocking findings: monitor fails only on a required rebuild', () => {
    const monitor = JSON.parse(
      legReport({
        leg: 'api',
        images: [API],
        mode: 'monitor',
        findings: [vuln(API, 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.1', '3.0.2')]
      })
    )
    const report = parseLegReport(JSON.stringify(monitor), 'legs/api/container-gate-report.json')
    expect(report.outcome).toBe('pass')
    expect(report.findings.map(f => f.action)).toEqual(['block'])
  })
})
