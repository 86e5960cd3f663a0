import { describe, expect, it } from '@jest/globals'
import { ToolError } from '../../src/errors.js'
import { hadolintArgs, parseHadolintReport } from '../../src/scanners/hadolint.js'
import { parseImportedReport } from '../../src/scanners/import.js'
import { ConfigurationError } from '../../src/errors.js'
import { golden, recorded } from '../helpers/shared.js'

const ctx = { subject: 'Dockerfile', fileBase: '' }

describe('hadolint argv', () => {
  it('asks for JSON, never fails on findings, and ends options before the files', () => {
    expect(hadolintArgs(['Dockerfile', '-rf.Dockerfile'])).toEqual([
      '--format',
      'json',
      '--no-fail',
      '--',
      'Dockerfile',
      '-rf.Dockerfile'
    ])
  })
})

describe.each(['hadolint-2.15.1-examples-app.json', 'hadolint-2.12.0-examples-app.json'])(
  'parseHadolintReport on %s (recorded from the real binary)',
  fixture => {
    const findings = parseHadolintReport(recorded(fixture), fixture, ctx)

    it('gives one lint finding per entry, on its file and line', () => {
      const raw = JSON.parse(recorded(fixture)) as unknown[]
      expect(findings).toHaveLength(raw.length)
      const workdir = findings.find(f => f.ruleId === 'DL3000')!
      expect(workdir).toMatchObject({
        tool: 'hadolint',
        kind: 'lint',
        severity: 'HIGH',
        status: 'error',
        file: 'examples/app/Dockerfile',
        subject: 'examples/app/Dockerfile',
        startLine: 4,
        primaryUrl: 'https://github.com/hadolint/hadolint/wiki/DL3000'
      })
    })

    it('maps levels onto severities: error HIGH, warning MEDIUM, info LOW', () => {
      const bySeverity = Object.fromEntries(findings.map(f => [f.status, f.severity]))
      expect(bySeverity).toMatchObject({ error: 'HIGH', warning: 'MEDIUM', info: 'LOW' })
    })
  }
)

describe('parseHadolintReport on bad input', () => {
  it('an empty array is a clean Dockerfile', () => {
    expect(parseHadolintReport('[]', 'f', ctx)).toEqual([])
  })

  it.each([['{"code": 1}'], ['[{"code": "DL3000"}]'], ['[{"code": "DL3000", "level": "error"'], ['']])(
    '%s is a ToolError naming the file',
    text => {
      expect(() => parseHadolintReport(text, 'lint.json', ctx)).toThrow(ToolError)
      expect(() => parseHadolintReport(text, 'lint.json', ctx)).toThrow(/lint\.json/)
    }
  )

  it('a path escaping the repository gets no file', () => {
    const [f] = parseHadolintReport(
      '[{"code":"DL3000","level":"error","file":"../../etc/x","line":1,"message":"m"}]',
      'f',
      ctx
    )
    expect(f!.file).toBeUndefined()
  })
})

describe('parseImportedReport', () => {
  it('recognizes a Trivy image report and names it by the scanned artifact', () => {
    const { format, findings } = parseImportedReport(golden('alpine-39.json.golden'), 'alpine-39.json')
    expect(format).toBe('trivy')
    expect(new Set(findings.map(f => f.subject))).toEqual(
      new Set(['testdata/fixtures/images/alpine-39.tar.gz'])
    )
  })

  it('recognizes a Trivy repository report and places its files under the scanned path', () => {
    const { findings } = parseImportedReport(golden('dockerfile.json.golden'), 'd.json')
    expect(findings[0]!.file).toBe('testdata/fixtures/repo/dockerfile/Dockerfile')
  })

  it('recognizes a hadolint report', () => {
    const { format, findings } = parseImportedReport(recorded('hadolint-2.15.1-examples-app.json'), 'h.json')
    expect(format).toBe('hadolint')
    expect(findings.length).toBeGreaterThan(0)
  })

  it('refuses anything else with a ConfigurationError naming the input and the file', () => {
    expect(() => parseImportedReport(golden('alpine-310.sarif.golden'), 'scan.sarif')).toThrow(
      ConfigurationError
    )
    expect(() => parseImportedReport(golden('alpine-310.sarif.golden'), 'scan.sarif')).toThrow(
      /Input 'report'.*scan\.sarif.*Trivy JSON.*hadolint JSON/
    )
  })
})
