/**
 * The repository side end to end: hadolint on the fixture Dockerfile and `trivy config` on the
 * fixture Deployment, with the action installing both tools from the release mirror.
 *
 * __fixtures__/e2e/repo/Dockerfile (hadolint 2.15.1, see __fixtures__/e2e/hadolint-2.15.1-lint.json):
 *   line 1 DL3007 warning, line 2 DL4000 error, line 3 DL3008 warning (+ DL3015, DL3009 info),
 *   line 4 DL3000 error.
 * __fixtures__/e2e/repo/k8s/deployment.yaml: container `web` is privileged (Trivy KSV-0017, HIGH,
 *   lines 18-23).
 */
import { describe, expect, it } from '@jest/globals'
import { blockingRules, expectSoundReports } from './helpers/checks.js'
import {
  e2eEnv,
  namespace,
  offlineInputs,
  runAction,
  transcript,
  type Annotation
} from './helpers/harness.js'

const env = e2eEnv()

/** Annotations of one level that carry a file, as {file, line, rule} with the rule found in the text. */
const located = (annotations: Annotation[], level: Annotation['level']) =>
  annotations
    .filter(a => a.level === level && a.properties.file !== undefined)
    .map(a => ({
      file: a.properties.file,
      line: a.properties.line,
      rule: /\b(DL\d{4}|KSV-\d{4}|CG-[A-Z0-9-]+)\b/.exec(`${a.properties.title ?? ''} ${a.message}`)?.[1]
    }))
    .sort((a, b) => Number(a.line) - Number(b.line))

describe('Dockerfile lint', () => {
  it('annotates the lines hadolint flags as errors, as warnings, without failing by default', async () => {
    const ns = namespace('lint')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: 'Dockerfile', 'config-path': '' }
    })
    expect(r.exitCode === 0 ? 'zero' : transcript(r)).toBe('zero')
    expect(r.outputs.verdict).toBe('pass')
    await expectSoundReports(r)
    // Default lint tiers: hadolint "error" (HIGH) warns, "warning" (MEDIUM) is recorded only.
    expect(located(r.annotations, 'warning')).toEqual([
      { file: 'Dockerfile', line: '2', rule: 'DL4000' },
      { file: 'Dockerfile', line: '4', rule: 'DL3000' }
    ])
    expect(located(r.annotations, 'error')).toEqual([])
  })

  it('blocks with error annotations on every line at or above fail-on', async () => {
    const ns = namespace('lint-block')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: 'Dockerfile', 'config-path': '', 'fail-on': 'MEDIUM' }
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    expect(blockingRules(report)).toEqual(['DL3000', 'DL3007', 'DL3008', 'DL4000'])
    expect(located(r.annotations, 'error')).toEqual([
      { file: 'Dockerfile', line: '1', rule: 'DL3007' },
      { file: 'Dockerfile', line: '2', rule: 'DL4000' },
      { file: 'Dockerfile', line: '3', rule: 'DL3008' },
      { file: 'Dockerfile', line: '4', rule: 'DL3000' }
    ])
  })
})

describe('Kubernetes manifests', () => {
  it('blocks a privileged Deployment with the default policy and annotates the privileged container', async () => {
    const ns = namespace('privileged')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: '', 'config-path': 'k8s' }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)
    const report = await expectSoundReports(r)
    // The design's admission rule: no privileged containers. Whichever check reports it (Trivy's
    // KSV-0017 or the action's own admission rule), it blocks at the container's lines (18-23).
    const privileged = report.findings.filter(
      f => f.decision.action === 'block' && /privileged/i.test(`${f.ruleId} ${f.title}`)
    )
    expect(privileged).toEqual([expect.objectContaining({ file: 'k8s/deployment.yaml' })])
    expect(privileged[0]!.startLine).toBeGreaterThanOrEqual(18)
    expect(privileged[0]!.startLine).toBeLessThanOrEqual(23)
    expect(located(r.annotations, 'error')).toEqual(
      expect.arrayContaining([
        { file: 'k8s/deployment.yaml', line: String(privileged[0]!.startLine), rule: privileged[0]!.ruleId }
      ])
    )
  })

  it("adds Trivy's HIGH checks with fail-on HIGH, each annotated where it points", async () => {
    const ns = namespace('privileged-high')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: '', 'config-path': 'k8s', 'fail-on': 'HIGH' }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)
    const report = await expectSoundReports(r)
    const blocking = report.findings.filter(f => f.decision.action === 'block')
    // Trivy config ran for real: at least one of its KSV checks blocks, on the manifest's lines.
    expect(blocking.filter(f => f.tool === 'trivy' && /^KSV-\d{4}$/.test(f.ruleId)).length).toBeGreaterThan(0)
    for (const f of blocking) {
      expect(f).toMatchObject({ file: 'k8s/deployment.yaml', startLine: expect.any(Number) })
    }
    // Every located blocking finding is an error annotation at its line (there are fewer than 10).
    expect(located(r.annotations, 'error')).toEqual(
      expect.arrayContaining(
        blocking.map(f => ({ file: 'k8s/deployment.yaml', line: String(f.startLine), rule: f.ruleId }))
      )
    )
  })
})
