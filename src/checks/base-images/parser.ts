/**
 * Splits a Dockerfile into instructions the way BuildKit's parser does (frontend/dockerfile/parser,
 * v0.34): a byte-order mark, the `# escape=` directive, line continuations with the escape token,
 * comment and blank lines inside continuations, builder flags (`--platform=…`), and heredoc bodies,
 * which are never instructions. Only what the base-image checks read is kept: every instruction's
 * name, flags and lines, and the arguments of FROM and ARG.
 */
import { processWord, ShellSyntaxError } from './shell-lex.js'

export interface Instruction {
  /** The instruction as written (`FROM`, `from`...). */
  command: string
  /** Arguments: FROM's split at white space, ARG's as `name[=value]` words (quotes kept). */
  args: string[]
  /** Builder flags as written after the instruction: `--platform=linux/arm64`, `--from=build`. */
  flags: string[]
  /** Everything after the flags as BuildKit joins it: continuation lines appended as written (their
   * indentation kept), comment lines inside dropped. An image's history repeats it (`created_by`). */
  text: string
  /** 1-based lines the instruction spans (heredoc bodies included). */
  startLine: number
  endLine: number
  /** For ONBUILD: the instruction it wraps. */
  child?: Instruction
}

export interface ParsedDockerfile {
  instructions: Instruction[]
  /** `\` or, after `# escape=``, a backtick. */
  escapeToken: string
}

/** A Dockerfile BuildKit refuses to parse: nothing is built from it. */
export class DockerfileSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message)
    this.name = 'DockerfileSyntaxError'
  }
}

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/
const DIRECTIVES = new Set(['syntax', 'escape', 'check'])
const WHITESPACE = /[\t\v\f\r ]+/
const HEREDOC = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/
const HEREDOC_COMMANDS = new Set(['add', 'copy', 'run'])
/** bufio.Scanner's limit: a longer line makes BuildKit refuse the file. */
const MAX_LINE_BYTES = 64 * 1024

const isSpace = (ch: string): boolean => /^\p{White_Space}$/u.test(ch)
const trimLeft = (s: string): string => s.replace(/^\p{White_Space}+/u, '')
const trim = (s: string): string => s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '')
const trimNewline = (s: string): string => s.replace(/[\r\n]+$/, '')
const isComment = (line: string): boolean => trimLeft(line).startsWith('#')
const regexEscape = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')

/** The parser directives at the top of the file: they end at the first line that is not one. */
class Directives {
  escapeToken = '\\'
  continuation = Directives.continuationRegex('\\')
  private done = false
  private readonly seen = new Set<string>()

  private static continuationRegex(e: string): RegExp {
    const t = regexEscape(e)
    return new RegExp(`([^${t}])${t}[ \\t]*$|^${t}[ \\t]*$`)
  }

  /** Reads a possible `# name=value` directive; an `escape` one changes the escape token. */
  read(line: string, lineNo: number): void {
    if (this.done) return
    if (!line.startsWith('#')) {
      this.done = true
      return
    }
    const match = DIRECTIVE.exec(trimLeft(line.slice(1)))
    const name = match?.[1]?.toLowerCase()
    if (!match || !name || !DIRECTIVES.has(name)) {
      this.done = true
      return
    }
    if (this.seen.has(name))
      throw new DockerfileSyntaxError(`only one ${name} parser directive can be used`, lineNo)
    this.seen.add(name)
    if (name !== 'escape') return
    const value = match[2]!
    if (value !== '`' && value !== '\\')
      throw new DockerfileSyntaxError(`invalid escape token '${value}' does not match \` or \\`, lineNo)
    this.escapeToken = value
    this.continuation = Directives.continuationRegex(value)
  }

  /** Strips a trailing escape token; false when the line continues on the next one. */
  trimContinuation(line: string): { text: string; ends: boolean } {
    if (!this.continuation.test(line)) return { text: line, ends: true }
    return { text: line.replace(this.continuation, '$1'), ends: false }
  }
}

/** Lines with their endings, as BuildKit's scanner yields them. */
function scanLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? []
  lines.forEach((line, i) => {
    if (Buffer.byteLength(line) > MAX_LINE_BYTES)
      throw new DockerfileSyntaxError(
        `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`,
        i + 1
      )
  })
  return lines
}

