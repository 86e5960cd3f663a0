/**
 * Image findings on the Dockerfile line that brought them in, as every report shows them: SARIF's
 * primary location is the Dockerfile line (the image a logical and a related location, its name in
 * the message), annotations sit on that line, the summary's "where" names the line and its
 * instruction, and the fingerprint survives a rebuild. Verdicts come from the reports Trivy 0.74.0
 * wrote for the history fixtures (e2e/HISTORY.md), placed on the fixture Dockerfiles.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { imageBuild } from '../../src/checks/image-origin/history.js'
import { placeOnDockerfile } from '../../src/checks/image-origin/place.js'
import { applyOverrides, defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { selectAnnotations } from '../../src/report/annotations.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderSummary } from '../../src/report/summary.js'
import { parseTrivyReport } from '../../src/scanners/trivy.js'
import { sarifSchemaErrors } from '../helpers/sarif-schema.js'
import { recorded } from '../helpers/shared.js'

const NOW = new Date('2026-12-01T12:00:00Z')
const APP = 'services/app/Dockerfile'

/** A fixture image's recorded scan, placed on `dockerfile` (under e2e/repos/history unless given). */
function verdictFor(image: string, dockerfile = APP, mode: 'gate' | 'monitor' = 'gate', root = 'history') {
  const text = recorded(`trivy-0.74.0-history-${image}.json`)
  const report = JSON.parse(text) as { ArtifactName: string }
  const subject = report.ArtifactName
  const findings = parseTrivyReport(text, image, { subject })
  const source = readFileSync(join(process.cwd(), 'e2e/repos', root, dockerfile), 'utf8')
  const placed = placeOnDockerfile(findings, {
    subject,
    dockerfile: { path: dockerfile, text: source },
    build: imageBuild(report)!,
    fallback: true
  })
  // Every finding reported: LOW and unfixed too, so bash's line is checked as well.
  const policy = applyOverrides(defaultPolicy(), { failOn: 'LOW', ignoreUnfixed: false })
  return evaluate(placed.findings, policy, { mode }, NOW)
}

const meta = (subject: string) => ({
  categoryPrefix: 'container-gate',
  subjects: [{ tool: 'trivy' as const, subject }],
  toolVersions: { trivy: '0.74.0' }
})

function results(image: string, dockerfile?: string, mode?: 'gate' | 'monitor') {
  const verdict = verdictFor(image, dockerfile, mode)
  const sarif = renderSarif(verdict, meta(verdict.decisions[0]!.finding.subject))
  expect(sarifSchemaErrors(sarif)).toEqual([])
  return sarif.runs.flatMap(r => r.results)
}

describe('image findings on their Dockerfile line, in every report', () => {
  it('SARIF: the primary location is the Dockerfile line; the image is a logical and related location', () => {
    const [libidn2, bash] = results('app')
    expect(libidn2!.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: APP }, region: { startLine: 7, endLine: 9 } },
        logicalLocations: [{ name: '127.0.0.1:5111/container-gate/history-app:1', kind: 'module' }]
      }
    ])
    expect(libidn2!.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: '127.0.0.1_5111/container-gate/history-app' } },
        message: { text: 'The image scanned: 127.0.0.1:5111/container-gate/history-app:1' }
      }
    ])
    expect(libidn2!.message.text).toBe(
      [
        'libidn2-0 2.0.5-1: CVE-2019-18224 (CRITICAL), fixed in 2.0.5-1+deb10u1.',
        'libidn2: heap-based buffer overflow in idn2_to_ascii_4i in lib/lookup.c',
        'Image: 127.0.0.1:5111/container-gate/history-app:1; target: 127.0.0.1:5111/container-gate/history-app:1 (debian 10.2).',
        `Installed by line 7 of ${APP} (RUN apt-get update && apt-get install -y --no-install-recom…): that line is the fix (install a fixed version there).`,
        'Blocks: CRITICAL vulnerabilities block.'
      ].join('\n')
    )
    expect(bash!.locations[0]!.physicalLocation.region).toEqual({ startLine: 2, endLine: 2 })
    expect(bash!.message.text).toContain(
      `Comes with the base image container-gate/history-debian:1 (FROM, line 2 of ${APP}).`
    )
  })

  it('fingerprints do not change between two builds of the same Dockerfile (history-app:1 and :2)', () => {
    const first = results('app')
    const rebuilt = results('app-rebuilt')
    expect(rebuilt.map(r => r.partialFingerprints)).toEqual(first.map(r => r.partialFingerprints))
    expect(new Set(first.map(r => r.partialFingerprints!['containerGateFinding/v1'])).size).toBe(2)
    // Trivy's own fingerprint hashes the image ID: it does change.
    const trivy = (name: string) =>
      (
        JSON.parse(recorded(`trivy-0.74.0-history-${name}.json`)) as {
          Results: Array<{ Vulnerabilities: Array<{ Fingerprint: string }> }>
        }
      ).Results[0]!.Vulnerabilities.map(v => v.Fingerprint)
    expect(trivy('app-rebuilt')).not.toEqual(trivy('app'))
  })

  it('a mismatched Dockerfile: FROM line, and the message says why', () => {
    const verdict = verdictFor('app', APP, 'gate', 'history-edited')
    const sarif = renderSarif(verdict, meta(verdict.decisions[0]!.finding.subject))
    const [libidn2] = sarif.runs[0]!.results
    expect(libidn2!.locations[0]!.physicalLocation.region).toEqual({ startLine: 2, endLine: 2 })
    expect(libidn2!.message.text).toContain(
      `Shown on the FROM line (line 2 of ${APP}): which line brought it in is not known, because line 10 (RUN useradd --system --home-dir /srv/app app) is not what the history records there (another command): the image was built from another version of the Dockerfile.`
    )
  })

  it('monitor mode: a fixable CRITICAL that came with the base says a newer base is the fix', () => {
    const [libidn2] = results('api', 'services/api/Dockerfile', 'monitor')
    expect(libidn2!.message.text).toContain(
      'Comes with the base image container-gate/history-debian-idn:1 (FROM, line 1 of services/api/Dockerfile). Rebuild on a newer base image: that is the fix.'
    )
  })

  it('annotations sit on the Dockerfile line and name the image', () => {
    const picked = selectAnnotations(verdictFor('app'))
    expect(picked.errors.map(a => [a.title, a.file, a.startLine, a.endLine])).toEqual([
      ['CRITICAL CVE-2019-18224 in libidn2-0 2.0.5-1 (fixed in 2.0.5-1+deb10u1)', APP, 7, 9],
      ['LOW CVE-2019-18276 in bash 5.0-4', APP, 2, 2]
    ])
    expect(picked.errors[0]!.message).toMatch(
      / — CRITICAL vulnerabilities block\. Installed by line 7 of services\/app\/Dockerfile \(RUN apt-get .*\): that line is the fix \(install a fixed version there\)\. Image: 127\.0\.0\.1:5111\/container-gate\/history-app:1\.$/
    )
  })

  it('the summary’s "where" is the line and its instruction, shortened and escaped', () => {
    const md = renderSummary(verdictFor('app'))
    expect(md).toContain(
      `| ${APP}:7 (RUN apt-get update &amp;&amp; apt-get install -y --no-install-recom…) |`
    )
    expect(md).toContain(`| ${APP}:2 (FROM container-gate/history-debian:1) |`)
  })
})
