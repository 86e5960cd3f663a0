/**
 * What the fleet modes refuse, each with one error naming the input (or the file) and what is
 * accepted: truncated or foreign reports, a report of another version, two reports from one leg,
 * globs that match nothing, and the fleet inputs' bad values.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { addLeg, newFleet } from '../../src/fleet/aggregate.js'
import { parseLegReport } from '../../src/fleet/legs.js'
import { runAggregate, runPlan } from '../../src/fleet/run.js'
import {
  expectedLegs,
  readFleetInputs,
  type AggregateInputs,
  type PlanInputs
} from '../../src/inputs/fleet.js'
import { legReport, vuln } from './leg-reports.js'

const API = 'registry.example/acme/api:1'
const good = legReport({
  leg: 'api',
  images: [API],
  findings: [vuln(API, 'CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.1', '3.0.2')]
})

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fleet-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

const aggregateInputs = (reports: string[], expected = ['api']): AggregateInputs => ({
  mode: 'aggregate',
  reports,
  expectedLegs: expected,
  allowMissingLegs: false,
  fail: true,
  summary: false,
  comment: 'off',
  commentKey: '',
  githubToken: ''
})

describe("the legs' reports the aggregate refuses", () => {
  it('a truncated report, naming the file', () => {
    expect(() => parseLegReport(good.slice(0, 500), 'legs/api/container-gate-report.json')).toThrow(
      /^Input 'report': "legs\/api\/container-gate-report.json" is not valid JSON: it ends before the JSON is complete \(500 characters: truncated\?\)/
    )
  })

  it('a JSON file that is not a container-gate report (a Trivy report), naming the file', () => {
    const trivy = JSON.stringify({ SchemaVersion: 2, ArtifactName: 'alpine:3.19', Results: [] })
    expect(() => parseLegReport(trivy, 'legs/x/trivy.json')).toThrow(
      `Input 'report': "legs/x/trivy.json" is not a container-gate JSON report (it has no version, inputs, verdict and findings).`
    )
    expect(() => parseLegReport('[1, 2]', 'legs/x/list.json')).toThrow(
      /"legs\/x\/list.json" is not a container-gate JSON report \(it is not a JSON object\)/
    )
  })

  it('a report of another report version, naming the file and the versions', () => {
    const old = { ...JSON.parse(good), version: 1 }
    delete old.tool
    expect(() => parseLegReport(JSON.stringify(old), 'legs/api/old.json')).toThrow(
      `Input 'report': "legs/api/old.json" is a container-gate report of version 1; this aggregate reads version 2. Run the legs and the aggregate with the same container-gate release.`
    )
  })

  it('two reports from the same leg, naming both files', () => {
    const state = newFleet()
    addLeg(state, parseLegReport(good, 'legs/a/container-gate-report.json'))
    expect(() => addLeg(state, parseLegReport(good, 'legs/b/container-gate-report.json'))).toThrow(
      `Input 'report': two reports from the leg "api": "legs/a/container-gate-report.json" and "legs/b/container-gate-report.json".`
    )
  })

  it('a glob that matches no report, and a report glob leading out of the workspace', async () => {
    const root = workspace({ 'legs/api/container-gate-report.json': good })
    await expect(
      runAggregate(aggregateInputs(['legs/**/container-gate-report.json', 'other/*.json']), root)
    ).rejects.toThrow(
      `Input 'report' has an invalid value "other/*.json": globs that each match a leg's JSON report inside the workspace`
    )
    const ok = await runAggregate(aggregateInputs(['legs/**/container-gate-report.json']), root)
    expect(ok.outcome).toBe('fail')
    expect(ok.legs.map(l => l.leg)).toEqual(['api'])
    // A link in the downloaded folder that leads out of the workspace is refused, not read.
    const outside = workspace({ 'report.json': good })
    symlinkSync(join(outside, 'report.json'), join(root, 'legs/link.json'))
    await expect(runAggregate(aggregateInputs(['legs/*.json']), root)).rejects.toThrow(
      /^Input 'report': "legs\/link.json" .*only inside the workspace/
    )
  })
})

