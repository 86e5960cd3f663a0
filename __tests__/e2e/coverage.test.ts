/**
 * What the gate refuses to skip (issue 9, items 1-2), end to end with the real Trivy and hadolint:
 * a document is judged whatever its strings contain, and what is too large to read blocks as
 * CG-NOT-CHECKED in the report, SARIF and summary instead of passing silently.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectSoundReports } from './helpers/checks.js'
import { REPO, e2eEnv, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()
const EDGE = join(REPO, '__fixtures__/k8s-oracle/corpus/edge')
/** Comments past the 5 MiB limit, as an attacker pads a file. */
const PADDING = '# padding\n'.repeat(530_000)

const PRIVILEGED_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: padded}',
  'spec:',
  '  containers:',
  '  - name: c',
  '    image: busybox:1.36',
  '    securityContext: {privileged: true}',
  '    resources: {limits: {cpu: 100m, memory: 64Mi}}',
  ''
].join('\n')

const blocking = (report: Awaited<ReturnType<typeof expectSoundReports>>) =>
  report.findings
    .filter(f => f.decision.action === 'block')
    .map(f => `${f.ruleId} ${f.file ?? ''}${f.startLine ? `:${f.startLine}` : ''}`)
    .sort()

describe('what the gate refuses to skip', () => {
  it('9.1: a privileged Deployment with {{ }} in a quoted annotation blocks', async () => {
    const ns = namespace('template-annotation')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: '', 'config-path': 'bypass' },
      files: { 'bypass/deploy.yaml': readFileSync(join(EDGE, '9.1-template-annotation.yaml'), 'utf8') }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)
    const report = await expectSoundReports(r)
    // The action's own rule judged the document; Trivy's KSV-0017 for it is the same problem, once.
    expect(blocking(report)).toEqual(['CG-K8S-PRIVILEGED bypass/deploy.yaml:19'])
    expect(r.stdout).not.toContain('Admission rules skipped')
  })

  it('9.2: a privileged Pod manifest padded past the size limit blocks as CG-NOT-CHECKED', async () => {
    const ns = namespace('padded-manifest')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: '', 'config-path': 'bypass' },
      files: { 'bypass/pod.yaml': PRIVILEGED_POD + PADDING }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    expect(blocking(report)).toEqual(['CG-NOT-CHECKED bypass/pod.yaml:1'])
    const reason =
      /bypass\/pod\.yaml was not checked by the admission rules: it is larger than the 5 MiB limit \(5\.\d MiB, not read\)/
    expect(readFileSync(r.outputs['sarif-file']!, 'utf8')).toMatch(reason)
    expect(r.summary).toContain('| 🟥&nbsp;CRITICAL | CG-NOT-CHECKED | bypass/pod.yaml:1 | — | — |')
    expect(r.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(reason)])
    )
    // Trivy read the file and its KSV-0017 stays (nothing else judged the document): a HIGH warning.
    expect(report.findings.some(f => f.ruleId === 'KSV-0017' && f.file === 'bypass/pod.yaml')).toBe(true)
  })

  it('9.2: a Dockerfile with a disallowed FROM padded past the size limit blocks as CG-NOT-CHECKED', async () => {
    const ns = namespace('padded-dockerfile')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: 'bypass/Dockerfile', 'config-path': '' },
      files: {
        'bypass/Dockerfile': `FROM evil.example.com/miner:1\n${PADDING}`,
        '.github/container-gate.yml': 'version: 1\nbase-images:\n  allow: ["docker.io/library/alpine:*"]\n'
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    expect(blocking(report)).toEqual(['CG-NOT-CHECKED bypass/Dockerfile:1'])
    expect(r.summary).toContain('| 🟥&nbsp;CRITICAL | CG-NOT-CHECKED | bypass/Dockerfile:1 | — | — |')
    expect(r.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^bypass\/Dockerfile was not checked by hadolint and the base-image check: it is larger than the 5 MiB limit \(5\.\d MiB, not read\)/
        )
      ])
    )
  })
})
