/**
 * BuildKit's shell lexer (frontend/dockerfile/shell, v0.34): how a Dockerfile word such as a FROM
 * image or an ARG default is unquoted and has its `$VAR` / `${VAR…}` references expanded. Written
 * after BuildKit's lex.go, quirks included, and checked against it by the differential tests: a
 * base-image allowlist is only as good as this reading.
 */

/** Variables visible to the word; a name that is absent is unset (distinct from set-but-empty). */
export type Env = ReadonlyMap<string, string>

export interface LexOptions {
  /** The Dockerfile's escape token: `\` by default, or `` ` `` after `# escape=``. */
  escapeToken?: string
  /** Keep quote characters in the result (the heredoc parser's mode). */
  rawQuotes?: boolean
  /** Keep escape tokens in the result (the heredoc parser's mode). */
  rawEscapes?: boolean
  /** Leave references to unset variables as written instead of expanding them to ''. */
  skipUnsetEnv?: boolean
}

export interface WordResult {
  /** The word unquoted and expanded. */
  value: string
  /** The word split into fields (white space outside quotes separates them). */
  words: string[]
  /** Variables referenced that were set. */
  matched: Set<string>
  /** Variables referenced that were unset (expanded as ''). */
  unmatched: Set<string>
}

import {
  expandTemplate,
  ShellSyntaxError,
  shellPatternToRegex,
  trimPrefix,
  trimSuffix
} from './shell-pattern.js'

export { ShellSyntaxError }

const EOF = ''
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0'])
const isSpace = (ch: string): boolean => ch !== EOF && /^\p{White_Space}$/u.test(ch)
const isLetter = (ch: string): boolean => ch !== EOF && /^\p{L}$/u.test(ch)
const isDigit = (ch: string): boolean => ch !== EOF && /^\p{Nd}$/u.test(ch)

/** Go's `strings.Builder` shared by every nesting level, as BuildKit's `shellWord.wordsBuffer` is:
 * a nested `${VAR:-word}` resets it, which shows in the field splitting. */
class WordBuffer {
  text = ''
}

/** Field splitting of one processStopOn call (BuildKit's wordsStruct). */
class Fields {
  words: string[] = []
  inWord = false
  constructor(private readonly buf: WordBuffer) {}
  addChar(ch: string): void {
    if (isSpace(ch) && this.inWord) {
      if (this.buf.text.length !== 0) {
        this.words.push(this.buf.text)
        this.buf.text = ''
        this.inWord = false
      }
    } else if (!isSpace(ch)) this.addRawChar(ch)
  }
  addRawChar(ch: string): void {
    this.buf.text += ch
    this.inWord = true
  }
  addString(s: string): void {
    for (const ch of s) this.addChar(ch)
  }
  addRawString(s: string): void {
    this.buf.text += s
    this.inWord = true
  }
  get(): string[] {
    if (this.buf.text.length > 0) {
      this.words.push(this.buf.text)
      this.buf.text = ''
      this.inWord = false
    }
    return this.words
  }
}

class ShellWord {
  private readonly chars: string[]
  private pos = 0
  private readonly buf = new WordBuffer()
  private rawEscapes: boolean
  readonly matched = new Set<string>()
  readonly unmatched = new Set<string>()

  constructor(
    word: string,
    private readonly env: Env,
    private readonly opts: Required<LexOptions>
  ) {
    this.chars = Array.from(word)
    this.rawEscapes = opts.rawEscapes
  }

  private peek(): string {
    return this.chars[this.pos] ?? EOF
  }
  private next(): string {
    return this.pos < this.chars.length ? this.chars[this.pos++]! : EOF
  }

  process(): { value: string; words: string[] } {
    return this.processStopOn(EOF, this.rawEscapes, false)
  }

