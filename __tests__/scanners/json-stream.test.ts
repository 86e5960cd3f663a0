/**
 * The chunked reader of imported reports (src/scanners/json-stream.ts): whatever the chunks, it
 * keeps what JSON.parse of the whole text would give for the parts a shape keeps, refuses every text
 * JSON.parse refuses (a syntax error in a dropped part too), and a Trivy report read this way gives
 * the same Findings as a full parse.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ToolError } from '../../src/errors.js'
import { textInterner } from '../../src/findings/intern.js'
import { isObject, type Json, type JsonObject } from '../../src/scanners/json-input.js'
import { JsonStreamReader, type Shape } from '../../src/scanners/json-stream.js'
import { trivyFindings } from '../../src/scanners/trivy.js'
import { trivyStream } from '../../src/scanners/trivy-stream.js'
import { GOLDEN } from '../helpers/shared.js'

const KEEP: Shape = { kind: 'keep' }

/**
 * Reads `text` through the streaming reader in chunks of `size` bytes, from one buffer overwritten
 * after each write, as readFileChunksSafely reuses its buffer: the reader must keep no chunk.
 */
function streamed(
  text: string | Buffer,
  size: number,
  shape: (first: '{' | '[') => Shape = () => KEEP
): Json {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')
  const reader = new JsonStreamReader('r.json', shape)
  const chunk = Buffer.alloc(size)
  for (let i = 0; i < bytes.length; i += size) {
    const n = bytes.copy(chunk, 0, i, i + size)
    reader.write(chunk.subarray(0, n))
    chunk.fill('"}]x')
  }
  return reader.end()
}

/** Every way of cutting a short text in two, and chunks of 1, 2, 3 and 7 bytes. */
function everyChunking(text: string, shape?: (first: '{' | '[') => Shape): Json[] {
  const bytes = Buffer.from(text, 'utf8')
  const results = [1, 2, 3, 7, bytes.length || 1].map(size => streamed(bytes, size, shape))
  for (let cut = 1; cut < bytes.length; cut++) {
    const reader = new JsonStreamReader('r.json', shape ?? (() => KEEP))
    reader.write(bytes.subarray(0, cut))
    reader.write(bytes.subarray(cut))
    results.push(reader.end())
  }
  return results
}

const HOSTILE = [
  'a "quoted" word',
  'ends in a backslash \\',
  '\\"',
  '\\\\"}]',
  '"',
  'line\nbreak\ttab\u0000nul\u001f',
  '\u2028\u2029 separators',
  'ü, 中文, 😀 and a lone \ud800 surrogate',
  '</script><!-- -->',
  '{"not": "an object"}',
  '[1, 2]'
]

