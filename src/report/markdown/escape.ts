/**
 * Untrusted text as inert markdown, for the job summary, the pull-request comment and SARIF's
 * help.markdown. Every piece of text that came from a scanner, an image or a policy file is
 * untrusted: a package name, an advisory title or a hadolint message can contain markdown, HTML,
 * `@mentions`, issue references or URLs, and bidi or zero-width characters that make it read as
 * something else. `escapeInline` turns such text into one inert line; nothing untrusted is ever
 * placed in an HTML attribute or a code span, and a URL becomes a link target only through
 * links.ts.
 */
import { revealInvisible } from '../../invisible.js'
import { ADVISORY_LINK, markdownLink } from './links.js'

/** Longest run of untrusted text kept in one table cell; the rest is elided with an ellipsis. */
const CELL_MAX = 160

const ZWSP = '&#8203;'
const NEEDS_ESCAPE = /[&<>"@#\\`*_[\]|~$]|:\/\/|gh-|www\.|^[-+=]|^\d+[.)]/i
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/**
 * Renders untrusted text as inert inline markdown: one line, HTML escaped, markdown punctuation
 * escaped, bidi controls and zero-width characters shown as `<U+202E>` (invisible.ts), and the
 * auto-linkers of GitHub defeated (a zero-width space after `@`, inside `://`, `www.`, `#123` and
 * `GH-123`, which GitHub would otherwise turn into mentions and links).
 */
export function escapeInline(raw: unknown, max = CELL_MAX): string {
  let text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw)
  // Shown, not obeyed: a reviewer must see that a name carries a direction override or a hidden
  // character. Control characters and line breaks would end a table row or start a new block.
  text = revealInvisible(text).replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim()
  if (text.length > max) {
    const chars = Array.from(text)
    if (chars.length > max) text = chars.slice(0, max - 1).join('') + '…'
  }
  // Most cells (versions, package names, dates) contain nothing to escape: skip the slow path.
  if (!NEEDS_ESCAPE.test(text)) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    const rest = text.slice(i + 1, i + 4)
    switch (c) {
      case '&':
        out += '&amp;'
        break
      case '<':
        out += '&lt;'
        break
      case '>':
        out += '&gt;'
        break
      case '"':
        out += '&quot;'
        break
      case '@':
        out += '@' + ZWSP
        break
      case ':':
        out += rest.startsWith('//') ? ':' + ZWSP : ':'
        break
      case '#':
        out += /^\d/.test(rest) ? '#' + ZWSP : '\\#'
        break
      case '-':
        out += /gh$/i.test(text.slice(Math.max(0, i - 2), i)) && /^\d/.test(rest) ? '-' + ZWSP : '-'
        break
      case '.':
        out += /(^|[^a-z0-9])www$/i.test(text.slice(Math.max(0, i - 4), i)) ? ZWSP + '.' : '.'
        break
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
      case '$':
        out += '\\' + c
        break
      default:
        out += c
    }
  }
  // A leading list, heading or setext marker would change the block when the text starts a line.
  return out.replace(/^([+=-])/, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
}

/** Longest run of characters without a space a table cell keeps: longer ones push columns off-screen. */
const TOKEN_MAX = 48
const LONG_TOKEN = new RegExp(`\\S{${TOKEN_MAX + 1},}`, 'gu')

/**
 * Text no longer than `max` characters: a path keeps its last whole segments
 * ("…/templates/deployment.yaml"), anything else (or a path whose last segment alone is too long)
 * its start and end around an ellipsis.
 */
export function shortenRun(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  const segments = text.split('/')
  let tail = segments.pop() ?? ''
  while (segments.length > 0 && Array.from(`…/${segments.at(-1)}/${tail}`).length <= max)
    tail = `${segments.pop()}/${tail}`
  const tailLength = Array.from(tail).length
  if (tail !== text && tailLength + 2 <= max && tailLength >= max / 3) return `…/${tail}`
  const head = Math.floor((max - 1) / 2)
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (max - 1 - head)).join('')}`
}

/**
 * Untrusted text for a table cell: as escapeInline, with every unbreakable run longer than 48
 * characters shortened first (shortenRun), so no cell forces the table wider than the page. The full
 * text stays in the SARIF and the JSON report.
 */
export function escapeCell(raw: unknown, max = CELL_MAX): string {
  const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw)
  return escapeInline(
    text.replace(LONG_TOKEN, token => shortenRun(token, TOKEN_MAX)),
    max
  )
}

/**
 * Untrusted text of several paragraphs (an advisory's description) as inert markdown: each paragraph
 * escaped like a cell, blank lines between them kept.
 */
export function escapeParagraphs(raw: unknown, max: number): string {
  const text = typeof raw === 'string' ? raw : ''
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map(paragraph => escapeInline(paragraph, max))
    .filter(paragraph => paragraph !== '')
    .join('\n\n')
}

/** A link only for https URLs on known advisory hosts (links.ts); anything else is shown as plain text. */
export function safeLink(label: string, url: string | undefined): string {
  return markdownLink(escapeInline(label), url, ADVISORY_LINK)
}
