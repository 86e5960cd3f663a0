// One link rule for every renderer (links.ts): the summary, the comment and the SARIF's helpUri and
// help.markdown. Rendered markdown is read back as GitHub reads it (helpers/markdown-html.ts).
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { Finding } from '../../src/findings/model.js'
import type { Decision } from '../../src/policy/types.js'
import { ADVISORY_LINK, CONTEXT_LINK, linkTarget, markdownLink } from '../../src/report/markdown/links.js'
import { messageText, renderSarif } from '../../src/report/sarif.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderComment } from '../../src/report/comment.js'
import { verdictOf } from '../../__fixtures__/report/verdicts.js'
import { imagesIn, linksIn, renderGfm } from '../helpers/markdown-html.js'

/** PrimaryURLs a crafted report can carry. None may become anything but a link to the advisory host. */
const HOSTILE_URLS = [
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'http://avd.aquasec.com/nvd/cve-2019-14697',
  'https://user:ghp_0123456789abcdef0123456789abcdef0123@avd.aquasec.com/nvd/x',
  'https://x-access-token@github.com/o/r',
  'https://evil.example/phish',
  'https://avd.aquasec.com.evil.example/x',
  'https://avd.aquasec.com/a)![track](https://evil.example/pixel.png',
  'https://avd.aquasec.com/a](https://evil.example)[b',
  'https://avd.aquasec.com/a|[click](https://evil.example)|',
  'https://avd.aquasec.com/a"onmouseover="alert(1)',
  'https://avd.aquasec.com/a <img src=x onerror=alert(1)>',
  'https://avd.aquasec.com/a\\)![x](https://evil.example/p.png)',
  'https://avd.aquasec.com/a`code`*b*_c_'
]

function finding(primaryUrl: string, extra: Partial<Finding> = {}): Finding {
  return {
    tool: 'trivy',
    kind: 'vuln',
    ruleId: 'CVE-2019-14697',
    aliases: [],
    severity: 'CRITICAL',
    title: 'musl: x87 floating-point stack adjustment imbalance',
    description: 'A description.',
    primaryUrl,
    package: { name: 'musl', installedVersion: '1.1.20-r4', fixedVersion: '1.1.20-r5', class: 'os-pkgs' },
    target: 'alpine:3.9 (alpine 3.9.4)',
    subject: 'alpine:3.9',
    ...extra
  }
}

const blocked = (f: Finding): Decision => ({
  finding: f,
  action: 'block',
  rule: 'CRITICAL vulnerabilities block'
})

