import { describe, expect, it } from '@jest/globals'
import { readInputs } from '../../src/inputs/read.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { describeRun, renderJsonReport } from '../../src/report/json-report.js'

const DIGEST = 'a'.repeat(64)
const inputs = readInputs(
  name =>
    ({
      'github-token': 'ghs_secretvalue123',
      'build-args': 'TOKEN=hunter2\nBASE=alpine',
      'tool-digests': `${DIGEST}  trivy_0.74.0_Linux-64bit.tar.gz`
    })[name] ?? ''
)
const now = new Date('2026-11-28T12:00:00Z')

function report(): Record<string, unknown> & { inputs: ReturnType<typeof describeRun> } {
  const verdict = evaluate([], defaultPolicy(), { mode: 'gate' }, now)
  return JSON.parse(
    renderJsonReport(describeRun(inputs), verdict, {
      generatedAt: now,
      policySource: 'built-in defaults',
      toolVersions: {},
      scans: [],
      imported: [],
      sarifFile: 'container-gate.sarif'
    })
  )
}

describe('the JSON report describes the run, not the raw inputs', () => {
  it('keeps the tool-digests it was given (a Map used to serialise as {})', () => {
    expect(report().inputs.tools.digests).toEqual({ 'trivy_0.74.0_Linux-64bit.tar.gz': DIGEST })
  })

  it('names the build args without their values, and never carries the token', () => {
    const text = JSON.stringify(report())
    expect(report().inputs.buildArgs).toEqual(['TOKEN', 'BASE'])
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('ghs_secretvalue123')
    expect(text).not.toContain('githubToken')
  })
})
