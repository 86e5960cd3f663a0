// Bidi controls and zero-width characters in untrusted text are shown, not obeyed, in every rendered
// cell of the summary and the comment (and in the log: __tests__/log.test.ts).
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { revealInvisible } from '../../src/invisible.js'
import { escapeInline } from '../../src/report/markdown/escape.js'
import { renderComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import type { Decision, Verdict } from '../../src/policy/types.js'
import { loadVerdict } from '../../__fixtures__/report/verdicts.js'

/** The characters issue 9.8 names: bidi controls, then zero-width ones. */
const BIDI = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c'
]
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']
const HIDDEN = [...BIDI, ...ZERO_WIDTH]
// Every character named above is a format character (Cf).
const RAW_HIDDEN = /\p{Cf}/u

/** "ab" with every hidden character between: what a spoofed package name looks like. */
const spoof = (text: string) => `${text.slice(0, 1)}${HIDDEN.join('')}${text.slice(1)}`

/** How a spoofed value starts once rendered (cells are cut at their length limit). */
const shown = (text: string) => escapeInline(spoof(text), 10_000).slice(0, 40)

/** The recorded verdict with every untrusted string a renderer prints spoofed. */
function spoofedVerdict(): Verdict {
  const v = loadVerdict('basic')
  const seen = new Set<Decision>()
  const all = [...v.decisions, ...v.blocking, ...v.warnings]
  for (const d of all) {
    if (seen.has(d)) continue
    seen.add(d)
    const f = d.finding
    f.ruleId = spoof(f.ruleId)
    f.title = spoof(f.title)
    if (f.message) f.message = spoof(f.message)
    f.subject = spoof(f.subject)
    if (f.target) f.target = spoof(f.target)
    if (f.file) f.file = spoof(f.file)
    if (f.package) {
      f.package.name = spoof(f.package.name)
      if (f.package.installedVersion) f.package.installedVersion = spoof(f.package.installedVersion)
      if (f.package.fixedVersion) f.package.fixedVersion = spoof(f.package.fixedVersion)
    }
    d.rule = spoof(d.rule)
    if (d.suppressedBy) {
      d.suppressedBy.reason = spoof(d.suppressedBy.reason)
      d.suppressedBy.source = spoof(d.suppressedBy.source)
    }
  }
  v.reason = spoof(v.reason)
  v.expiredIgnores = [
    {
      id: spoof('CVE-2019-14697'),
      reason: spoof('tracked'),
      source: spoof('.trivyignore:3'),
      expires: '2026-01-01'
    }
  ]
  return v
}

describe('revealInvisible', () => {
  it.each(HIDDEN.map(c => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    'shows %s as a visible label',
    (label, c) => {
      expect(revealInvisible(`a${c}b`)).toBe(`a<${label}>b`)
    }
  )

  it('leaves ordinary text alone, accents and other scripts included', () => {
    for (const text of ['libssl1.1', 'café', 'пакет', 'パッケージ', 'עברית', 'a b\tc']) {
      expect(revealInvisible(text)).toBe(text)
    }
  })
})

describe('every rendered cell', () => {
  const verdict = spoofedVerdict()
  const summary = renderSummary(verdict, {
    subjects: [{ tool: 'trivy', subject: spoof('ghcr.io/acme/app:1') }],
    notes: [spoof('a note from publishing')]
  })
  const comment = renderComment(verdict, {
    marker: '<!-- container-gate:CI/scan -->',
    baseRef: spoof('main'),
    serverUrl: 'https://github.com',
    diff: {
      added: verdict.blocking,
      fixed: [
        {
          number: 3,
          createdAt: '2026-01-05T00:00:00Z',
          state: 'open',
          htmlUrl: 'https://github.com/o/r/security/code-scanning/3',
          ruleId: spoof('CVE-2018-0732'),
          toolName: 'Trivy',
          category: 'c/',
          path: spoof('Dockerfile'),
          message: 'm'
        }
      ],
      notCompared: 0,
      unread: 0
    },
    notes: [spoof('a note from publishing')]
  })

  it('the comment shows the spoofed base branch in its headings', () => {
    expect(comment).toContain(`New compared with ${shown('main')}`)
  })

  it.each([
    ['summary', summary],
    ['comment', comment]
  ])('the %s carries no raw bidi, zero-width or other format character, and shows each one', (_, md) => {
    expect(md).not.toMatch(RAW_HIDDEN)
    for (const c of HIDDEN) {
      expect(md).toContain(`&lt;U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}&gt;`)
    }
    // The spoofed fields were rendered (shown, not dropped).
    for (const text of ['CVE-2019-14697', 'tracked', '.trivyignore:3', 'a note from publishing'])
      expect(md).toContain(shown(text))
  })

  it('escapeInline never lets a format character through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), text => {
        expect(escapeInline(text, 10_000)).not.toMatch(/\p{Cf}/u)
      }),
      { numRuns: 2000 }
    )
  })
})