  /** Reads until `stop` (or the end); `rawEscapes` keeps escape tokens, `preservePatternEscapes`
   * doubles them inside quotes so a `${VAR#pattern}` pattern can be read again. */
  private processStopOn(
    stop: string,
    rawEscapes: boolean,
    preservePatternEscapes: boolean
  ): { value: string; words: string[] } {
    let result = ''
    this.buf.text = ''
    const fields = new Fields(this.buf)
    const saved = this.rawEscapes
    this.rawEscapes = rawEscapes
    try {
      while (this.peek() !== EOF) {
        let ch = this.peek()
        if (stop !== EOF && ch === stop) {
          this.next()
          return { value: result, words: fields.get() }
        }
        const special = this.special(ch, preservePatternEscapes)
        if (special !== undefined) {
          const text = special()
          result += text
          if (ch === '$') fields.addString(text)
          else fields.addRawString(text)
          continue
        }
        ch = this.next()
        if (ch === this.opts.escapeToken) {
          if (this.rawEscapes) {
            fields.addRawChar(ch)
            result += ch
          }
          ch = this.next()
          if (ch === EOF) break
          fields.addRawChar(ch)
        } else fields.addChar(ch)
        result += ch
      }
      if (stop !== EOF)
        throw new ShellSyntaxError(`unexpected end of statement while looking for matching ${stop}`)
      return { value: result, words: fields.get() }
    } finally {
      if (rawEscapes !== saved) this.rawEscapes = saved
    }
  }

  private special(ch: string, preservePatternEscapes: boolean): (() => string) | undefined {
    if (ch === '$') return () => this.processDollar()
    if (ch === '<') return () => this.processPossibleHeredoc()
    if (ch === "'") return () => this.processSingleQuote(preservePatternEscapes)
    if (ch === '"') return () => this.processDoubleQuote(preservePatternEscapes)
    return undefined
  }

  private processSingleQuote(preservePatternEscapes: boolean): string {
    let result = ''
    const open = this.next()
    if (this.opts.rawQuotes) result += open
    for (;;) {
      const ch = this.next()
      if (ch === EOF)
        throw new ShellSyntaxError('unexpected end of statement while looking for matching single-quote')
      if (ch === "'") return this.opts.rawQuotes ? result + ch : result
      if (preservePatternEscapes && ch === this.opts.escapeToken) result += ch
      result += ch
    }
  }

  private processDoubleQuote(preservePatternEscapes: boolean): string {
    let result = ''
    const open = this.next()
    if (this.opts.rawQuotes) result += open
    for (;;) {
      const peeked = this.peek()
      if (peeked === EOF)
        throw new ShellSyntaxError('unexpected end of statement while looking for matching double-quote')
      if (peeked === '"') {
        const close = this.next()
        return this.opts.rawQuotes ? result + close : result
      }
      if (peeked === '$') {
        result += this.processDollar()
        continue
      }
      let ch = this.next()
      if (ch === this.opts.escapeToken) {
        const after = this.peek()
        if (after === EOF) continue // an escape at the very end is dropped
        if (after === '"' || after === '$' || after === this.opts.escapeToken) {
          if (this.rawEscapes) result += ch
          ch = this.next()
        } else if (this.rawEscapes && (!this.opts.rawQuotes || preservePatternEscapes)) {
          result += ch // other escapes stay literal (and are written once more for patterns)
        }
      }
      result += ch
    }
  }

  private processName(): string {
    let name = ''
    while (this.peek() !== EOF) {
      const ch = this.peek()
      if (name.length === 0 && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += this.next()
        return name
      }
      if (name.length === 0 && SPECIAL_PARAMS.has(ch)) return this.next()
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break
      name += this.next()
    }
    return name
  }

  private getEnv(name: string): { value: string; set: boolean } {
    const value = this.env.get(name)
    if (value !== undefined) {
      this.matched.add(name)
      return { value, set: true }
    }
    this.unmatched.add(name)
    return { value: '', set: false }
  }

