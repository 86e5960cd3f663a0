import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../__fixtures__/core.js'
import { GOLDEN } from './helpers/shared.js'
import { sarifSchemaErrors } from './helpers/sarif-schema.js'
import { manualClock } from './helpers/manual-clock.js'

jest.unstable_mockModule('../src/workflow-commands.js', () => core)
const { run } = await import('../src/main.js')

const now = new Date('2026-11-28T12:00:00Z')
let temp: string

function inputs(values: Record<string, string>): void {
  core.getInput.mockImplementation(name => values[name] ?? '')
}

function outputs(): Record<string, unknown> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([k, v]) => [k, v]))
}

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'cg-main-'))
  process.env.RUNNER_TEMP = temp
  process.env.GITHUB_WORKSPACE = temp
  delete process.env.GITHUB_STEP_SUMMARY
})

afterEach(() => {
  jest.clearAllMocks()
  core.summaryText.length = 0
  rmSync(temp, { recursive: true, force: true })
})

describe('run', () => {
  it('fails on alpine-39 with fail-on CRITICAL: verdict, counts, SARIF and report', async () => {
    inputs({
      report: join(GOLDEN, 'alpine-39.json.golden'),
      'fail-on': 'CRITICAL',
      fail: 'true',
      summary: 'true'
    })
    await run(now)
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    // The headline counts and places; the verdict block in the log names each finding.
    expect(core.setFailed.mock.calls[0]![0]).toBe(
      '2 findings block: 2 fixable CRITICAL vulnerabilities in trivy-test-images:alpine-39'
    )
    expect(core.info.mock.calls.map(c => c[0])).toContainEqual(
      expect.stringMatching(/^ {2}CRITICAL {2}CVE-2019-14697 /)
    )
    expect(String(core.setFailed.mock.calls[0]![0])).not.toContain('\n')
    expect(outputs()).toMatchObject({
      verdict: 'fail',
      'blocking-count': 2,
      critical: 2,
      high: 0,
      medium: 4,
      low: 0
    })
    const sarif = JSON.parse(readFileSync(String(outputs()['sarif-file']), 'utf8'))
    expect(sarifSchemaErrors(sarif)).toEqual([])
    const report = JSON.parse(readFileSync(String(outputs()['report-file']), 'utf8'))
    expect(report.verdict.outcome).toBe('fail')
    expect(report.findings).toHaveLength(6)
  })

  it('tells the log as one group per stage, then the verdict block, then the headline as the error', async () => {
    process.env.GITHUB_WORKSPACE = process.cwd()
    inputs({
      report: 'examples/reports/trivy-0.74.0-debian-image.json\nexamples/reports/hadolint-2.15.1-app.json',
      dockerfile: 'examples/app/Dockerfile',
      hadolint: 'false',
      manifests: 'examples/k8s/*.yaml',
      policy: 'examples/policy/container-gate.yml',
      'upload-artifact': 'true'
    })
    await run(now, manualClock())
    expect(core.startGroup.mock.calls.map(c => c[0])).toEqual([
      'Inputs and policy',
      'Files in scope',
      'Checks: base images, admission rules',
      'Policy',
      'Reports: SARIF, JSON, artifact',
      'Publish: code scanning, comment, summary, annotations'
    ])
    expect(core.endGroup).toHaveBeenCalledTimes(6)
    const lines = core.info.mock.calls.map(c => String(c[0]))
    expect(lines).toContain('12 findings: 5 block, 1 warn, 3 recorded, 3 ignored.')
    expect(lines).toContain(
      'Artifact: not uploaded, this run has no artifact service (not on a GitHub Actions runner).'
    )
    expect(lines.filter(l => l.endsWith('done in 0.0 s.'))).toHaveLength(6)
    const block = lines.slice(lines.indexOf('=== container-gate: fail ==='))
    expect(block[1]).toBe(core.setFailed.mock.calls[0]![0])
    expect(block).toContain('Blocking (5):')
    expect(outputs()['artifact-url']).toBe('')
  })

  it("says in the checks' group why a family of rules judged nothing", async () => {
    inputs({ report: join(GOLDEN, 'alpine-310.json.golden') })
    await run(now)
    const lines = core.info.mock.calls.map(c => String(c[0]))
    expect(lines).toContain(
      'Base-image rules: not run, the policy has none (base-images.allow, base-images.require-digest).'
    )
    expect(lines).toContain('Admission rules: not run, no Kubernetes manifest in scope.')
  })

  it('passes on alpine-310 and says why', async () => {
    inputs({ report: join(GOLDEN, 'alpine-310.json.golden'), 'fail-on': 'CRITICAL' })
    await run(now)
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(outputs()).toMatchObject({ verdict: 'pass', 'blocking-count': 0, critical: 0, medium: 4 })
  })

  it('with fail=false reports the failing verdict without failing the step', async () => {
    inputs({ report: join(GOLDEN, 'alpine-39.json.golden'), fail: 'false' })
    await run(now)
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(outputs().verdict).toBe('fail')
    expect(core.warning.mock.calls.flat().join('\n')).toMatch(/input 'fail' is false/)
  })

  it('writes the job summary when GITHUB_STEP_SUMMARY is set', async () => {
    process.env.GITHUB_STEP_SUMMARY = join(temp, 'summary.md')
    inputs({ report: join(GOLDEN, 'alpine-39.json.golden'), summary: 'true' })
    await run(now)
    expect(core.summaryText.join('')).toContain('CVE-2019-14697')
  })

  it.each([
    [{ 'fail-on': 'SEVERE' }, /Input 'fail-on' has an invalid value "SEVERE"/],
    [{ report: 'missing.json' }, /^Input 'report': "missing.json" does not exist\. Expected the path/],
    [
      { report: join(GOLDEN, 'alpine-310.sarif.golden') },
      /neither a Trivy JSON report.*nor a hadolint JSON report/
    ],
    [{ image: 'a:1\n\nb:1' }, /Input 'image'/],
    [
      { dockerfile: 'docker/*.Dockerfile' },
      /Input 'dockerfile' has a glob that matches no file: "docker\/\*\.Dockerfile"/
    ]
  ])('bad input %j fails the step with one clear line and no stack trace', async (values, message) => {
    inputs(values)
    await run(now)
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    const text = String(core.setFailed.mock.calls[0]![0])
    expect(text).toMatch(message)
    expect(text).not.toMatch(/\n\s+at /)
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('with nothing to check, passes and says which inputs to set', async () => {
    inputs({})
    await run(now)
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning.mock.calls.flat().join('\n')).toMatch(/^Nothing to check: set image, image-input/m)
    expect(outputs()).toMatchObject({ verdict: 'pass', 'blocking-count': 0 })
  })

  it('masks the token and never writes it to the report', async () => {
    inputs({ report: join(GOLDEN, 'alpine-310.json.golden'), 'github-token': 'ghs_secretvalue123' })
    await run(now)
    expect(core.setSecret).toHaveBeenCalledWith('ghs_secretvalue123')
    expect(readFileSync(String(outputs()['report-file']), 'utf8')).not.toContain('ghs_secretvalue123')
    expect(readFileSync(String(outputs()['sarif-file']), 'utf8')).not.toContain('ghs_secretvalue123')
  })

  describe('10.11: choosing Dockerfiles and linting them are two decisions', () => {
    beforeEach(() => {
      mkdirSync(join(temp, '.github'))
      writeFileSync(join(temp, '.github/container-gate.yml'), 'version: 1\nbase-images:\n  allow: [alpine]\n')
      writeFileSync(join(temp, 'Dockerfile'), 'FROM evil.example.com/app:1\n')
    })

    it('hadolint: false skips only the lint: the allowlist still blocks (and nothing is installed)', async () => {
      inputs({ dockerfile: '**/Dockerfile', hadolint: 'false', 'config-path': '' })
      await run(now)
      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(core.setFailed.mock.calls[0]![0]).toBe(
        '1 finding blocks: 1 base-image rule violation in Dockerfile'
      )
      const report = JSON.parse(readFileSync(String(outputs()['report-file']), 'utf8'))
      expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['CG-BASE-IMAGE-NOT-ALLOWED'])
    })

    it("dockerfile: '' with a base-image rule says once that base images are not checked", async () => {
      inputs({ dockerfile: '', 'config-path': '' })
      await run(now)
      const warnings = core.warning.mock.calls.map(c => String(c[0])).filter(w => /base-image rules/.test(w))
      expect(warnings).toEqual([
        "The policy sets base-image rules (base-images.allow or require-digest), but no Dockerfile is in scope: input 'dockerfile' is empty (to skip only hadolint, keep the Dockerfiles in scope and set hadolint: false). Base images are not checked."
      ])
    })

    it('build-args and platforms reach the base-image check', async () => {
      writeFileSync(join(temp, 'Dockerfile'), 'ARG BASE\nFROM ${BASE}-${TARGETARCH}\n')
      inputs({
        dockerfile: '**/Dockerfile',
        hadolint: 'false',
        'config-path': '',
        'build-args': 'BASE=alpine:3',
        platforms: 'linux/arm64'
      })
      await run(now)
      expect(core.setFailed).not.toHaveBeenCalled()
      // build-arg values may be credentials: the report names them only
      const report = JSON.parse(readFileSync(String(outputs()['report-file']), 'utf8'))
      expect(report.inputs.buildArgs).toEqual(['BASE'])
      expect(JSON.stringify(report)).not.toContain('alpine:3')
      inputs({ dockerfile: '**/Dockerfile', hadolint: 'false', 'config-path': '', platforms: 'linux/arm64' })
      await run(now)
      expect(core.setFailed.mock.calls[0]![0]).toBe(
        '1 finding blocks: 1 base image that cannot be resolved in Dockerfile'
      )
    })
  })

  describe('report files', () => {
    function failure(): string {
      expect(core.setFailed).toHaveBeenCalledTimes(1)
      return String(core.setFailed.mock.calls[0]![0])
    }

    it('a directory is refused, naming the input', async () => {
      mkdirSync(join(temp, 'reports'))
      inputs({ report: 'reports' })
      await run(now)
      expect(failure()).toMatch(
        /^Input 'report': "reports" is a directory, not a file\. Expected the path of a Trivy/
      )
    })

    it('a file that is not JSON is refused without quoting it', async () => {
      writeFileSync(join(temp, 'r.json'), 'ghs_notJsonButASecret0123456789 and more')
      inputs({ report: 'r.json' })
      await run(now)
      expect(failure()).toBe(
        "Input 'report': r.json is not valid JSON: it does not start with { or [, so it is not a JSON report."
      )
      const everything = JSON.stringify([
        core.setFailed.mock.calls,
        core.info.mock.calls,
        core.warning.mock.calls
      ])
      expect(everything).not.toContain('ghs_notJson')
    })

    it('a repository link to a file outside the workspace is refused', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'cg-main-outside-'))
      try {
        copyFileSync(join(GOLDEN, 'alpine-39.json.golden'), join(outside, 'r.json'))
        symlinkSync(join(outside, 'r.json'), join(temp, 'r.json'))
        for (const report of ['r.json', join(temp, 'r.json')]) {
          jest.clearAllMocks()
          inputs({ report })
          await run(now)
          expect(failure()).toMatch(
            /^Input 'report': ".*r\.json" is a symbolic link .*leads outside the workspace/
          )
        }
      } finally {
        rmSync(outside, { recursive: true, force: true })
      }
    })

    it('an image-input that links out of the workspace is refused before Trivy opens it', async () => {
      symlinkSync('/dev/zero', join(temp, 'app.tar'))
      inputs({ 'image-input': 'app.tar' })
      await run(now)
      expect(failure()).toMatch(
        /^Input 'image-input': "app\.tar" is a symbolic link .*leads outside the workspace/
      )
    })

    it('the same report given several ways is imported and counted once, and said once', async () => {
      copyFileSync(join(GOLDEN, 'alpine-39.json.golden'), join(temp, 'r.json'))
      symlinkSync('r.json', join(temp, 'link.json'))
      inputs({
        report: ['r.json', './r.json', join(temp, 'r.json'), 'link.json'].join('\n'),
        'fail-on': 'CRITICAL'
      })
      await run(now)
      expect(outputs()).toMatchObject({ verdict: 'fail', 'blocking-count': 2, critical: 2, medium: 4 })
      const said = core.info.mock.calls.map(([m]) => m).filter(m => /imported once/.test(m))
      expect(said).toEqual([
        `Input 'report': "./r.json" is the same file as "r.json"; imported once.`,
        `Input 'report': ${JSON.stringify(join(temp, 'r.json'))} is the same file as "r.json"; imported once.`,
        `Input 'report': "link.json" is the same file as "r.json"; imported once.`
      ])
    })

    it('two copies of one report count each finding once', async () => {
      copyFileSync(join(GOLDEN, 'alpine-39.json.golden'), join(temp, 'a.json'))
      copyFileSync(join(GOLDEN, 'alpine-39.json.golden'), join(temp, 'b.json'))
      inputs({ report: 'a.json\nb.json', 'fail-on': 'CRITICAL' })
      await run(now)
      expect(outputs()).toMatchObject({ verdict: 'fail', 'blocking-count': 2, critical: 2, medium: 4 })
      const report = JSON.parse(readFileSync(String(outputs()['report-file']), 'utf8'))
      expect(report.findings).toHaveLength(6)
      expect(core.info.mock.calls.map(([m]) => m)).toContain(
        '6 findings were reported more than once (the same finding in the same place); each is counted once.'
      )
    })
  })
})
