/**
 * The fleet's summary and comment: what a reader of the pull request sees, within GitHub's limits
 * however large the fleet, with what was left out said, and with legs' text kept inert.
 */
import { describe, expect, it } from '@jest/globals'
import { addLeg, concludeFleet, newFleet } from '../../src/fleet/aggregate.js'
import { parseLegReport } from '../../src/fleet/legs.js'
import { renderFleetComment, renderFleetSummary } from '../../src/fleet/render.js'
import { legReport, vuln } from './leg-reports.js'

const DEBIAN = 'docker.io/library/debian:12'

function fleet(legCount: number, perLeg: number, expected?: string[]) {
  const state = newFleet()
  const names: string[] = []
  for (let l = 0; l < legCount; l++) {
    const image = `registry.example/acme/svc-${l}:1`
    const findings = Array.from({ length: perLeg }, (_, i) =>
      vuln(
        image,
        `CVE-2026-${String(i).padStart(5, '0')}`,
        i % 3 === 0 ? 'CRITICAL' : 'MEDIUM',
        `pkg-${i}`,
        i % 2 ? '1.0' : `1.${l}`,
        '2.0'
      )
    )
    const name = `svc-${l}`
    names.push(name)
    addLeg(
      state,
      parseLegReport(
        legReport({ leg: name, images: [image], bases: { [`svc/${l}/Dockerfile`]: DEBIAN }, findings }),
        `legs/${name}.json`
      )
    )
  }
  return concludeFleet(state, expected ?? names, false)
}

describe("the fleet's comment and summary", () => {
  it('show the verdict, the missing leg, the base to fix first, shared rows and every leg', () => {
    const r = fleet(2, 3, ['svc-0', 'svc-1', 'svc-9'])
    const comment = renderFleetComment(
      r,
      '<!-- container-gate:ci/fleet -->',
      'https://github.com/o/r/actions/runs/1'
    )
    expect(comment.startsWith('<!-- container-gate:ci/fleet -->\n### ❌ container-gate fleet: fail\n')).toBe(
      true
    )
    expect(comment).toContain('2 legs failed (svc-0, svc-1); 1 leg did not report (svc-9).')
    expect(comment).toContain('#### Legs that did not report (1)')
    // CVE-2026-00000 is in pkg-0 1.0 in svc-0 and 1.1 in svc-1: two rows, both cleared by a rebuild of the base.
    expect(comment).toContain(`| ${DEBIAN} | 2 | 2 | 2 |`)
    // pkg-1 1.0 is in both images (same version): one row, shared base.
    expect(comment).toContain(
      `| 🟨&nbsp;MEDIUM | recorded | CVE-2026-00001 | pkg-1 1.0 | 2.0 | 2: registry.example/acme/svc-0:1, registry.example/acme/svc-1:1 | shared: ${DEBIAN} |`
    )
    expect(comment).toContain('| svc-9 | ⛔ did not report | — | — | — |')
    expect(comment).toContain('[workflow run](https://github.com/o/r/actions/runs/1)')
    expect(comment).not.toContain('shortened')
  })

  it('say when the legs used different policies, naming which leg used which', () => {
    const r = {
      ...fleet(2, 3),
      policies: [
        { policy: 'gate mode, .github/container-gate.yml', legs: ['svc-0'] },
        { policy: 'gate mode, built-in defaults', legs: ['svc-1'] }
      ]
    }
    const sentence =
      "> [!NOTE]\n> The legs did not all use the same policy; each leg's decisions are its own: gate mode, .github/container-gate.yml (svc-0); gate mode, built-in defaults (svc-1).\n"
    expect(renderFleetSummary(r)).toContain(sentence)
    expect(
      renderFleetComment(r, '<!-- container-gate:ci/fleet -->', 'https://github.com/o/r/actions/runs/1')
    ).toContain(sentence)
    expect(renderFleetSummary(fleet(2, 3))).not.toContain('did not all use the same policy')
  })

  it('fit 65,536 characters and 1 MiB for 256 legs (38,550 distinct findings), saying what was left out', () => {
    const r = fleet(256, 300)
    const comment = renderFleetComment(r, '<!-- container-gate:ci/fleet -->')
    expect(comment.length).toBeLessThanOrEqual(65_536)
    expect(comment).toContain("This comment was shortened to fit GitHub's 65,536-character limit")
    expect(comment).toMatch(/more distinct findings not shown/)
    const summary = renderFleetSummary(r)
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(1024 * 1024)
    expect(summary).toContain("This summary was shortened to fit GitHub's 1 MiB limit")
    expect(summary).toContain('| svc-255 | ❌ fail |')
  })

  it("keeps a leg's text inert: a leg name cannot mention, link or break the table", () => {
    const state = newFleet()
    const hostile = '@admins [click](https://evil.example) | x'
    addLeg(state, parseLegReport(legReport({ leg: hostile, images: [], findings: [] }), 'legs/h.json'))
    const comment = renderFleetComment(concludeFleet(state, [hostile], false), '<!-- m -->')
    expect(comment).not.toContain('@admins')
    expect(comment).not.toContain('](https://evil.example)')
    expect(comment).toContain('\\| x')
  })
})
