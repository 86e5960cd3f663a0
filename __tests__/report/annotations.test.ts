import { describe, it, expect } from '@jest/globals'
import { selectAnnotations } from '../../src/report/annotations.js'
import { bigVerdict, loadVerdict, verdictOf } from '../../__fixtures__/report/verdicts.js'
import type { Decision } from '../../src/policy/types.js'

describe('selectAnnotations', () => {
  it('annotates located blocking findings as errors and warnings as warnings', () => {
    const sel = selectAnnotations(loadVerdict('basic'))
    expect(sel.errors).toEqual([
      {
        title: 'HIGH DL3007',
        message:
          'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag — HIGH lint findings past their 0-day deadline block.',
        file: 'Dockerfile',
        startLine: 1,
        endLine: 1
      }
    ])
    expect(sel.warnings.map(a => [a.title, a.file, a.startLine])).toEqual([
      ['HIGH DS-0002', 'Dockerfile', 1],
      ['MEDIUM DL3008', 'Dockerfile', 3]
    ])
    expect(sel.warnings[0]?.message).toContain('Blocks on 2026-04-19 (12 days left).')
    expect(sel.omitted).toEqual({ errors: 0, warnings: 0 })
    expect(sel.omittedNote).toBeUndefined()
  })

  it('keeps the 10 most severe of each level and says how many more there are', () => {
    const verdict = bigVerdict(1000)
    // Make some blocking findings less severe so "most severe first" has something to sort.
    const extra = bigVerdict(50).decisions.map(
      d =>
        ({
          ...d,
          action: 'block',
          finding: { ...d.finding, severity: 'LOW', ruleId: `LOW-${d.finding.ruleId}` }
        }) as Decision
    )
    const v = verdictOf([...extra, ...verdict.decisions])
    const sel = selectAnnotations(v)
    const locatedBlocking = v.blocking.filter(d => d.finding.file && d.finding.startLine).length
    const locatedWarnings = v.warnings.filter(d => d.finding.file && d.finding.startLine).length
    expect(sel.errors).toHaveLength(10)
    expect(sel.warnings).toHaveLength(10)
    expect(sel.errors.every(a => a.title.startsWith('CRITICAL'))).toBe(true)
    expect(sel.omitted).toEqual({ errors: locatedBlocking - 10, warnings: locatedWarnings - 10 })
    expect(sel.omittedNote).toBe(
      `${locatedBlocking - 10} more blocking and ${locatedWarnings - 10} more warning findings in files are not annotated (GitHub shows 10 per level); they are in code scanning and the job summary.`
    )
  })

  it('skips findings without a file or line', () => {
    const v = loadVerdict('hostile')
    expect(selectAnnotations(v)).toEqual({ errors: [], warnings: [], omitted: { errors: 0, warnings: 0 } })
  })
})
