/**
 * Characters that change how the text around them reads without being seen themselves: the Unicode
 * bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) make a package name read
 * backwards ("Trojan Source", CVE-2021-42574), zero-width characters (U+200B–U+200D, U+2060, U+FEFF)
 * make two different names look the same, and the other format and default-ignorable characters
 * (soft hyphen, tag characters, variation selectors, line and paragraph separators) hide text the
 * same way. In untrusted text every one of them is replaced by a visible `<U+202E>`, so a reviewer
 * sees that something was there: nothing is dropped silently.
 *
 * The log boundary (src/log.ts), the summary and comment cells (src/report/markdown/escape.ts)
 * and the SARIF texts all use this one function.
 */

/** Format (Cf) and default-ignorable code points, and the Unicode line and paragraph separators. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu')

/** `<U+202E>`: how a hidden character is shown (upper-case hex, at least four digits). */
export function codePointLabel(char: string): string {
  return `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`
}

/** The text with every invisible or reordering character shown as `<U+XXXX>`. */
export function revealInvisible(text: string): string {
  // Most text has none: test first so the common case allocates nothing.
  return INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, codePointLabel) : text
}
