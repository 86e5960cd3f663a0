import { describe, expect, it } from '@jest/globals'
import { uniqueFindings, type Finding } from '../../src/findings/model.js'
import { parseGatorReport } from '../../src/scanners/gator.js'
import { parseTrivyReport } from '../../src/scanners/trivy.js'
import { golden, recorded } from '../helpers/shared.js'

describe('uniqueFindings', () => {
  it('counts each finding of a report given twice once (real Trivy golden)', () => {
    const once = parseTrivyReport(golden('alpine-39.json.golden'), 'a.json', { subject: 'alpine:3.9' })
    const twice = [
      ...once,
      ...parseTrivyReport(golden('alpine-39.json.golden'), 'b.json', { subject: 'alpine:3.9' })
    ]
    const unique = uniqueFindings(twice)
    expect(unique.findings).toEqual(once)
    expect(unique.repeats).toBe(once.length)
  })

  it('keeps two violations of one constraint by two containers of one object (real gator output)', () => {
    const violations: Finding[] = parseGatorReport(
      recorded('gator-3.23.0-privileged-disallowed.json'),
      'g',
      []
    )
    const second: Finding = {
      ...violations[0]!,
      message: 'container <sidecar> is privileged',
      title: 'sidecar'
    }
    expect(uniqueFindings([...violations, second]).findings).toHaveLength(violations.length + 1)
    expect(uniqueFindings([...violations, second]).repeats).toBe(0)
  })
})