/** BuildKit's extractBuilderFlags: leading `--name=value` words (quotes and escapes allowed). */
function extractFlags(line: string, escapeToken: string): { rest: string; flags: string[] } {
  const flags: string[] = []
  let pos = 0
  for (;;) {
    while (pos < line.length && isSpace(line[pos]!)) pos++
    if (pos >= line.length) return { rest: '', flags }
    if (!line.startsWith('--', pos)) return { rest: line.slice(pos), flags }
    let word = ''
    let quote = ''
    let blankOk = false
    for (; pos < line.length; pos++) {
      let ch = line[pos]!
      if (quote === '' && isSpace(ch)) break
      if (quote === '' && (ch === "'" || ch === '"')) {
        ;[quote, blankOk] = [ch, true]
        continue
      }
      if (quote !== '' && ch === quote) {
        quote = ''
        continue
      }
      if (ch === escapeToken) {
        if (pos + 1 === line.length) {
          quote = ''
          continue
        }
        ch = line[++pos]!
      }
      word += ch
    }
    if (word === '--') return { rest: pos < line.length ? line.slice(pos) : '', flags }
    if (blankOk || word.length > 0) flags.push(word)
  }
}

/** BuildKit's parseWords (ARG): white-space separated words, quotes and escapes kept for the lexer. */
function parseWords(rest: string, escapeToken: string): string[] {
  const chars = Array.from(rest)
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote = ''
  let blankOk = false
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i]!
    if (!inWord && quote === '') {
      if (isSpace(ch)) continue
      inWord = true
    }
    if (quote === '') {
      if (isSpace(ch)) {
        if (blankOk || word.length > 0) words.push(word)
        ;[word, inWord, blankOk] = ['', false, false]
        continue
      }
      if (ch === "'" || ch === '"') [quote, blankOk] = [ch, true]
      if (ch === escapeToken) {
        if (i + 1 === chars.length) continue
        word += ch
        ch = chars[++i]!
      }
      word += ch
      continue
    }
    if (ch === quote) quote = ''
    else if (ch === escapeToken && quote !== "'") {
      if (i + 1 === chars.length) continue
      word += ch
      ch = chars[++i]!
    }
    word += ch
  }
  if ((inWord || quote !== '') && (blankOk || word.length > 0)) words.push(word)
  return words
}

/** Whether `rest` is a JSON string array (the exec form); a JSON array of anything else is an error. */
function isJsonForm(rest: string, line: number): boolean {
  const text = trimLeft(rest)
  if (!text.startsWith('[')) return false
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return false
  }
  if (!Array.isArray(parsed)) return false
  if (parsed.some(v => typeof v !== 'string'))
    throw new DockerfileSyntaxError(
      'when using JSON array syntax, arrays must be comprised of strings only',
      line
    )
  return true
}

function newInstruction(line: string, d: Directives, startLine: number): Instruction & { json: boolean } {
  const text = trim(line)
  const gap = WHITESPACE.exec(text)
  const command = gap ? text.slice(0, gap.index) : text
  const { rest, flags } = gap
    ? extractFlags(text.slice(gap.index + gap[0].length), d.escapeToken)
    : { rest: '', flags: [] }
  const args = trim(rest)
  const name = command.toLowerCase()
  const out = { command, args: [] as string[], flags, text: args, startLine, endLine: startLine, json: false }
  if (name === 'from') out.args = args === '' ? [] : args.split(WHITESPACE)
  else if (name === 'arg') out.args = parseWords(args, d.escapeToken)
  else if (name === 'onbuild' && args !== '') return { ...out, child: newInstruction(args, d, startLine) }
  else if (['run', 'cmd', 'entrypoint', 'shell', 'add', 'copy', 'volume'].includes(name))
    out.json = args !== '' && isJsonForm(args, startLine)
  return out
}

/** The heredocs a RUN/COPY/ADD line opens (`<<EOF`, `<<-EOF`, `<<"EOF"`), in order. */
function heredocsOf(line: string, lineNo: number): Array<{ name: string; chomp: boolean }> {
  const lex = { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }
  let words: string[]
  try {
    words = processWord(line, new Map(), lex).words
  } catch {
    return []
  }
  const docs: Array<{ name: string; chomp: boolean }> = []
  for (const word of words) {
    const m = HEREDOC.exec(word)
    if (!m || m[3] === '') continue
    try {
      const plain = processWord(m[3]!, new Map(), { skipUnsetEnv: true }).words
      if (plain.length !== 1) continue
      const raw = processWord(m[3]!, new Map(), { skipUnsetEnv: true, rawQuotes: true }).words
      if (raw.length !== plain.length)
        throw new DockerfileSyntaxError(
          `internal lexing of heredoc produced inconsistent results: ${m[3]}`,
          lineNo
        )
      docs.push({ name: plain[0]!, chomp: m[2] === '-' })
    } catch (error) {
      if (error instanceof ShellSyntaxError) throw new DockerfileSyntaxError(error.message, lineNo)
      throw error
    }
  }
  return docs
}

