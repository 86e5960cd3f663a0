/**
 * placeImageFindings as main calls it: the scan's own report file (Trivy 0.74.0, recorded on the
 * history fixtures), the Dockerfile read from the workspace through the safe read, one log line
 * per image.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { placeImageFindings } from '../../../src/checks/image-origin/run.js'
import type { ScanOutcome } from '../../../src/scanners/run.js'
import { parseTrivyReport } from '../../../src/scanners/trivy.js'
import { recorded } from '../../helpers/shared.js'

const REF = '127.0.0.1:5111/container-gate/history-app:1'
const APP = 'services/app/Dockerfile'
let workspace: string
let reportFile: string

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'cg-origin-'))
  mkdirSync(join(workspace, 'services/app'), { recursive: true })
  const text = `# The app
FROM container-gate/history-debian:1

ARG DEBIAN_FRONTEND=noninteractive
ENV APP_HOME=/srv/app
WORKDIR /srv/app
RUN apt-get update \\
    && apt-get install -y --no-install-recommends libidn2-0 \\
    && rm -rf /var/lib/apt/lists/*
COPY app/ ./
USER 65534
CMD ["./run.sh"]
`
  writeFileSync(join(workspace, APP), text)
  reportFile = join(workspace, 'report.json')
  writeFileSync(reportFile, recorded('trivy-0.74.0-history-app.json'))
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const outcome = (): ScanOutcome =>
  ({
    job: { tool: 'trivy', subject: REF, label: `image ${REF}`, image: { kind: 'reference', ref: REF } },
    exitCode: 0,
    findings: [],
    reportFile
  }) as unknown as ScanOutcome

const findings = () => parseTrivyReport(recorded('trivy-0.74.0-history-app.json'), 'r', { subject: REF })

describe('placeImageFindings', () => {
  it('reads the report and the paired Dockerfile, places the findings and says so once', async () => {
    const said: string[] = []
    const out = await placeImageFindings(
      findings(),
      { outcomes: [outcome()], dockerfileFor: { [REF]: APP }, dockerfiles: [], workspace },
      line => said.push(line)
    )
    expect(out.map(f => `${f.package?.name} ${f.file}:${f.startLine}`)).toEqual([
      `bash ${APP}:2`,
      `libidn2-0 ${APP}:7`
    ])
    expect(said).toEqual([
      `${REF}: 2 findings placed on ${APP} (line 2: 1, line 7: 1). Dockerfile: as the input pairs it.`
    ])
  })

  it('the only Dockerfile in scope with the only image is paired without being told', async () => {
    const said: string[] = []
    const out = await placeImageFindings(
      findings(),
      { outcomes: [outcome()], dockerfileFor: {}, dockerfiles: [APP], workspace },
      line => said.push(line)
    )
    expect(out.map(f => f.startLine)).toEqual([2, 7])
    expect(said[0]).toMatch(/Dockerfile: the only Dockerfile in scope\.$/)
  })

  it('nothing paired: the findings stay on the image, and the log says how to pair', async () => {
    const said: string[] = []
    const before = findings()
    const out = await placeImageFindings(
      before,
      { outcomes: [outcome()], dockerfileFor: {}, dockerfiles: [APP, 'Dockerfile'], workspace },
      line => said.push(line)
    )
    expect(out).toEqual(before)
    expect(said).toEqual([
      `${REF}: no Dockerfile is paired with it, so its findings stay on the image (pair one in the input: image: ${REF} | path/to/Dockerfile).`
    ])
  })
})
