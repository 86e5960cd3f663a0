// The screenshots' inputs (scripts/screenshots.mjs, scripts/github-markdown.mjs): the demo run as a
// pull request against the comment stand-in, and markdown rendered as github.com renders it.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error -- plain ESM script, no type declarations
import { githubAlerts, githubPage, renderGitHubMarkdown } from '../scripts/github-markdown.mjs'
// @ts-expect-error -- plain ESM script, no type declarations
import { demoOnPullRequest } from '../scripts/screenshots.mjs'

// Each case runs the whole demo (a child process, the action's bundle and stand-ins): seconds on an
// idle machine, more under load, so not jest's 5 s default.
const DEMO_TIMEOUT_MS = 60_000
const scratch = mkdtempSync(join(tmpdir(), 'cg-screenshots-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the demo as a pull-request run', () => {
  it(
    'writes the comment through every API call the stand-in answers, and the summary',
    async () => {
      const { summary, comment } = (await demoOnPullRequest(scratch)) as { summary: string; comment: string }
      const headline =
        '5 findings block: 3 admission-rule violations in examples/k8s/deployment.yaml, 1 base-image rule violation in examples/app/Dockerfile, 1 fixable CRITICAL vulnerability in debian-vuln:1'
      expect(comment).toMatch(/^<!-- container-gate/)
      expect(comment).toContain(headline)
      expect(summary).toContain(headline)
    },
    DEMO_TIMEOUT_MS
  )
})

// The artifact stand-in is the tests' TypeScript, which a worker loads by Node's type stripping (Node
// 24, as npm test runs it).
const withTypeStripping = (process.features as { typescript?: unknown }).typescript ? it : it.skip

describe('the demo as a pull-request run with the artifact service', () => {
  withTypeStripping(
    'links the uploaded artifact from the summary and the comment',
    async () => {
      const dir = mkdtempSync(join(scratch, 'artifacts-'))
      const { summary, comment } = (await demoOnPullRequest(dir, { artifacts: true })) as {
        summary: string
        comment: string
      }
      const url = 'https://github.com/acme/app/actions/runs/1234567890/artifacts/1'
      expect(summary).toContain(`(workflow artifact)](${url})`)
      expect(comment).toContain(`[SARIF and JSON report (artifact)](${url})`)
    },
    DEMO_TIMEOUT_MS
  )
})

describe('markdown as github.com renders it', () => {
  it('turns a [!KIND] blockquote into an alert with its title and octicon', () => {
    const html: string = renderGitHubMarkdown('> [!WARNING]\n> The summary was **shortened**.\n')
    expect(html).toContain('<div class="markdown-alert markdown-alert-warning">')
    expect(html).toMatch(/<p class="markdown-alert-title"><svg [^>]*octicon-alert[^>]*>.*<\/svg>Warning<\/p>/)
    expect(html).toContain('<p>The summary was <strong>shortened</strong>.</p>\n</div>')
    expect(html).not.toContain('blockquote')
  })

  it('leaves other blockquotes, and a [!KIND] that is not on the first line, as quotes', () => {
    expect(githubAlerts('<blockquote>\n<p>plain</p>\n</blockquote>')).toBe(
      '<blockquote>\n<p>plain</p>\n</blockquote>'
    )
    const later: string = renderGitHubMarkdown('> text\n> [!NOTE]\n')
    expect(later).toContain('<blockquote>')
  })

  it('keeps GitHub tables, <details> and the tag filter', () => {
    const html: string = renderGitHubMarkdown(
      '<details><summary>More (1)</summary>\n\n| a | b |\n|---|---|\n| 1 | <script>x</script> |\n\n</details>\n'
    )
    expect(html).toContain('<details><summary>More (1)</summary>')
    expect(html).toContain('<td>1</td>')
    expect(html).toContain('&lt;script>')
  })

  it('lays the body out on github-markdown-css', () => {
    const page: string = githubPage({ title: 't', header: 'h', body: '<p>x</p>', width: 800 })
    expect(page).toContain('.markdown-body')
    expect(page).toContain('<article class="markdown-body"><p>x</p></article>')
  })
})