function canContainHeredoc(ins: Instruction & { json: boolean }): boolean {
  const target = ins.command.toLowerCase() === 'onbuild' && ins.child ? (ins.child as typeof ins) : ins
  return HEREDOC_COMMANDS.has(target.command.toLowerCase()) && !target.json
}

/** Parses a Dockerfile as BuildKit does; throws DockerfileSyntaxError where BuildKit refuses it. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = scanLines(text.startsWith('\uFEFF') ? text.slice(1) : text)
  const d = new Directives()
  const instructions: Instruction[] = []
  let current = 0
  let i = 0
  const nextRaw = (): string | undefined => (i < lines.length ? lines[i++] : undefined)
  const processLine = (raw: string, stripLeft: boolean): string => {
    let token = trimNewline(raw)
    if (stripLeft) token = trimLeft(token)
    d.read(token, current + 1)
    return isComment(token) ? '' : token
  }
  for (let raw = nextRaw(); raw !== undefined; raw = nextRaw()) {
    const first = processLine(raw, true)
    current++
    const startLine = current
    let { text: buf, ends } = d.trimContinuation(first)
    if (ends && buf.length === 0) continue
    while (!ends) {
      const more = nextRaw()
      if (more === undefined) break
      const piece = processLine(more, false)
      current++
      if (isComment(more) || trimLeft(trimNewline(piece)).length === 0) continue
      const cont = d.trimContinuation(piece)
      buf += cont.text
      ends = cont.ends
    }
    const ins = newInstruction(buf, d, startLine)
    if (canContainHeredoc(ins) && buf.includes('<<')) {
      for (const doc of heredocsOf(buf, startLine)) {
        let terminated = false
        for (let body = nextRaw(); body !== undefined; body = nextRaw()) {
          current++
          let candidate = trimNewline(body)
          if (doc.chomp) candidate = candidate.replace(/^\t+/, '')
          if (candidate === doc.name) {
            terminated = true
            break
          }
        }
        if (!terminated) throw new DockerfileSyntaxError('unterminated heredoc', startLine)
      }
    }
    const { json: _json, ...instruction } = ins
    instructions.push({ ...instruction, endLine: current })
  }
  if (instructions.length === 0) throw new DockerfileSyntaxError('file with no instructions', current)
  return { instructions, escapeToken: d.escapeToken }
}

/**
 * The frontend image a `# syntax=` directive names (BuildKit's DetectSyntax): after an optional
 * byte-order mark and `#!` line, in the leading `#` directives, else `//` ones, else a JSON file's
 * "syntax" key. BuildKit pulls that image and lets it build instead of its own Dockerfile frontend.
 */
export function detectSyntax(text: string): { ref: string; line: number } | undefined {
  let data = text.startsWith('\uFEFF') ? text.slice(1) : text
  let offset = 0
  const firstEnd = data.indexOf('\n')
  if (data.startsWith('#!')) {
    data = firstEnd < 0 ? '' : data.slice(firstEnd + 1)
    offset = 1
  }
  for (const comment of ['#', '//']) {
    const found = leadingDirective(data, comment, 'syntax')
    if (found) return { ref: found.value.split(' ')[0]!, line: found.line + offset }
  }
  try {
    const json: unknown = JSON.parse(data)
    const value = (json as Record<string, unknown> | null)?.syntax
    if (json && typeof json === 'object' && !Array.isArray(json) && typeof value === 'string')
      return { ref: value, line: offset }
  } catch {
    // not JSON: no syntax directive
  }
  return undefined
}

/** BuildKit's DirectiveParser.ParseAll for one comment prefix: the directive `key`, if set. */
function leadingDirective(
  data: string,
  comment: string,
  key: string
): { value: string; line: number } | undefined {
  const seen = new Set<string>()
  const lines = data.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '')
    if (!line.startsWith(comment)) return undefined
    const match = DIRECTIVE.exec(trimLeft(line.slice(comment.length)))
    const name = match?.[1]?.toLowerCase()
    if (!match || !name || !DIRECTIVES.has(name) || seen.has(name)) return undefined
    seen.add(name)
    if (name === key) return { value: match[2]!, line: i + 1 }
  }
  return undefined
}
