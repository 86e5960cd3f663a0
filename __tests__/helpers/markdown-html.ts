/**
 * Markdown as GitHub reads it (CommonMark + GFM: tables, autolinked URLs, strikethrough), rendered
 * to HTML with micromark, so tests assert on the links and images a reader would actually get rather
 * than on the markdown text. Raw HTML is passed through, as GitHub passes its allowed tags.
 */
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

export function renderGfm(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true })
}

/** Every link target in the rendered HTML (the `href` of each `<a>`), decoded. */
export function linksIn(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map(m => m[1]!.replace(/&amp;/g, '&'))
}

/** Every image source in the rendered HTML. */
export function imagesIn(html: string): string[] {
  return [...html.matchAll(/<img\s[^>]*src="([^"]*)"/g)].map(m => m[1]!)
}
