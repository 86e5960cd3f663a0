/**
 * The verdict block: the plain-text end of the step's log (and of `npm run demo`), pinned on the
 * demo's real verdict.
 */
import { describe, expect, it } from '@jest/globals'
import { verdictLines } from '../../src/report/log-verdict.js'
import { demoVerdict } from '../helpers/demo-verdict.js'

const offline = {
  sarifFile: '/runner/_temp/container-gate-x/container-gate.sarif',
  reportFile: '/runner/_temp/container-gate-x/container-gate-report.json',
  sarifIds: [],
  sarifSkipped: "the input 'upload-sarif' is false",
  artifactSkipped: 'this run has no artifact service (not on a GitHub Actions runner)',
  commentSkipped: "the input 'comment' is off"
}

describe('verdictLines', () => {
  it('reads as a block: headline, counts, what blocks and warns aligned, where everything went', async () => {
    expect(verdictLines(await demoVerdict(), offline)).toEqual([
      '=== container-gate: fail ===',
      '5 findings block: 3 admission-rule violations in examples/k8s/deployment.yaml, 1 base-image rule violation in examples/app/Dockerfile, 1 fixable CRITICAL vulnerability in debian-vuln:1',
      'Findings: 5 CRITICAL, 1 HIGH, 3 MEDIUM, 2 LOW, 0 UNKNOWN (3 recorded, 2 ignored by tier, 1 ignored explicitly, 1 expired ignore)',
      'Blocking (5):',
      '  CRITICAL  CG-BASE-IMAGE-NOT-ALLOWED  examples/app/Dockerfile:2        CRITICAL misconfigurations block',
      '  CRITICAL  CG-K8S-CPU-LIMIT           examples/k8s/deployment.yaml:19  CRITICAL misconfigurations block',
      '  CRITICAL  CG-K8S-MEMORY-LIMIT        examples/k8s/deployment.yaml:19  CRITICAL misconfigurations block',
      '  CRITICAL  CG-K8S-PRIVILEGED          examples/k8s/deployment.yaml:26  CRITICAL misconfigurations block',
      '  CRITICAL  CVE-2019-18224             libidn2-0 in debian-vuln:1       fixed in 2.0.5-1+deb10u1',
      'Warnings (1):',
      '  HIGH      DL3000                     examples/app/Dockerfile:4        no deadline — warns only',
      'Where the results went:',
      "  SARIF        /runner/_temp/container-gate-x/container-gate.sarif (not uploaded to code scanning: the input 'upload-sarif' is false)",
      '  JSON report  /runner/_temp/container-gate-x/container-gate-report.json',
      '  Artifact     not uploaded: this run has no artifact service (not on a GitHub Actions runner)',
      '  Job summary  written',
      "  PR comment   none: the input 'comment' is off"
    ])
  })

  it('names where things went on GitHub, and lists at most 15 findings per kind', async () => {
    const verdict = await demoVerdict()
    const many = { ...verdict, blocking: Array.from({ length: 40 }, () => verdict.blocking[0]!) }
    const lines = verdictLines(many, {
      ...offline,
      sarifIds: ['a', 'b'],
      artifactUrl: 'https://github.com/acme/app/actions/runs/1/artifacts/2',
      commentUrl: 'https://github.com/acme/app/pull/7#issuecomment-3'
    })
    expect(lines.filter(l => l.startsWith('  CRITICAL'))).toHaveLength(15)
    expect(lines).toContain('  … and 25 more (the job summary and the JSON report list them all)')
    expect(lines).toContain(
      '  SARIF        /runner/_temp/container-gate-x/container-gate.sarif (uploaded to code scanning, 2 analyses)'
    )
    expect(lines).toContain('  Artifact     https://github.com/acme/app/actions/runs/1/artifacts/2')
    expect(lines).toContain('  PR comment   https://github.com/acme/app/pull/7#issuecomment-3')
  })
})
