/**
 * Image findings onto the Dockerfile line that brought them in, on the reports Trivy 0.74.0 wrote
 * for the history fixtures (`__fixtures__/recorded/trivy-0.74.0-history-*.json`: images whose config
 * history is BuildKit's own for the Dockerfiles under e2e/repos, see e2e/HISTORY.md) and on those
 * Dockerfiles: each finding on the line e2e/HISTORY.md's table gives, and the FROM line with the
 * reason when the history cannot say.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { placeOnDockerfile } from '../../../src/checks/image-origin/place.js'
import { imageBuild } from '../../../src/checks/image-origin/history.js'
import type { Finding } from '../../../src/findings/model.js'
import { parseTrivyReport } from '../../../src/scanners/trivy.js'
import { recorded } from '../../helpers/shared.js'

const REPOS = join(process.cwd(), 'e2e/repos')

/** The recorded scan of a fixture image, parsed as the action parses it, and its build record. */
function scanned(image: string) {
  const text = recorded(`trivy-0.74.0-history-${image}.json`)
  const findings = parseTrivyReport(text, image, { subject: `registry/${image}` })
  return { findings, build: imageBuild(JSON.parse(text))! }
}

function place(image: string, dockerfile: string) {
  const { findings, build } = scanned(image)
  const text = readFileSync(join(REPOS, dockerfile), 'utf8')
  return placeOnDockerfile(findings, {
    subject: `registry/${image}`,
    dockerfile: { path: dockerfile, text },
    build,
    fallback: true
  })
}

/** `<rule> <package>` -> `<line> <how> <instruction>`. */
function lines(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(
    findings.map(f => [
      `${f.ruleId} ${f.package?.name}`,
      `${f.file}:${f.startLine}-${f.endLine} ${f.origin?.how} ${f.origin?.instruction}`
    ])
  )
}

const APP = 'history/services/app/Dockerfile'
const APP_RUN =
  'RUN apt-get update && apt-get install -y --no-install-recommends libidn2-0 && rm -rf /var/lib/apt/lists/*'

