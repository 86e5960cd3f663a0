import { describe, expect, it } from '@jest/globals'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { categoryOf } from '../../src/findings/category.js'
import { renderSarif } from '../../src/report/sarif.js'
import { parseHadolintReport } from '../../src/scanners/hadolint.js'
import { parseTrivyReport } from '../../src/scanners/trivy.js'
import { sarifSchemaErrors } from '../helpers/sarif-schema.js'
import { golden, recorded } from '../helpers/shared.js'

const now = new Date('2026-11-28T12:00:00Z')

function verdictFor() {
  const findings = [
    ...parseTrivyReport(golden('alpine-39.json.golden'), 'a', { subject: 'ghcr.io/acme/app:1' }),
    ...parseTrivyReport(golden('helm.json.golden'), 'h', { subject: 'charts', fileBase: 'charts' }),
    ...parseTrivyReport(golden('debian-buster.json.golden'), 'd', {
      subject: 'localhost:5000/debian:buster'
    }),
    ...parseHadolintReport(recorded('hadolint-2.15.1-examples-app.json'), 'l', {
      subject: 'Dockerfile',
      fileBase: ''
    })
  ]
  return evaluate(findings, defaultPolicy(), { mode: 'gate' }, now)
}

const meta = {
  categoryPrefix: 'container-gate',
  subjects: [{ tool: 'trivy' as const, subject: 'clean:1' }],
  toolVersions: { trivy: '0.74.0', hadolint: '2.15.1' }
}

describe('renderSarif', () => {
  const verdict = verdictFor()
  const sarif = renderSarif(verdict, meta)

  it('is valid SARIF 2.1.0', () => {
    expect(sarifSchemaErrors(sarif)).toEqual([])
  })

  it('has one run per tool and subject, each with its own category, clean subjects included', () => {
    const ids = sarif.runs.map(r => r.automationDetails!.id)
    expect(ids.sort()).toEqual([
      'container-gate/hadolint/examples-app-dockerfile/',
      'container-gate/trivy/charts/',
      'container-gate/trivy/clean-1/',
      'container-gate/trivy/ghcr.io-acme-app-1/',
      'container-gate/trivy/localhost-5000-debian-buster/'
    ])
    expect(new Set(ids).size).toBe(ids.length)
    expect(sarif.runs.find(r => r.automationDetails!.id.includes('clean'))!.results).toEqual([])
  })

  it('takes levels from the verdict and leaves ignored findings out', () => {
    const image = sarif.runs.find(
      r => r.automationDetails!.id === 'container-gate/trivy/ghcr.io-acme-app-1/'
    )!
    const levels = image.results.map(r => `${r.ruleId}:${r.level}`)
    expect(levels.filter(l => l.endsWith(':error')).sort()).toEqual([
      'CVE-2019-14697:error',
      'CVE-2019-14697:error'
    ])
    expect(levels.filter(l => l.endsWith(':note'))).toHaveLength(4)
    const reported = sarif.runs.reduce((n, r) => n + r.results.length, 0)
    expect(reported).toBe(verdict.decisions.filter(d => d.action !== 'ignore').length)
    // debian-buster's unfixed LOW is ignored by the default ignore-unfixed.
    const debian = sarif.runs.find(r => r.automationDetails!.id.includes('debian'))!
    expect(debian.results).toHaveLength(1)
    expect(debian.results[0]!.level).toBe('error')
  })

  it('rules carry security-severity and help; results point at repository files or a relative image path', () => {
    for (const run of sarif.runs) {
      for (const rule of run.tool.driver.rules) {
        expect(Number(rule.properties!['security-severity'])).toBeGreaterThan(0)
        expect(rule.help!.text.length).toBeGreaterThan(0)
      }
      for (const result of run.results) {
        const uri = result.locations[0]!.physicalLocation.artifactLocation.uri
        expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i)
        expect(uri.startsWith('/')).toBe(false)
        expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId)
      }
    }
    const lint = sarif.runs.find(r => r.tool.driver.name === 'hadolint')!
    const dl3000 = lint.results.find(r => r.ruleId === 'DL3000')!
    expect(dl3000.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/app/Dockerfile' },
      region: { startLine: 4, endLine: 4 }
    })
  })

  it('merges subjects whose categories collide instead of emitting two runs GitHub would reject', () => {
    const collide = renderSarif(verdict, {
      ...meta,
      subjects: [
        { tool: 'trivy', subject: 'app:1' },
        { tool: 'trivy', subject: 'app-1' }
      ]
    })
    const ids = collide.runs.map(r => `${r.tool.driver.name}|${r.automationDetails!.id}`)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('categories are stable and prefix-driven', () => {
    expect(categoryOf('ci/', 'trivy', 'ghcr.io/Acme/App:1.2')).toBe('ci/trivy/ghcr.io-acme-app-1.2/')
    expect(categoryOf('container-gate', 'hadolint', '')).toBe('container-gate/hadolint/root/')
    expect(categoryOf('container-gate', 'trivy', '.')).toBe('container-gate/trivy/root/')
    expect(categoryOf('container-gate', 'trivy', './k8s/')).toBe('container-gate/trivy/k8s/')
  })
})
