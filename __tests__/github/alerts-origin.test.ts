/**
 * The base-branch comparison for image findings placed on a Dockerfile line (issue 17): an alert
 * filed under the Dockerfile's path matches, and so does one filed under the image's pseudo-path
 * before findings had lines, so the first run with lines neither calls them new nor their old alerts
 * fixed.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { imageBuild } from '../../src/checks/image-origin/history.js'
import { placeOnDockerfile } from '../../src/checks/image-origin/place.js'
import { categoryOf } from '../../src/findings/category.js'
import { diffAgainstBase } from '../../src/github/alerts.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import type { AlertSummary } from '../../src/report/base-diff.js'
import { parseTrivyReport } from '../../src/scanners/trivy.js'
import { recorded } from '../helpers/shared.js'

const REF = '127.0.0.1:5111/container-gate/history-app:1'
const APP = 'services/app/Dockerfile'
const CATEGORY = categoryOf('container-gate', 'trivy', REF)

function verdict() {
  const text = recorded('trivy-0.74.0-history-app.json')
  const placed = placeOnDockerfile(parseTrivyReport(text, 'r', { subject: REF }), {
    subject: REF,
    dockerfile: {
      path: APP,
      text: readFileSync(join(process.cwd(), 'e2e/repos/history', APP), 'utf8')
    },
    build: imageBuild(JSON.parse(text))!,
    fallback: true
  })
  return evaluate(placed.findings, defaultPolicy(), { mode: 'gate' }, new Date('2026-12-01T00:00:00Z'))
}

const alert = (path: string, ruleId = 'CVE-2019-18224'): AlertSummary => ({
  number: 1,
  createdAt: '2026-11-01T00:00:00Z',
  state: 'open',
  htmlUrl: 'https://github.com/o/r/security/code-scanning/1',
  ruleId,
  toolName: 'Trivy',
  category: CATEGORY,
  path,
  message: ''
})

describe('diffAgainstBase with image findings on Dockerfile lines', () => {
  it.each([
    ['the Dockerfile line', APP],
    ['the image pseudo-path of earlier runs', '127.0.0.1_5111/container-gate/history-app']
  ])('an alert filed under %s is neither new nor fixed', (_, path) => {
    const diff = diffAgainstBase(
      verdict(),
      { alerts: [alert(path)], truncated: new Set() },
      'container-gate',
      [CATEGORY]
    )
    expect(diff.added).toEqual([])
    expect(diff.fixed).toEqual([])
  })

  it('another advisory is new, and an alert nothing matches is fixed', () => {
    const diff = diffAgainstBase(
      verdict(),
      { alerts: [alert(APP, 'CVE-2000-0001')], truncated: new Set() },
      'container-gate',
      [CATEGORY]
    )
    expect(diff.added.map(d => `${d.finding.ruleId} ${d.finding.file}:${d.finding.startLine}`)).toEqual([
      `CVE-2019-18224 ${APP}:7`
    ])
    expect(diff.fixed.map(a => a.ruleId)).toEqual(['CVE-2000-0001'])
  })
})