describe('the fleet inputs', () => {
  const read = (values: Record<string, string>) => readFleetInputs(name => values[name] ?? '')

  it('takes the expected legs as the plan matrix, a JSON list or lines, and refuses none', () => {
    expect(expectedLegs('{"include":[{"name":"b"},{"name":"a"}]}')).toEqual(['b', 'a'])
    expect(expectedLegs('["a","b","a"]')).toEqual(['a', 'b'])
    expect(expectedLegs('a\nb\n')).toEqual(['a', 'b'])
    expect(() => expectedLegs('')).toThrow(
      /^Input 'expected-legs' has an invalid value "": expected the plan's matrix output .*a lost leg would go unnoticed/
    )
    expect(() => expectedLegs('{"include":[{"image":"x"}]}')).toThrow(/every entry needs a name/)
    expect(() => expectedLegs('{"include": [')).toThrow(/^Input 'expected-legs' has an invalid value/)
    expect(() => read({ mode: 'aggregate', report: 'legs/**/*.json' })).toThrow(/^Input 'expected-legs'/)
    expect(() => read({ mode: 'aggregate', 'expected-legs': 'a' })).toThrow(
      /^Input 'report' has an invalid value "": expected globs/
    )
  })

  it("plans only the images file when the dockerfile input is action.yml's default, and both when it is set", () => {
    const defaults = '**/Dockerfile\n**/*.Dockerfile\n**/Dockerfile.*'
    const file = 'published.txt'
    const planned = (values: Record<string, string>) => (read(values) as PlanInputs).dockerfiles
    expect(planned({ mode: 'plan', 'images-file': file, dockerfile: defaults })).toBeUndefined()
    expect(planned({ mode: 'plan', dockerfile: defaults })).toEqual(defaults.split('\n'))
    expect(planned({ mode: 'plan', 'images-file': file, dockerfile: 'services/*/Dockerfile' })).toEqual([
      'services/*/Dockerfile'
    ])
  })

  it('refuses a group-size outside 1..256 and an image-pattern without a placeholder', () => {
    expect(read({ mode: 'plan' })).toEqual({ mode: 'plan', groupSize: 1 })
    expect(() => read({ mode: 'plan', 'group-size': '0' })).toThrow(
      `Input 'group-size' has an invalid value "0": expected a whole number from 1 to 256`
    )
    expect(() => read({ mode: 'plan', 'group-size': '2.5' })).toThrow(/^Input 'group-size'/)
    expect(() => read({ mode: 'plan', 'image-pattern': 'ghcr.io/acme/app' })).toThrow(
      /^Input 'image-pattern' has an invalid value "ghcr.io\/acme\/app": expected an image name with \{dir\}/
    )
    expect(read({ mode: 'plan', 'image-pattern': 'ghcr.io/acme/{dir}', 'group-size': '4' })).toEqual({
      mode: 'plan',
      imagePattern: 'ghcr.io/acme/{dir}',
      groupSize: 4
    })
  })

  it('a plan whose Dockerfile glob finds nothing', async () => {
    const root = workspace({ 'services/api/Dockerfile': 'FROM alpine:3.19\n' })
    await expect(
      runPlan({ mode: 'plan', dockerfiles: ['apps/*/Dockerfile'], groupSize: 1 }, root)
    ).rejects.toThrow(
      `Input 'dockerfile' has an invalid value "apps/*/Dockerfile": globs that match at least one Dockerfile of the repository`
    )
    const matrix = await runPlan({ mode: 'plan', groupSize: 1 }, root)
    expect(matrix.include).toEqual([
      { name: 'services-api', dockerfile: 'services/api/Dockerfile', context: 'services/api' }
    ])
    await expect(runPlan({ mode: 'plan', imagesFile: '../outside.txt', groupSize: 1 }, root)).rejects.toThrow(
      /^Input 'images-file': "..\/outside.txt"/
    )
  })
})