/** A link a reader could follow may only lead to the advisory host, over https. */
function expectOnlyAdvisoryLinks(html: string): void {
  expect(imagesIn(html)).toEqual([])
  for (const href of linksIn(html)) expect(href).toMatch(/^https:\/\/(avd\.aquasec\.com|github\.com)\//)
  expect(html).not.toMatch(/evil\.example/.source + '[^<]*</a>')
}

describe('linkTarget', () => {
  it('keeps an advisory URL as it is', () => {
    expect(linkTarget('https://avd.aquasec.com/nvd/cve-2019-14697', ADVISORY_LINK)).toBe(
      'https://avd.aquasec.com/nvd/cve-2019-14697'
    )
    expect(linkTarget('https://security-tracker.debian.org/tracker/CVE-2023-1', ADVISORY_LINK)).toBeDefined()
  })

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'file:///etc/passwd',
    'http://avd.aquasec.com/x',
    'https://user:pass@avd.aquasec.com/x',
    'https://token@github.com/o/r',
    'https://evil.example/x',
    'https://avd.aquasec.com.evil.example/x',
    'https://evilavd.aquasec.com/x',
    'not a url',
    ''
  ])('refuses %j as an advisory link', url => {
    expect(linkTarget(url, ADVISORY_LINK)).toBeUndefined()
  })

  it('accepts http for links built from the run context (GHES), never other schemes or credentials', () => {
    expect(linkTarget('http://ghes.internal/o/r/actions/runs/1', CONTEXT_LINK)).toBe(
      'http://ghes.internal/o/r/actions/runs/1'
    )
    expect(linkTarget('javascript:alert(1)', CONTEXT_LINK)).toBeUndefined()
    expect(linkTarget('https://a:b@github.com/o/r', CONTEXT_LINK)).toBeUndefined()
  })

  it('percent-encodes what markdown would read: ) ( ] [ | < > quotes backslash and spaces', () => {
    expect(linkTarget('https://avd.aquasec.com/a)![x](y)|[z]', ADVISORY_LINK)).toBe(
      'https://avd.aquasec.com/a%29!%5Bx%5D%28y%29%7C%5Bz%5D'
    )
  })

  it('whatever the URL, the target is https on an advisory host with nothing markdown reads', () => {
    const url = fc.oneof(
      fc.webUrl({ withFragments: true, withQueryParameters: true }),
      fc.string({ unit: 'binary' }).map(s => `https://avd.aquasec.com/${s}`),
      fc.string({ unit: 'binary' })
    )
    fc.assert(
      fc.property(url, u => {
        const target = linkTarget(u, ADVISORY_LINK)
        if (target === undefined) return
        expect(target).toMatch(
          /^https:\/\/([a-z0-9-]+\.)*(avd\.aquasec\.com|nvd\.nist\.gov|github\.com|cve\.mitre\.org|www\.cve\.org|security-tracker\.debian\.org|access\.redhat\.com|ubuntu\.com|gitlab\.alpinelinux\.org|secdb\.alpinelinux\.org)(\/|$)/
        )
        expect(target).not.toMatch(/[\s()[\]<>|\\`"']/)
        const html = renderGfm(markdownLink('label', u, ADVISORY_LINK))
        expect(linksIn(html)).toHaveLength(1)
        expect(imagesIn(html)).toEqual([])
      }),
      { numRuns: 2000 }
    )
  })
})

describe.each(HOSTILE_URLS.map(u => [JSON.stringify(u), u]))('a report whose PrimaryURL is %s', (_, url) => {
  const verdict = verdictOf([blocked(finding(url))])

  it('the summary links only to the advisory host, and its table keeps six columns', () => {
    const html = renderGfm(renderSummary(verdict))
    expectOnlyAdvisoryLinks(html)
    const blockingTable = html.split('<h4>Blocking (1)</h4>')[1]!
    const row = /<tbody>\s*<tr>([\s\S]*?)<\/tr>/.exec(blockingTable)![1]!
    expect(row.match(/<td/g)).toHaveLength(6)
  })

  it('the comment links only to the advisory host', () => {
    expectOnlyAdvisoryLinks(renderGfm(renderComment(verdict, { marker: '<!-- container-gate:k -->' })))
  })

  it('the SARIF helpUri and help.markdown follow the same rule', () => {
    const sarif = renderSarif(verdict, { categoryPrefix: 'container-gate', subjects: [], toolVersions: {} })
    const rule = sarif.runs[0]!.tool.driver.rules[0]!
    expect(rule.helpUri).toBe(linkTarget(url, ADVISORY_LINK))
    if (rule.helpUri !== undefined) expect(rule.helpUri).toMatch(/^https:\/\/avd\.aquasec\.com\//)
    expectOnlyAdvisoryLinks(renderGfm(rule.help!.markdown!))
    // The plain-text help names the URL only when it passes the rule, in its safe form.
    if (rule.helpUri) expect(rule.help!.text).toContain(`More: ${rule.helpUri}`)
    else expect(rule.help!.text).not.toContain('More:')
  })
})

describe('SARIF texts', () => {
  it('help.markdown escapes the title and description as the summary does: no image, link, HTML or mention', () => {
    const f = finding('https://avd.aquasec.com/nvd/cve-2019-14697', {
      title: '![x](https://evil.example/p.png) <img src=x> @octocat',
      description:
        'See [here](javascript:alert(1)) or https://evil.example/phish\n\n<script>alert(1)</script>'
    })
    const sarif = renderSarif(verdictOf([blocked(f)]), {
      categoryPrefix: 'cg',
      subjects: [],
      toolVersions: {}
    })
    const html = renderGfm(sarif.runs[0]!.tool.driver.rules[0]!.help!.markdown!)
    expect(imagesIn(html)).toEqual([])
    expect(linksIn(html)).toEqual(['https://avd.aquasec.com/nvd/cve-2019-14697'])
    expect(html).not.toMatch(/<script|<img/)
  })

  it('a result message cannot form an embedded link (SARIF §3.11.6): brackets are escaped', () => {
    expect(messageText('see [here](https://evil.example) or [0]')).toBe(
      'see \\[here\\](https://evil.example) or \\[0\\]'
    )
    expect(messageText('a\\[b')).toBe('a\\\\\\[b')
    const f = finding('https://avd.aquasec.com/x', { title: '[click](https://evil.example)' })
    const sarif = renderSarif(verdictOf([blocked(f)]), {
      categoryPrefix: 'cg',
      subjects: [],
      toolVersions: {}
    })
    expect(sarif.runs[0]!.results[0]!.message.text).toContain('\\[click\\](https://evil.example)')
  })

  it('bidi and zero-width characters are shown in descriptions and messages', () => {
    const f = finding('https://avd.aquasec.com/x', {
      title: 'evil\u202egpj.exe',
      package: { name: 'mu\u200bsl', installedVersion: '1', fixedVersion: '2', class: 'os-pkgs' }
    })
    const sarif = renderSarif(verdictOf([blocked(f)]), {
      categoryPrefix: 'cg',
      subjects: [],
      toolVersions: {}
    })
    const rule = sarif.runs[0]!.tool.driver.rules[0]!
    expect(rule.shortDescription!.text).toBe('evil<U+202E>gpj.exe')
    expect(sarif.runs[0]!.results[0]!.message.text).toContain('mu<U+200B>sl')
    // Texts people read; result properties keep the package name as data.
    const texts = JSON.stringify([sarif.runs[0]!.tool.driver.rules, sarif.runs[0]!.results[0]!.message])
    expect(texts).not.toMatch(/[\u202e\u200b]/)
  })
})
