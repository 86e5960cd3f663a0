// Markdown rendered the way github.com renders a job summary or a comment, for the screenshots
// (scripts/screenshots.mjs): CommonMark + GFM (tables, autolinks, strikethrough, the tag filter)
// with GitHub's allowed raw HTML (<details>, <summary>, <br>) passed through, then GitHub's alerts
// (`> [!WARNING]` blockquotes become titled call-outs with their octicon), laid out in a page that
// carries github-markdown-css, the stylesheet that reproduces GitHub's markdown style.
import octicons from '@primer/octicons'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

/** GitHub's five alert kinds: the title it shows and the octicon in front of it. */
const ALERTS = {
  NOTE: { title: 'Note', icon: 'info' },
  TIP: { title: 'Tip', icon: 'light-bulb' },
  IMPORTANT: { title: 'Important', icon: 'report' },
  WARNING: { title: 'Warning', icon: 'alert' },
  CAUTION: { title: 'Caution', icon: 'stop' }
}

// A blockquote whose first line is exactly [!KIND] (GitHub's rule), holding no nested blockquote.
const ALERT =
  /<blockquote>\n<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\](?:\n|<\/p>\n<p>)((?:(?!<\/?blockquote>)[\s\S])*?)<\/blockquote>/gi

/** Turns `> [!KIND]` blockquotes into the alert markup GitHub renders. */
export function githubAlerts(html) {
  return html.replace(ALERT, (_all, kind, rest) => {
    const { title, icon } = ALERTS[kind.toUpperCase()]
    const svg = octicons[icon].toSVG({ class: 'mr-2' })
    return (
      `<div class="markdown-alert markdown-alert-${kind.toLowerCase()}">` +
      `<p class="markdown-alert-title">${svg}${title}</p>\n<p>${rest}</div>`
    )
  })
}

/** The HTML github.com shows for `markdown` (a job summary or a comment body). */
export function renderGitHubMarkdown(markdown) {
  const html = micromark(markdown, {
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
    allowDangerousHtml: true
  })
  return githubAlerts(html)
}

const stylesheet = () =>
  readFileSync(
    createRequire(import.meta.url).resolve('github-markdown-css/github-markdown-light.css'),
    'utf8'
  )

/**
 * A whole page: `body` (rendered markdown) in a `.markdown-body` of `width` pixels, under an
 * optional `header` line (the comment's author bar, the summary's title bar), on GitHub's fonts.
 * @param {{ title: string, header: string, body: string, width: number }} page
 */
export function githubPage({ title, header, body, width }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${stylesheet()}
body { margin: 0; background: #ffffff; }
.frame { width: ${width}px; margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
.frame > header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0;
  border-radius: 6px 6px 0 0; color: #59636e; font: 14px -apple-system, BlinkMacSystemFont,
  "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.frame > header b { color: #1f2328; }
.markdown-body { box-sizing: border-box; padding: 16px 24px; }
.mr-2 { margin-right: 8px; }
</style></head>
<body><div class="frame"><header>${header}</header>
<article class="markdown-body">${body}</article></div></body></html>
`
}
