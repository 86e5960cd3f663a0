/**
 * Every text a leg's report carries, written by an attacker who can edit the report: leg name, mode,
 * policy, image, base, rule ID, title, advisory URL, package, versions. The fleet's comment and
 * summary must render none of it as a link, an image, a mention, HTML or a broken table row.
 */
import { describe, expect, it } from '@jest/globals'
import { addLeg, concludeFleet, newFleet } from '../../src/fleet/aggregate.js'
import { parseLegReport } from '../../src/fleet/legs.js'
import { renderFleetComment, renderFleetSummary } from '../../src/fleet/render.js'
import { imagesIn, linksIn, renderGfm } from '../helpers/markdown-html.js'
import { legReport, vuln } from './leg-reports.js'

const EVIL =
  '@admins <img src=x onerror=alert(1)> [click](https://evil.example) ![i](https://evil.example/i.png) | x\n## h'

function hostileReport(leg: string): string {
  const json = JSON.parse(
    legReport({
      leg: 'api',
      images: ['registry.example/acme/api:1'],
      bases: { 'services/api/Dockerfile': 'docker.io/library/debian:12' },
      mode: 'monitor',
      findings: [
        vuln('registry.example/acme/api:1', 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.1', '3.0.2')
      ]
    })
  )
  json.leg = leg
  json.policy = EVIL
  json.inputs.mode = 'monitor'
  json.inputs.images = [EVIL]
  json.baseImages = [{ dockerfile: 'services/api/Dockerfile', image: EVIL }]
  for (const f of json.findings) {
    Object.assign(f, {
      ruleId: EVIL,
      title: EVIL,
      primaryUrl: 'javascript:alert(1)',
      image: EVIL,
      subject: EVIL
    })
    Object.assign(f.package, { name: EVIL, installedVersion: EVIL, fixedVersion: EVIL })
  }
  return JSON.stringify(json)
}

describe('a leg report full of markup', () => {
  const state = newFleet()
  addLeg(state, parseLegReport(hostileReport(EVIL), 'legs/a.json'))
  addLeg(state, parseLegReport(hostileReport('other'), 'legs/b.json'))
  const result = concludeFleet(state, [EVIL, 'other', `${EVIL} missing`], false)

  for (const [name, text] of [
    ['comment', renderFleetComment(result, '<!-- m -->', 'https://github.com/o/r/actions/runs/1')],
    ['summary', renderFleetSummary(result)]
  ] as const) {
    it(`the ${name} has no link but the run's, no image, no mention, no HTML`, () => {
      const html = renderGfm(text)
      expect(linksIn(html)).toEqual(name === 'comment' ? ['https://github.com/o/r/actions/runs/1'] : [])
      expect(imagesIn(html)).toEqual([])
      expect(html).not.toMatch(/<img|<h2|onerror=alert\(1\)>/)
      expect(text).not.toMatch(/@admins/)
      // Every table row keeps its table's columns: no leg text adds a cell or ends the row.
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length
      let header = 0
      for (const line of text.split('\n')) {
        if (!line.startsWith('|')) header = 0
        else if (header === 0) header = cells(line)
        else expect(`${cells(line)} ${line}`).toBe(`${header} ${line}`)
      }
    })
  }
})
