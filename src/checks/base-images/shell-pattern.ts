/**
 * The shell patterns of BuildKit's lexer (`${VAR#pattern}`, `${VAR%pattern}`, `${VAR/pattern/…}`):
 * `*` and `?` wildcards and `\\` escapes, no bracket expressions, as lex.go's
 * convertShellPatternToRegex; Go's regular expressions are leftmost-first like JavaScript's.
 */
/** A word BuildKit refuses (an unterminated quote, `${}`, an unsupported modifier...). */
export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShellSyntaxError'
  }
}

/** A shell wildcard pattern (`*`, `?`, `\` escapes; no brackets) as a regular expression. */
export function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = Array.from(pattern)
  let out = anchored ? '^' : ''
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i]!
    if (ch === '*') {
      out += greedy ? '[^\\n]*' : '[^\\n]*?' // Go's `.`: anything but a newline
      continue
    }
    if (ch === '?') {
      out += '[^\\n]'
      continue
    }
    if (ch === '\\') {
      // `}` and `/` are escaped inside ${}, but the escape is not part of the pattern
      if (chars[i + 1] === '}' || chars[i + 1] === '/') continue
      ch = chars[++i] ?? ''
      if (ch !== '*' && ch !== '?' && ch !== '\\')
        throw new ShellSyntaxError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${ch}'`)
      out += `\\${ch}`
      continue
    }
    out += /[[\]{}.+()|^$]/.test(ch) ? `\\${ch}` : ch
  }
  return new RegExp(out, 'u')
}

/** Go's Regexp.Expand for a pattern without groups, which ReplaceAllString applies to the
 * replacement: `$$` is `$`, `$0` / `${0}` the match, any other `$name` empty; a malformed `$` stays. */
export function expandTemplate(template: string, match: string): string {
  return template.replace(
    /\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (whole, braced?: string, bare?: string) => {
      if (whole === '$$') return '$'
      const name = braced ?? bare ?? ''
      return name === '0' ? match : '' // Go reads no leading zeros: $00 is a name
    }
  )
}

export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = shellPatternToRegex(pattern, greedy, true).exec(value)
  return m ? value.slice(m[0].length) : value
}

/** Reverses a pattern without splitting its escapes (`a\*c` → `c\*a`). */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern)
  const out: string[] = new Array<string>(chars.length)
  const last = chars.length - 1
  for (let i = 0; i <= last;) {
    const ch = chars[i]!
    if (ch === '\\' && i !== last) {
      out[last - i - 1] = ch
      out[last - i] = chars[i + 1]!
      i += 2
    } else {
      out[last - i] = ch
      i++
    }
  }
  return out.join('')
}

const reverse = (s: string): string => Array.from(s).reverse().join('')

/** The shortest (or longest) matching suffix, found as a prefix of the reversed value. */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy))
}
