import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { renderSummary, SUMMARY_LIMIT } from '../../src/report/summary.js'
import { sizeOf } from '../../src/report/markdown/assemble.js'
import { escapeInline, safeLink } from '../../src/report/markdown/escape.js'
import type { Decision } from '../../src/policy/types.js'
import { bigVerdict, loadVerdict, REPORT_FIXTURES } from '../../__fixtures__/report/verdicts.js'
import { expectGolden as expectGoldenFile } from '../helpers/golden.js'

/** Compares with a golden file: a missing one fails; UPDATE_GOLDEN=1 rewrites it (then review the diff). */
function expectGolden(name: string, actual: string): void {
  expectGoldenFile(REPORT_FIXTURES, name, actual)
}

describe('renderSummary', () => {
  it('renders the real-data verdict exactly as the golden file', () => {
    const md = renderSummary(loadVerdict('basic'), {
      subjects: [
        { tool: 'trivy', subject: 'testdata/fixtures/images/alpine-39.tar.gz' },
        { tool: 'trivy', subject: 'testdata/fixtures/images/debian-buster.tar.gz' },
        { tool: 'trivy', subject: '.' },
        { tool: 'hadolint', subject: 'Dockerfile' },
        { tool: 'trivy', subject: 'ghcr.io/acme/clean:1.0' }
      ],
      sarifFile: 'container-gate.sarif',
      reportFile: 'container-gate.json',
      notes: [
        'Code scanning: 12 LOW results were dropped from container-gate/trivy/api to fit 25,000 results per run.'
      ]
    })
    expectGolden('summary-basic.md', md)
  })

  it('puts blocking findings first with package, installed → fixed and the rule', () => {
    const md = renderSummary(loadVerdict('basic'))
    const blocking = md.indexOf('#### Blocking (3)')
    expect(blocking).toBeGreaterThan(md.indexOf('| Tool | Subject |'))
    expect(blocking).toBeLessThan(md.indexOf('#### Warnings (2)'))
    expect(md).toContain('| musl | 1.1.20-r4 → 1.1.20-r5 |')
    expect(md).toContain('CRITICAL vulnerabilities block')
    expect(md).toContain(
      'blocks on 2026-04-19 (**12 days left**, counted from 2026-03-20, when code scanning first saw it)'
    )
    expect(md).toContain('libidn2 is not reachable')
    expect(md).toContain('#### Expired ignores (1)')
    expect(md).toMatch(/<details><summary>Recorded, not blocking \(4\)<\/summary>\n\n\| Severity/)
  })

  it('neutralizes markdown, HTML, mentions and links in untrusted text', () => {
    const md = renderSummary(loadVerdict('hostile'))
    expectGolden('summary-hostile.md', md)
    // Only the structure we wrote: the one <details> of recorded findings, no raw tags from data.
    expect(md.match(/<details>/g)).toHaveLength(1)
    expect(md).not.toMatch(/<(details open|img|script|b|table|td)[\s>]/)
    expect(md).not.toMatch(/@[a-z]/i)
    // The one link is the advisory on a known host; the data's own URLs are inert.
    expect(md.match(/https?:\/\//g)).toEqual(['https://'])
    expect(md).toContain('[CVE-2099-0003](https://avd.aquasec.com/nvd/cve-2099-0003?x=%281%29)')
    expect(md).not.toContain('](javascript')
    // No issue references: the zero-width space and the rule header's figure spaces are our own entities.
    expect(md).not.toMatch(/#(?!8203;|8199;)\d/)
    // Each table row stays one line: the newline inside the title did not split it.
    for (const line of md.split('\n').filter(l => l.includes('(- list &gt; quote)')))
      expect(line.startsWith('|')).toBe(true)
  })

  it('shortens a huge verdict below 1 MiB with a visible note, blocking findings kept first', () => {
    const verdict = bigVerdict(60_000)
    const md = renderSummary(verdict, { sarifFile: 'out/container-gate.sarif' })
    expect(sizeOf(md)).toBeLessThanOrEqual(SUMMARY_LIMIT)
    expect(md).toContain("This summary was shortened to fit GitHub's 1 MiB limit")
    expect(md).toContain('#### Blocking (12000)')
    expect(md).toContain('| **Total** | | **12000** | **12000** | **12000** | **12000** | **12000** |')
    expect(md).toMatch(/more (blocking findings|warnings|recorded findings) not shown/)
  })

  it('uses the caller-provided note when shortening and respects a smaller limit', () => {
    const md = renderSummary(bigVerdict(500), { limit: 8_000, truncatedNote: 'See the report-file output.' })
    expect(sizeOf(md)).toBeLessThanOrEqual(8_000)
    expect(md).toContain('> See the report-file output.')
    expect(md).toMatch(/\| _… \d+ more blocking findings not shown_ \|/)
    expect(md).toMatch(/_\d+ more warnings not shown\._/)
  })

  it('does not shorten when everything fits', () => {
    expect(renderSummary(bigVerdict(50))).not.toContain('shortened')
  })
})

describe('the tables people read', () => {
  const basic = () => loadVerdict('basic')
  const withDecision = (change: (d: Decision) => Decision) => {
    const verdict = basic()
    return { ...verdict, warnings: verdict.warnings.map(change) }
  }
  const warningRows = (md: string) => {
    const part = md.slice(md.indexOf('#### Warnings'))
    return part
      .slice(0, part.indexOf('\n####', 1))
      .split('\n')
      .filter(line => line.startsWith('| 🟨') || line.startsWith('| 🟧'))
  }

  it('the Deadline column shows the deadline, or that there is none — never the rule', () => {
    const noDeadline = withDecision(d => {
      const { deadline: _, ...rest } = d
      return { ...rest, action: 'warn', rule: 'HIGH Dockerfile lint findings warn' }
    })
    const rows = warningRows(renderSummary(noDeadline))
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.endsWith('| no deadline — warns only |')).toBe(true)
      expect(row).not.toContain('findings warn')
    }
  })

  it('says in words what the clock counts from', () => {
    const clock = (c: 'first-seen' | 'published' | 'now') =>
      warningRows(renderSummary(withDecision(d => ({ ...d, deadline: { ...d.deadline!, clock: c } }))))[1]
    expect(clock('first-seen')).toContain(
      '| blocks on 2026-04-19 (**12 days left**, counted from 2026-03-20, when code scanning first saw it) |'
    )
    expect(clock('published')).toContain('counted from 2026-03-20, when the advisory was published) |')
    expect(clock('now')).toContain('(**12 days left**, counted from today: no earlier date is known) |')
    for (const c of ['first-seen', 'published', 'now'] as const)
      expect(clock(c)).not.toMatch(/from (now|first seen) \d/)
  })

  it('lists what the tiers ignore under that name, not as recorded', () => {
    const verdict = basic()
    const recorded = verdict.decisions.find(d => d.action === 'record')!
    const ignoredByTier: Decision = {
      ...recorded,
      action: 'ignore',
      rule: 'MEDIUM vulnerabilities are ignored'
    }
    const md = renderSummary({ ...verdict, decisions: [...verdict.decisions, ignoredByTier] })
    expect(md).toContain('<details><summary>Recorded, not blocking (4)</summary>')
    expect(md).toContain("<details><summary>Ignored by the policy's tiers (1)</summary>")
    const recordedPart = md.slice(
      md.indexOf('Recorded, not blocking'),
      md.indexOf("Ignored by the policy's tiers")
    )
    expect(recordedPart.split('\n').filter(l => l.startsWith('| 🟨'))).toHaveLength(4)
  })

  it('keeps severities on one line and shortens unbreakable tokens so columns stay on screen', () => {
    const verdict = basic()
    const long = `services/${'deeply-nested-module/'.repeat(8)}k8s/deployment.yaml`
    const packageName = `@scope/${'x'.repeat(150)}`
    const [first, ...rest] = verdict.blocking
    const stretched = {
      ...first!,
      finding: { ...first!.finding, file: long, package: { ...first!.finding.package!, name: packageName } }
    }
    const md = renderSummary({ ...verdict, blocking: [stretched, ...rest] })
    const row = md.split('\n').find(line => line.startsWith('|') && line.includes('deployment.yaml'))!
    expect(row).toContain('| 🟥&nbsp;CRITICAL |')
    expect(row).toContain('| …/deeply-nested-module/k8s/deployment.yaml |')
    for (const cell of row.split(' | '))
      for (const token of cell.split(/\s+/)) expect(Array.from(token).length).toBeLessThanOrEqual(60)
  })

  it('sends people to the workflow artifact when there is one, and says the runner files do not last', () => {
    const url = 'https://github.com/acme/app/actions/runs/42/artifacts/7'
    expect(renderSummary(basic(), { artifactUrl: url, sarifFile: '/tmp/x.sarif' })).toContain(
      `<sub>Every finding with its decision: [the SARIF and the JSON report (workflow artifact)](${url})</sub>`
    )
    expect(renderSummary(basic(), { sarifFile: '/tmp/x.sarif' })).toContain(
      '(on the runner, gone when the job ends)'
    )
    const short = renderSummary(bigVerdict(500), { limit: 8_000, artifactUrl: url })
    expect(short).toContain(
      `Every finding is in the [workflow artifact](${url}) (the SARIF and the JSON report)`
    )
  })
})

describe('escapeInline', () => {
  it('keeps ordinary scanner text readable', () => {
    expect(escapeInline('openssl: information disclosure in fork()')).toBe(
      'openssl: information disclosure in fork()'
    )
    expect(escapeInline('1.1.1b-r1')).toBe('1.1.1b-r1')
  })
  it('escapes pipes, backticks and emphasis and folds lines', () => {
    expect(escapeInline('a|b `c` *d*\n_e_')).toBe('a\\|b \\`c\\` \\*d\\* \\_e\\_')
  })
  it('breaks mentions, issue references and autolinks with a zero-width space', () => {
    expect(escapeInline('@octocat #12 GH-7 https://x.example www.x.example')).toBe(
      '@&#8203;octocat #&#8203;12 GH-&#8203;7 https:&#8203;//x.example www&#8203;.x.example'
    )
  })
  it('never lets arbitrary text out as markup, a mention, a link or a second line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), raw => {
        const out = escapeInline(raw, 1000)
        expect(out).not.toMatch(/[<>\n\r]/)
        expect(out).not.toMatch(/@[^&]/)
        expect(out).not.toMatch(/:\/\//)
        expect(out).not.toMatch(/www\./i)
        expect(out).not.toMatch(/(^|[^\\])[|`*_[\]]/)
        expect(out).not.toMatch(/#(?!8203;|8199;)\d/)
      }),
      { numRuns: 2000 }
    )
    for (const raw of ['<details open><summary>x', 'a\nb', '@a', 'x://y', 'WWW.a', 'a|b', '[x](y)', '#1']) {
      expect(escapeInline(raw)).not.toMatch(/[<\n]|@[a-z]|:\/\/|www\.|[^\\][|[]|#1/i)
    }
  })
  it('caps long text with an ellipsis', () => {
    expect(escapeInline('x'.repeat(500), 10)).toBe('xxxxxxxxx…')
  })
  it('escapes a leading list or heading marker', () => {
    expect(escapeInline('- a')).toBe('\\- a')
    expect(escapeInline('1. a')).toBe('1\\. a')
  })
})

describe('safeLink', () => {
  it('links https advisories on known hosts only', () => {
    expect(safeLink('CVE-2019-1549', 'https://avd.aquasec.com/nvd/cve-2019-1549')).toBe(
      '[CVE-2019-1549](https://avd.aquasec.com/nvd/cve-2019-1549)'
    )
    expect(safeLink('x', 'javascript:alert(1)')).toBe('x')
    expect(safeLink('x', 'http://avd.aquasec.com/a')).toBe('x')
    expect(safeLink('x', 'https://evil.example/a')).toBe('x')
    expect(safeLink('x', 'https://avd.aquasec.com.evil.example/a')).toBe('x')
    expect(safeLink('x', 'https://github.com/a_(b)')).toBe('[x](https://github.com/a_%28b%29)')
  })
})
