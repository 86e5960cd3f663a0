// The demo's terminal view of the step's log and the job summary (scripts/terminal-markdown.mjs).
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
// @ts-expect-error -- plain ESM script, no type declarations
import { logToText, markdownToText, plainInline } from '../scripts/terminal-markdown.mjs'

describe('markdownToText', () => {
  const text: string = markdownToText(readFileSync('__fixtures__/report/summary-basic.md', 'utf8'))

  it('lays tables out as aligned columns under a rule', () => {
    const lines = text.split('\n')
    const head = lines.findIndex(l => l.startsWith('  Severity'))
    expect(lines[head + 1]).toMatch(/^ {2}─+ {2}─+/)
    const rows = lines.slice(head + 2, head + 5)
    const column = (l: string) =>
      l.indexOf('CVE-2019-14697') >= 0 ? l.indexOf('CVE-2019-14697') : l.indexOf('DL3007')
    expect(new Set(rows.map(column)).size).toBe(1)
  })

  it('turns headings and <details> into titles, links into their text, and undoes the escapes', () => {
    expect(text).toContain('Blocking (3)\n────────────')
    expect(text).toContain('Recorded, not blocking (4)\n──────────────────────────')
    expect(text).not.toMatch(/<\/?(details|summary|sub)>|\]\(https|&nbsp;|\\_/)
    expect(text).not.toMatch(/\\[_*|]/)
  })

  it('reads inline markdown as a person does', () => {
    expect(plainInline('[CVE-1](https://x) **12 days left** 1.0\\|2 &lt;b&gt; @&#8203;a')).toBe(
      'CVE-1 12 days left 1.0|2 <b> @a'
    )
  })
})

describe('logToText', () => {
  it('shows groups as titles with their lines indented, annotations with file and line, no debug', () => {
    const stdout = [
      '::group::Scan: trivy image a%25b',
      'trivy image a: 2 findings in 1.0 s.',
      '::debug::internal',
      '::endgroup::',
      '::error title=CRITICAL X,file=k8s/a%2Cb.yaml,line=3,endLine=3::privileged%0Asecond line',
      '=== container-gate: fail ==='
    ].join('\n')
    expect(logToText(stdout)).toBe(
      [
        '▸ Scan: trivy image a%b',
        '    trivy image a: 2 findings in 1.0 s.',
        'error: k8s/a,b.yaml:3: privileged',
        '  second line',
        '=== container-gate: fail ===',
        ''
      ].join('\n')
    )
  })
})
