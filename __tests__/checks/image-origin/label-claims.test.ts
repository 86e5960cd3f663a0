/**
 * The image's own label as a hostile pull request writes it: `LABEL com.docker.image.source.entrypoint=`
 * in its Dockerfile (or its base image's) can name any Dockerfile in scope. A Dockerfile's path is a
 * scope the policy's ignores narrow to (`path: tools/debug/Dockerfile`), so the label must not move
 * an image's findings onto a Dockerfile whose lines the image's history does not bear out: else the
 * production image's CRITICAL takes the debug image's accepted risk.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENTRYPOINT_LABEL } from '../../../src/checks/image-origin/pairing.js'
import { placeImageFindings } from '../../../src/checks/image-origin/run.js'
import { defaultPolicy } from '../../../src/policy/defaults.js'
import { evaluate } from '../../../src/policy/evaluate.js'
import type { ScanOutcome } from '../../../src/scanners/run.js'
import { parseTrivyReport } from '../../../src/scanners/trivy.js'
import { recorded } from '../../helpers/shared.js'

const REF = '127.0.0.1:5111/container-gate/history-app:1'
const APP = 'services/app/Dockerfile'
const DEBUG = 'tools/debug/Dockerfile'
const NOW = new Date('2026-12-02T00:00:00Z')
let workspace: string
let reportFile: string
let reportText: string

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'cg-origin-label-'))
  mkdirSync(join(workspace, 'services/app'), { recursive: true })
  mkdirSync(join(workspace, 'tools/debug'), { recursive: true })
  // The app image's Dockerfile as it is now: rewritten since, so its history matches nothing here.
  writeFileSync(join(workspace, APP), 'FROM container-gate/history-debian:1\nRUN true\n')
  writeFileSync(join(workspace, DEBUG), 'FROM debian:10\nRUN apt-get update && apt-get install -y gdb\n')
  // The recorded app image (Trivy 0.74.0), its label claiming the debug Dockerfile.
  const report = JSON.parse(recorded('trivy-0.74.0-history-app.json'))
  report.Metadata.ImageConfig.config.Labels = { [ENTRYPOINT_LABEL]: DEBUG }
  reportText = JSON.stringify(report)
  reportFile = join(workspace, 'report.json')
  writeFileSync(reportFile, reportText)
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const outcome = (): ScanOutcome =>
  ({
    job: { tool: 'trivy', subject: REF, label: `image ${REF}`, image: { kind: 'reference', ref: REF } },
    exitCode: 0,
    findings: [],
    reportFile
  }) as unknown as ScanOutcome

describe('an image label naming another Dockerfile', () => {
  it('moves nothing onto a Dockerfile the history does not match, so its path-scoped ignore stays its own', async () => {
    const said: string[] = []
    const placed = await placeImageFindings(
      parseTrivyReport(reportText, 'r', { subject: REF }),
      { outcomes: [outcome()], dockerfileFor: {}, dockerfiles: [APP, DEBUG], workspace },
      line => said.push(line)
    )
    const critical = placed.find(f => f.ruleId === 'CVE-2019-18224')!
    expect(critical.file).toBeUndefined()
    expect(said.join('\n')).toMatch(/does not match the image's history/)

    const policy = defaultPolicy()
    policy.ignores = [
      {
        id: 'CVE-2019-18224',
        path: DEBUG,
        reason: 'the debug image is never deployed',
        source: '.github/container-gate.yml:3'
      }
    ]
    const verdict = evaluate(placed, policy, { mode: 'gate' }, NOW)
    expect(verdict.outcome).toBe('fail')
    expect(verdict.blocking.map(d => d.finding.ruleId)).toContain('CVE-2019-18224')
  })
})
