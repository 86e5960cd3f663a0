/**
 * The reports written in pieces (src/report/json-pieces.ts, src/deliver.ts): the file's
 * bytes are those of JSON.stringify(value, null, 2) whatever the chunk size, hostile strings are
 * escaped as JSON.stringify escapes them, and the JSON report a fleet aggregate reads back is the
 * report the model describes.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Finding } from '../../src/findings/model.js'
import { parseLegReport } from '../../src/fleet/legs.js'
import { readInputs } from '../../src/inputs/read.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { jsonPieces } from '../../src/report/json-pieces.js'
import {
  describeRun,
  JSON_REPORT_STREAMED,
  jsonReportValue,
  renderJsonReport
} from '../../src/report/json-report.js'
import { renderSarif, renderSarifLazily } from '../../src/report/sarif.js'
import { writeJsonFile } from '../../src/deliver.js'
import { demoVerdict } from '../helpers/demo-verdict.js'
import { HOSTILE } from '../helpers/hostile.js'

const NASTY = [
  ...HOSTILE,
  'quote " backslash \\ and \\" both',
  'nul \u0000 del \u007f c1 \u0085',
  'lone \ud800 and \udfff surrogates, a pair 😀 and 中文',
  '</script><!--',
  '\n'
]

const stringified = (v: unknown) => JSON.stringify(v, null, 2)

describe('jsonPieces', () => {
  it('joins to JSON.stringify(value, null, 2) for any value and paths', () => {
    const paths = fc.constantFrom([['findings']], [['runs', '*', 'results']], [['a'], ['b', 'c']], [[]], [])
    fc.assert(
      fc.property(fc.jsonValue(), paths, (value, at) => {
        expect([...jsonPieces(value, at)].join('')).toBe(stringified(value))
      }),
      { numRuns: 300 }
    )
  })

  it('writes the arrays at the paths from generators, as JSON.stringify writes the arrays', () => {
    function* items<T>(list: T[]) {
      yield* list
    }
    const findings = NASTY.map((text, i) => ({ text, [text]: i, nested: { list: [text, null, [], {}] } }))
    const runs = [{ results: [{ a: 1 }, { b: [2] }], other: 'x' }, { results: [] }, { results: [{}] }]
    const value = {
      head: NASTY,
      skipped: undefined,
      fn: () => 1,
      date: new Date('2026-12-02T00:00:00Z'),
      findings,
      runs,
      empty: [] as unknown[]
    }
    const lazy = {
      ...value,
      findings: items(findings),
      runs: runs.map(r => ({ ...r, results: items(r.results) })),
      empty: items([] as unknown[])
    }
    const paths = [['findings'], ['runs', '*', 'results'], ['empty'], ['head', '*', 'absent']]
    expect([...jsonPieces(lazy, paths)].join('')).toBe(stringified(value))
    // Elements JSON.stringify writes as null: undefined and functions.
    expect([...jsonPieces({ list: items([undefined, () => 1, 1]) }, [['list']])].join('')).toBe(
      stringified({ list: [undefined, () => 1, 1] })
    )
  })
})

describe('writeJsonFile', () => {
  it.each([1, 7, 1 << 20])(
    'writes the bytes of writeFile(JSON.stringify(…)) in chunks of %i characters',
    async chunk => {
      const dir = mkdtempSync(join(tmpdir(), 'json-file-'))
      try {
        const value = { findings: NASTY.map(text => ({ text })), tail: NASTY }
        const file = join(dir, 'r.json')
        await writeJsonFile(file, value, [['findings']], chunk)
        expect(readFileSync(file)).toEqual(Buffer.from(stringified(value), 'utf8'))
        expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(stringified(value)))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  )
})

describe('the JSON report written streamed', () => {
  const inputs = readInputs(name => ({ report: 'r.json', 'leg-name': 'api' })[name] ?? '')
  const meta = (now: Date) => ({
    generatedAt: now,
    policySource: 'built-in defaults',
    toolVersions: { trivy: '0.74.0' },
    scans: [],
    imported: ['r.json'],
    sarifFile: 'container-gate.sarif'
  })

  /** Findings whose every text is hostile, and the same finding many times over (chunk edges). */
  function hostileFindings(): Finding[] {
    return NASTY.flatMap((text, i) =>
      Array.from({ length: 40 }, (_, copy) => ({
        tool: 'trivy',
        kind: 'vuln',
        ruleId: `CVE-2026-${1000 + i}`,
        aliases: [text],
        severity: (['CRITICAL', 'HIGH', 'LOW'] as const)[copy % 3]!,
        title: text,
        description: text.repeat(50),
        primaryUrl: `https://example.com/${text}`,
        package: {
          name: `${text}-${copy}`,
          installedVersion: '1.0',
          fixedVersion: copy % 2 ? '1.1' : undefined
        },
        target: text,
        subject: 'img:1',
        image: 'img:1'
      }))
    )
  }

  it('is byte for byte the report renderJsonReport makes, and parses back to the model', async () => {
    const now = new Date('2026-12-02T01:00:00Z')
    const verdict = evaluate(hostileFindings(), defaultPolicy(), { mode: 'gate' }, now)
    const dir = mkdtempSync(join(tmpdir(), 'json-report-'))
    try {
      const file = join(dir, 'container-gate-report.json')
      await writeJsonFile(
        file,
        jsonReportValue(describeRun(inputs), verdict, meta(now)),
        JSON_REPORT_STREAMED,
        4096
      )
      const text = readFileSync(file, 'utf8')
      expect(text).toBe(renderJsonReport(describeRun(inputs), verdict, meta(now)))
      const parsed = JSON.parse(text) as { findings: Array<Record<string, unknown>> }
      expect(parsed.findings).toHaveLength(verdict.decisions.length)
      parsed.findings.forEach((entry, i) => {
        const d = verdict.decisions[i]!
        const { decision, ...finding } = entry
        expect(finding).toEqual(JSON.parse(JSON.stringify(d.finding)))
        expect(decision).toEqual(
          JSON.parse(
            JSON.stringify({
              action: d.action,
              rule: d.rule,
              deadline: d.deadline,
              suppressedBy: d.suppressedBy
            })
          )
        )
      })
      // What a fleet aggregate reads of it.
      const leg = parseLegReport(text, 'legs/api/container-gate-report.json')
      expect(leg.leg).toBe('api')
      expect(leg.findings.map(f => [f.ruleId, f.title, f.action])).toEqual(
        verdict.decisions.map(d => [d.finding.ruleId, d.finding.title, d.action])
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the SARIF streamed from lazily made results is the SARIF renderSarif gives, stringified', async () => {
    for (const verdict of [
      await demoVerdict(),
      evaluate(hostileFindings(), defaultPolicy(), { mode: 'gate' }, new Date('2026-12-02T01:00:00Z'))
    ]) {
      const meta = { categoryPrefix: 'container-gate', subjects: [], toolVersions: { trivy: '0.74.0' } }
      const streamed = [...jsonPieces(renderSarifLazily(verdict, meta), [['runs', '*', 'results']])].join('')
      expect(streamed).toBe(stringified(renderSarif(verdict, meta)))
    }
  })
})
