/**
 * placeImageFindings as main calls it: the scan's own report file (Trivy 0.74.0, recorded on the
 * history fixtures), the Dockerfile read from the workspace through the safe read, one log line
 * per image.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Crane } from '../../../src/checks/image-origin/fetch-provenance.js'
import { placeImageFindings } from '../../../src/checks/image-origin/run.js'
import type { ScanOutcome } from '../../../src/scanners/run.js'
import { parseTrivyReport } from '../../../src/scanners/trivy.js'
import type { Exec } from '../../../src/tools/exec.js'
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

describe('placeImageFindings with BuildKit provenance (history-api, recorded)', () => {
  const API_REF = '127.0.0.1:5111/container-gate/history-api:1'
  const API = 'services/api/Dockerfile'
  const ACME = { serverUrl: 'https://github.com', name: 'acme/history' }
  let apiReport: string

  beforeAll(() => {
    mkdirSync(join(workspace, 'services/api'), { recursive: true })
    writeFileSync(
      join(workspace, API),
      'FROM container-gate/history-debian-idn:1\nCOPY --chown=65534:65534 api/ /srv/api/\nEXPOSE 8080\nUSER 65534\nENTRYPOINT ["/srv/api/serve.sh"]\n'
    )
    apiReport = join(workspace, 'api-report.json')
    writeFileSync(apiReport, recorded('trivy-0.74.0-history-api.json'))
  })

  const apiOutcome = () =>
    ({
      job: {
        tool: 'trivy',
        subject: API_REF,
        label: `image ${API_REF}`,
        image: { kind: 'reference', ref: API_REF }
      },
      exitCode: 0,
      findings: [],
      reportFile: apiReport
    }) as unknown as ScanOutcome
  const apiFindings = () =>
    parseTrivyReport(recorded('trivy-0.74.0-history-api.json'), 'r', { subject: API_REF })

  /** crane as the registry answered it: the recorded index, attestation manifest and statement. */
  function fakeCrane(): { crane: () => Promise<Crane>; asked: string[] } {
    const asked: string[] = []
    const statement = recorded('crane-0.22.1-history-api-provenance.json')
    const manifest = recorded('crane-0.22.1-history-api-attestation.json')
    const exec: Exec = (_file, args) => {
      asked.push(args.join(' '))
      const out =
        args[0] === 'blob'
          ? statement
          : args[1]!.endsWith('aaa')
            ? recorded('crane-0.22.1-history-api-index.json')
            : manifest
      return Promise.resolve({ exitCode: 0, stdout: out, stderr: '' })
    }
    return { asked, crane: () => Promise.resolve({ crane: 'crane', exec }) }
  }

  it('two Dockerfiles, no pairing: the provenance names services/api/Dockerfile and the findings land there', async () => {
    const said: string[] = []
    const { crane, asked } = fakeCrane()
    const out = await placeImageFindings(
      apiFindings(),
      {
        outcomes: [apiOutcome()],
        dockerfileFor: {},
        dockerfiles: [API, APP],
        workspace,
        repository: ACME,
        crane
      },
      line => said.push(line)
    )
    expect(out.filter(f => f.image).map(f => `${f.package?.name} ${f.file}:${f.startLine}`)).toEqual([
      `bash ${API}:1`,
      `libidn2-0 ${API}:1`
    ])
    expect(asked).toHaveLength(3)
    expect(said[0]).toMatch(/Dockerfile: named by its BuildKit provenance\.$/)
  })

  it('crane is not run when the input pairs the image; provenance from another repository pairs nothing', async () => {
    const { crane, asked } = fakeCrane()
    await placeImageFindings(
      apiFindings(),
      {
        outcomes: [apiOutcome()],
        dockerfileFor: { [API_REF]: API },
        dockerfiles: [API, APP],
        workspace,
        crane
      },
      () => {}
    )
    expect(asked).toEqual([])
    const said: string[] = []
    const other = { serverUrl: 'https://github.com', name: 'Codertocat/Hello-World' }
    const out = await placeImageFindings(
      apiFindings(),
      {
        outcomes: [apiOutcome()],
        dockerfileFor: {},
        dockerfiles: [API, APP],
        workspace,
        repository: other,
        crane
      },
      line => said.push(line)
    )
    expect(out.filter(f => f.image).every(f => f.file !== API)).toBe(true)
    expect(said[0]).toMatch(
      /its provenance says it was built from https:\/\/github.com\/acme\/history, not Codertocat\/Hello-World/
    )
  })

  it('crane that cannot be installed (verified) stops the step, as any tool does', async () => {
    const input = {
      outcomes: [apiOutcome()],
      dockerfileFor: {},
      dockerfiles: [API, APP],
      workspace,
      repository: ACME,
      crane: () => Promise.reject(new Error('checksum mismatch'))
    }
    await expect(placeImageFindings(apiFindings(), input, () => {})).rejects.toThrow('checksum mismatch')
  })
})
