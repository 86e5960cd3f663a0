import { describe, it, expect } from '@jest/globals'
import { renderComment, COMMENT_LIMIT, type CommentMeta } from '../../src/report/comment.js'
import type { AlertSummary } from '../../src/report/base-diff.js'
import { bigVerdict, loadVerdict, REPORT_FIXTURES } from '../../__fixtures__/report/verdicts.js'
import { expectGolden as expectGoldenFile } from '../helpers/golden.js'

/** Compares with a golden file: a missing one fails; UPDATE_GOLDEN=1 rewrites it (then review the diff). */
function expectGolden(name: string, actual: string): void {
  expectGoldenFile(REPORT_FIXTURES, name, actual)
}

const FIXED: AlertSummary = {
  number: 17,
  createdAt: '2026-01-05T00:00:00Z',
  state: 'open',
  htmlUrl: 'https://github.com/Codertocat/Hello-World/security/code-scanning/17',
  ruleId: 'CVE-2018-0732',
  toolName: 'Trivy',
  category: 'container-gate/trivy/testdata-fixtures-images-alpine-39.tar.gz/',
  path: 'testdata/fixtures/images/alpine-39.tar.gz',
  severity: 'high',
  message: 'libssl1.1 1.1.1b-r1: CVE-2018-0732'
}

function meta(extra: Partial<CommentMeta> = {}): CommentMeta {
  return {
    marker: '<!-- container-gate:CI/scan -->',
    subjects: [
      { tool: 'trivy', subject: 'testdata/fixtures/images/alpine-39.tar.gz' },
      { tool: 'hadolint', subject: 'Dockerfile' }
    ],
    baseRef: 'master',
    serverUrl: 'https://github.com',
    codeScanningUrl:
      'https://github.com/Codertocat/Hello-World/security/code-scanning?query=is%3Aopen%20pr%3A2',
    runUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/4242',
    commit: '0b1c2d3',
    ...extra
  }
}

describe('renderComment', () => {
  it('links the workflow artifact with the SARIF and the JSON report beside the run', () => {
    const url = 'https://github.com/Codertocat/Hello-World/actions/runs/4242/artifacts/9'
    const md = renderComment(loadVerdict('basic'), meta({ artifactUrl: url }))
    expect(md).toContain(`· [SARIF and JSON report (artifact)](${url})</sub>`)
    expect(renderComment(loadVerdict('basic'), meta())).not.toContain('artifact')
  })

  it('renders the real-data verdict with new and fixed exactly as the golden file', () => {
    const verdict = loadVerdict('basic')
    const added = verdict.decisions.filter(
      d => d.finding.ruleId === 'DL3007' || d.finding.ruleId === 'CVE-2019-1551'
    )
    const md = renderComment(verdict, meta({ diff: { added, fixed: [FIXED], notCompared: 2, unread: 0 } }))
    expectGolden('comment-basic.md', md)
    expect(md.startsWith('<!-- container-gate:CI/scan -->\n')).toBe(true)
    expect(md.indexOf('#### Blocking (3)')).toBeLessThan(md.indexOf('#### New compared with master (3)'))
    expect(md).toContain(
      '| 🟧&nbsp;HIGH | CVE-2018-0732 | testdata/fixtures/images/alpine-39.tar.gz | [#17](https://github.com/Codertocat/Hello-World/security/code-scanning/17) |'
    )
  })

  it('links an alert only when it lives on this GitHub server', () => {
    const verdict = loadVerdict('basic')
    const md = renderComment(
      verdict,
      meta({
        diff: {
          added: [],
          fixed: [{ ...FIXED, htmlUrl: 'https://evil.example/x' }],
          notCompared: 0,
          unread: 0
        }
      })
    )
    expect(md).toContain('| #17 |')
    expect(md).toContain('_Nothing new._')
    expect(md).not.toContain('evil.example')
  })

  it('a partial comparison says so and counts the unmatched findings apart from the new ones', () => {
    const verdict = loadVerdict('basic')
    const md = renderComment(verdict, meta({ diff: { added: [], fixed: [], notCompared: 0, unread: 1 } }))
    expect(md).toContain('#### New compared with master (0)')
    expect(md).toContain(
      '_master has more code-scanning alerts than were read, so the comparison is partial: 1 finding matches none of those read and is not counted as new._'
    )
  })

  it('says when the base branch could not be compared (no diff)', () => {
    const md = renderComment(loadVerdict('hostile'), meta())
    expect(md).not.toContain('compared with')
    expectGolden('comment-hostile.md', md)
  })

  it('stays under 65,536 characters for 60,000 findings, with the truncation note visible', () => {
    const verdict = bigVerdict(60_000)
    const md = renderComment(
      verdict,
      meta({ diff: { added: verdict.decisions, fixed: [], notCompared: 0, unread: 0 } })
    )
    expect(md.length).toBeLessThan(COMMENT_LIMIT)
    expect(md).toContain(
      "This comment was shortened to fit GitHub's 65,536-character limit. The complete list is in [the run's job summary](https://github.com/Codertocat/Hello-World/actions/runs/4242) and in code scanning."
    )
    expect(md).toContain('| **Total** | | **12000** |')
    expect(md).toMatch(/\| _… \d+ more blocking findings not shown_ \|/)
    expect(md).toMatch(/_60000 more new findings not shown\._/)
  })
})