describe('JsonStreamReader', () => {
  it('keeps what JSON.parse gives, whatever the chunks (hostile strings, escapes, nesting)', () => {
    const doc = {
      strings: HOSTILE,
      nested: { a: [[], {}, [{ b: null }], -1.5e-3, true, false, 0], '': 'empty key' },
      keys: Object.fromEntries(HOSTILE.map((h, i) => [h, i]))
    }
    for (const text of [
      JSON.stringify(doc),
      JSON.stringify(doc, null, 2),
      ` \r\n\t${JSON.stringify([doc])}\n`
    ]) {
      for (const value of everyChunking(text)) expect(value).toEqual(JSON.parse(text))
    }
  })

  it('keeps what JSON.parse gives for any JSON document', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (doc, size, indent) => {
          const text = indent ? JSON.stringify(doc, null, 2) : JSON.stringify(doc)
          expect(streamed(text, size)).toEqual(JSON.parse(text))
        }
      ),
      { numRuns: 300 }
    )
  })

  it('keeps only the shape: named keys, each element mapped, the rest dropped; the last duplicate key wins', () => {
    const shape: Shape = {
      kind: 'object',
      keys: {
        name: KEEP,
        items: { kind: 'array', each: { kind: 'keep', map: v => (v as { id: Json }).id } },
        meta: { kind: 'object', keys: { ref: KEEP } }
      }
    }
    const text = JSON.stringify({
      name: 'first',
      huge: [{ x: 'dropped' }, [1, 2]],
      items: [{ id: 1, text: 'x' }, { id: 2 }],
      meta: { ref: 'r', other: { deep: true } },
      __proto__: 'not a prototype'
    }).replace('"huge"', '"name":"second","huge"')
    for (const value of everyChunking(text, () => shape)) {
      expect(value).toEqual({ name: 'second', items: [1, 2], meta: { ref: 'r' } })
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    }
  })

  it('keeps a value of another type than the shape expects as it is', () => {
    const shape: Shape = {
      kind: 'object',
      keys: { list: { kind: 'array', each: KEEP }, obj: { kind: 'object', keys: {} } }
    }
    expect(streamed('{"list": {"a": 1}, "obj": "text"}', 3, () => shape)).toEqual({
      list: { a: 1 },
      obj: 'text'
    })
  })

  it.each([
    [
      'a truncation',
      '{"a": [1, 2, {"b": "c"}]}'.slice(0, 18),
      /ends before the JSON is complete \(18 bytes: truncated\?\)/
    ],
    ['a syntax error in a dropped part', '{"keep": 1, "drop": [{"x": tru}]}', /syntax error at byte 21/],
    ['a bad escape in a dropped string', '{"drop": "\\q"}', /syntax error/],
    ['a raw control character in a string', '{"keep": "a\u0001b"}', /syntax error/],
    ['a trailing comma in an object', '{"keep": 1,}', /syntax error/],
    ['a trailing comma in an array', '{"drop": [1,]}', /syntax error/],
    ['a missing colon', '{"keep" 1}', /syntax error at byte 8/],
    ['a missing comma', '{"keep": 1 "drop": 2}', /syntax error/],
    ['an unquoted key', '{keep: 1}', /syntax error at byte 1/],
    ['a bracket that does not match', '{"keep": 1]', /syntax error/],
    ['text after the document', '{"keep": 1} {}', /syntax error at byte 12/],
    ['a scalar document', '"text"', /does not start with \{ or \[/],
    ['a byte-order mark', '\ufeff{}', /does not start with \{ or \[/]
  ])('refuses %s, naming the file', (_label, text, why) => {
    const shape: Shape = { kind: 'object', keys: { keep: KEEP } }
    for (const size of [1, 4, 1000]) {
      expect(() => streamed(text, size, () => shape)).toThrow(ToolError)
      expect(() => streamed(text, size, () => shape)).toThrow(
        new RegExp(`^r\\.json is not valid JSON: .*${why.source}`)
      )
    }
  })

  it('refuses every truncation of a document', () => {
    const text = JSON.stringify({ a: [1, 'two', { three: [3.5, null] }], b: 'x' })
    const shape: Shape = { kind: 'object', keys: { a: { kind: 'array', each: KEEP } } }
    for (let end = 1; end < text.length; end++) {
      expect(() => streamed(text.slice(0, end), 4, () => shape)).toThrow(/is not valid JSON/)
    }
  })

  it('an empty or blank file is empty', () => {
    expect(() => streamed('', 4)).toThrow('r.json is empty: expected a JSON report.')
    expect(() => streamed(' \n\t ', 2)).toThrow('r.json is empty: expected a JSON report.')
  })
})

const REPORTS = [
  ...readdirSync(GOLDEN)
    .filter(f => f.endsWith('.json.golden'))
    .map(f => join(GOLDEN, f)),
  ...readdirSync('__fixtures__/e2e')
    .filter(f => f.startsWith('trivy-') && f.endsWith('.json'))
    .map(f => join('__fixtures__/e2e', f))
]

/** The context an import gives: the subject from the report's ArtifactName. */
const contextOf = (report: JsonObject) => ({
  subject: typeof report.ArtifactName === 'string' ? report.ArtifactName : 'f',
  fileBase: ''
})

/** A report's Findings through the chunked reader, and through JSON.parse of the whole text. */
function bothWays(text: string, size: number) {
  const trivy = trivyStream(textInterner())
  const kept = streamed(text, size, () => trivy.shape)
  const full = JSON.parse(text) as Json
  return {
    streamed: trivy.findings(kept, 'r.json', contextOf),
    parsed: trivyFindings(full, 'r.json', contextOf(isObject(full) ? full : {}))
  }
}

describe('a Trivy report read in chunks (trivy-stream.ts)', () => {
  it.each(REPORTS)('%s gives the Findings of a full parse', file => {
    const text = readFileSync(file, 'utf8')
    for (const size of [97, 4096, 1 << 20]) {
      const { streamed: findings, parsed } = bothWays(text, size)
      expect(findings).toEqual(parsed)
      // Same keys in the same order: the JSON report and the SARIF are written from these objects.
      expect(JSON.stringify(findings)).toBe(JSON.stringify(parsed))
    }
  })

  it.each([
    [
      'hostile field types',
      {
        SchemaVersion: 2,
        Metadata: 'not an object',
        Results: [
          {
            Target: 5,
            Vulnerabilities: [null, 'x', { VulnerabilityID: 7, Severity: { a: 1 }, CVSS: 'x', Layer: [] }]
          },
          'junk',
          { Misconfigurations: { not: 'an array' } }
        ]
      }
    ],
    [
      'the report’s and the results’ fields after the findings',
      {
        SchemaVersion: 2,
        Results: [
          {
            Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'p', Layer: { DiffID: 'sha256:1' } }],
            Misconfigurations: [{ ID: 'DS002', Status: 'FAIL' }],
            Target: 'app/Dockerfile',
            Class: 'os-pkgs',
            Type: 'alpine'
          }
        ],
        ArtifactName: 'img:1',
        ArtifactType: 'container_image',
        Metadata: { Reference: 'img@sha256:abc' }
      }
    ],
    [
      'a layer without an image, and files of a repository scan',
      {
        SchemaVersion: 2,
        ArtifactName: '.',
        Results: [
          {
            Target: 'deploy/Dockerfile',
            Vulnerabilities: [{ VulnerabilityID: 'CVE-1', Layer: { DiffID: 'sha256:1' } }],
            Secrets: [{ RuleID: 'aws', Category: 'AWS', StartLine: 3 }]
          }
        ]
      }
    ]
  ])('%s: the Findings of a full parse', (_label, report) => {
    const text = JSON.stringify(report)
    for (const size of [1, 5, 4096]) {
      const { streamed: findings, parsed } = bothWays(text, size)
      expect(findings).toEqual(parsed)
      expect(JSON.stringify(findings)).toBe(JSON.stringify(parsed))
    }
  })

  it('repeated keys: the last wins, as with JSON.parse', () => {
    const vuln = (id: string) => `{"VulnerabilityID": "${id}", "PkgName": "p"}`
    const text = `{"SchemaVersion": 2, "Results": [{"Target": "t", "Vulnerabilities": [${vuln('CVE-A')}]}],
      "Results": [{"Target": "u", "Vulnerabilities": [${vuln('CVE-B')}], "Vulnerabilities": [${vuln('CVE-C')}],
        "Secrets": [{"RuleID": "s"}], "Secrets": "junk"}]}`
    const { streamed: findings, parsed } = bothWays(text, 3)
    expect(findings.map(f => [f.ruleId, f.target])).toEqual([['CVE-C', 'u']])
    expect(findings).toEqual(parsed)
  })
})