describe('image findings on the Dockerfile line that brought them in (Trivy 0.74.0 reports)', () => {
  it('history-app: bash with the base image (FROM, line 2), libidn2-0 on the continued RUN (lines 7-9)', () => {
    const placed = place('app', APP)
    expect(lines(placed.findings)).toEqual({
      'CVE-2019-18276 bash': `${APP}:2-2 base FROM container-gate/history-debian:1`,
      'CVE-2019-18224 libidn2-0': `${APP}:7-9 instruction ${APP_RUN}`
    })
    expect(placed.findings.every(f => f.origin?.baseImage === 'container-gate/history-debian:1')).toBe(true)
    expect(placed.note).toBe(`registry/app: 2 findings placed on ${APP} (line 2: 1, line 7: 1).`)
  })

  it('the rebuild (history-app:2, other layer digests) lands on the same lines', () => {
    const first = scanned('app')
    const rebuilt = scanned('app-rebuilt')
    expect(rebuilt.build.diffIds).not.toEqual(first.build.diffIds)
    expect(lines(place('app-rebuilt', APP).findings)).toEqual(lines(place('app', APP).findings))
  })

  it('FROM scratch: the root filesystem comes from the ADD line', () => {
    expect(lines(place('debian', 'base/debian/Dockerfile').findings)).toEqual({
      'CVE-2019-18276 bash': 'base/debian/Dockerfile:2-2 instruction ADD rootfs/ /'
    })
  })

  it("a two-layer base: the base's package on FROM, the RUN's own package on the RUN", () => {
    const file = 'base/debian-idn/Dockerfile'
    expect(lines(place('debian-idn', file).findings)).toEqual({
      'CVE-2019-18276 bash': `${file}:1-1 base FROM container-gate/history-debian:1`,
      'CVE-2019-18224 libidn2-0': `${file}:2-2 instruction RUN apt-get update && apt-get install -y --no-install-recommends libidn2-0 && rm -rf /var/lib/apt/lists/*`
    })
  })

  it('multi-stage: the last stage’s RUN (line 7), never the identical one of the build stage (line 2)', () => {
    const file = 'history/services/worker/Dockerfile'
    expect(lines(place('worker', file).findings)).toEqual({
      'CVE-2019-18276 bash': `${file}:6-6 base FROM container-gate/history-debian:1`,
      'CVE-2019-18224 libidn2-0': `${file}:7-7 instruction RUN apt-get update && apt-get install -y --no-install-recommends libidn2-0`
    })
  })

  it('a base that installed the package itself: both findings on FROM (history-api, both provenance kinds)', () => {
    const file = 'history/services/api/Dockerfile'
    for (const image of ['api', 'api-slsa02'])
      expect(lines(place(image, file).findings)).toEqual({
        'CVE-2019-18276 bash': `${file}:1-1 base FROM container-gate/history-debian-idn:1`,
        'CVE-2019-18224 libidn2-0': `${file}:1-1 base FROM container-gate/history-debian-idn:1`
      })
  })

  it('no history at all (by reference and as a tarball): OS packages on FROM, the reason in the origin', () => {
    for (const image of ['nohistory', 'nohistory-input']) {
      const placed = place(image, APP)
      expect(lines(placed.findings)).toEqual({
        'CVE-2019-18276 bash': `${APP}:2-2 fallback FROM container-gate/history-debian:1`,
        'CVE-2019-18224 libidn2-0': `${APP}:2-2 fallback FROM container-gate/history-debian:1`
      })
      expect(placed.findings.map(f => f.origin?.reason)).toEqual([
        'the image has no build history (built by a tool that omits it, or rewritten)',
        'the image has no build history (built by a tool that omits it, or rewritten)'
      ])
      expect(placed.note).toBe(
        `registry/${image}: the image's history does not match ${APP}: the image has no build history (built by a tool that omits it, or rewritten). Its OS packages' findings are shown on the FROM line (2).`
      )
    }
  })

  it('a Dockerfile edited since the build: the FROM line, naming the first line that no longer matches', () => {
    const placed = place('app', 'history-edited/services/app/Dockerfile')
    expect(placed.findings.map(f => [f.startLine, f.origin?.how])).toEqual([
      [2, 'fallback'],
      [2, 'fallback']
    ])
    expect(placed.findings[0]!.origin?.reason).toBe(
      'line 10 (RUN useradd --system --home-dir /srv/app app) is not what the history records there (another command): the image was built from another version of the Dockerfile'
    )
  })

  it('the wrong Dockerfile altogether (the worker’s for the app): the FROM line, naming its last line', () => {
    const placed = place('app', 'history/services/worker/Dockerfile')
    expect(placed.findings.map(f => f.startLine)).toEqual([6, 6])
    expect(placed.findings[0]!.origin?.reason).toBe(
      'line 10 (ENTRYPOINT ["/usr/local/bin/worker"]) is not what the history records there (not an ENTRYPOINT): the image was built from another version of the Dockerfile'
    )
  })

  it('a guessed pairing (the only Dockerfile in scope) the history contradicts: nothing moves, the log says why', () => {
    const { findings, build } = scanned('app')
    const text = readFileSync(join(REPOS, 'history/services/worker/Dockerfile'), 'utf8')
    const placed = placeOnDockerfile(findings, {
      subject: 'registry/app',
      dockerfile: { path: 'Dockerfile', text },
      build,
      fallback: false
    })
    expect(placed.findings).toEqual(findings)
    expect(placed.note).toBe(
      'registry/app: its findings stay on the image: Dockerfile does not match the image\'s history (line 10 (ENTRYPOINT ["/usr/local/bin/worker"]) is not what the history records there (not an ENTRYPOINT): the image was built from another version of the Dockerfile). Pair the image with the Dockerfile that built it (image: registry/app | path/to/Dockerfile).'
    )
  })

  it('a language package with no certain line stays on the image; other subjects are untouched', () => {
    const { findings, build } = scanned('nohistory')
    const lang: Finding = { ...findings[0]!, package: { ...findings[0]!.package!, class: 'lang-pkgs' } }
    const other: Finding = { ...findings[0]!, subject: 'registry/other' }
    const text = readFileSync(join(REPOS, APP), 'utf8')
    const placed = placeOnDockerfile([lang, other], {
      subject: 'registry/nohistory',
      dockerfile: { path: APP, text },
      build,
      fallback: true
    })
    expect(placed.findings).toEqual([lang, other])
    expect(placed.note).toMatch(/; 1 stay on the image \(no line is known for them\)\.$/)
  })

  it('a Dockerfile BuildKit refuses: the findings stay on the image, the log says why', () => {
    const { findings, build } = scanned('app')
    const placed = placeOnDockerfile(findings, {
      subject: 'registry/app',
      dockerfile: { path: 'Dockerfile', text: '# nothing here\n' },
      build,
      fallback: true
    })
    expect(placed.findings).toEqual(findings)
    expect(placed.note).toBe(
      'registry/app: its findings stay on the image: Dockerfile cannot be parsed (line 1: file with no instructions).'
    )
  })
})