  private processDollar(): string {
    this.next()
    if (this.peek() !== '{') {
      const name = this.processName()
      if (name === '') return '$'
      const { value, set } = this.getEnv(name)
      return !set && this.opts.skipUnsetEnv ? `$${name}` : value
    }
    this.next()
    const first = this.peek()
    if (first === EOF) throw new ShellSyntaxError("syntax error: missing '}'")
    if (first === '{' || first === '}' || first === ':')
      throw new ShellSyntaxError('syntax error: bad substitution')
    const name = this.processName()
    let ch = this.next()
    let modifier = ch
    if (ch === '}') {
      const { value, set } = this.getEnv(name)
      return !set && this.opts.skipUnsetEnv ? `\${${name}}` : value
    }
    if (ch === '/') return this.processReplace(name)
    let nullIsUnset = false
    if (ch === ':') {
      nullIsUnset = true
      ch = this.next()
      modifier += ch
    }
    if (!['+', '-', '?', '#', '%'].includes(ch))
      throw new ShellSyntaxError(`unsupported modifier (${modifier}) in substitution`)
    return this.processModifier(name, ch, modifier, nullIsUnset)
  }

  /** `${VAR-word}`, `${VAR:-word}`, `+`, `?`, and the pattern removals `#`, `##`, `%`, `%%`. */
  private processModifier(name: string, ch: string, modifier: string, nullIsUnset: boolean): string {
    const pattern = ch === '#' || ch === '%'
    if (nullIsUnset && pattern)
      throw new ShellSyntaxError(`unsupported modifier (${modifier}) in substitution`)
    let word: string
    try {
      word = this.processStopOn('}', pattern, pattern).value
    } catch (error) {
      if (this.peek() === EOF) throw new ShellSyntaxError("syntax error: missing '}'")
      throw error
    }
    const { value, set } = this.getEnv(name)
    if (this.opts.skipUnsetEnv && !set) return `\${${name}${modifier}${word}}`
    const empty = !set || (nullIsUnset && value === '')
    switch (ch) {
      case '-':
        return empty ? word : value
      case '+':
        return empty ? '' : word
      case '?':
        if (!set) throw new ShellSyntaxError(`${name}: ${word || 'is not allowed to be unset'}`)
        if (nullIsUnset && value === '')
          throw new ShellSyntaxError(`${name}: ${word || 'is not allowed to be empty'}`)
        return value
      default: {
        const greedy = word.length > 0 && word[0] === ch
        const p = greedy ? word.slice(1) : word
        return ch === '%' ? trimSuffix(p, value, greedy) : trimPrefix(p, value, greedy)
      }
    }
  }

  /** `${VAR/pattern/replacement}` and `${VAR//pattern/replacement}`. */
  private processReplace(name: string): string {
    const all = this.peek() === '/'
    if (all) this.next()
    let pattern: string
    let replacement: string
    try {
      pattern = this.processStopOn('/', true, true).value
    } catch (error) {
      if (this.peek() === EOF) throw new ShellSyntaxError("syntax error: missing '/' in ${}")
      throw error
    }
    try {
      replacement = this.processStopOn('}', true, false).value
    } catch (error) {
      if (this.peek() === EOF) throw new ShellSyntaxError("syntax error: missing '}'")
      throw error
    }
    const { value, set } = this.getEnv(name)
    if (this.opts.skipUnsetEnv && !set) return `\${${name}/${pattern}/${replacement}}`
    const re = shellPatternToRegex(pattern, true, false)
    if (all) return value.replace(new RegExp(re.source, 'gu'), match => expandTemplate(replacement, match))
    const m = re.exec(value)
    return m ? value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length) : value
  }

  private processPossibleHeredoc(): string {
    this.next()
    if (this.peek() !== '<') return '<'
    this.next()
    let space = ''
    while (['\t', '\r', ' '].includes(this.peek())) space += this.next()
    return `<<${space}`
  }
}

/** Unquotes and expands one word as BuildKit does; throws ShellSyntaxError where BuildKit fails. */
export function processWord(word: string, env: Env, options: LexOptions = {}): WordResult {
  const sw = new ShellWord(word, env, {
    escapeToken: options.escapeToken ?? '\\',
    rawQuotes: options.rawQuotes ?? false,
    rawEscapes: options.rawEscapes ?? false,
    skipUnsetEnv: options.skipUnsetEnv ?? false
  })
  try {
    const { value, words } = sw.process()
    return { value, words, matched: sw.matched, unmatched: sw.unmatched }
  } catch (error) {
    if (error instanceof ShellSyntaxError)
      throw new ShellSyntaxError(`failed to process "${word}": ${error.message}`)
    throw error
  }
}
