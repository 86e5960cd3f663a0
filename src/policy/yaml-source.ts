/**
 * Reading YAML the user wrote, with line numbers: every error names the file and line, and a
 * misspelt key gets a suggestion instead of being silently ignored.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml'
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml'
import { ConfigurationError } from '../errors.js'

/** Edit distance (insertions, deletions, substitutions), for "did you mean" suggestions. */
function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]!
}

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(w.length / 3)) + 1
  for (const c of candidates) {
    const d = levenshtein(w, c.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [c, d]
  }
  return best
}

/** A YAML text being read: knows its file name and turns offsets into line numbers. */
export class YamlSource {
  readonly lines = new LineCounter()
  constructor(
    readonly file: string,
    readonly text: string
  ) {}

  line(node: { range?: [number, number, number] | null } | null | undefined): number | undefined {
    const offset = node?.range?.[0]
    return offset === undefined ? undefined : this.lines.linePos(offset).line
  }

  where(node: { range?: [number, number, number] | null } | null | undefined): string {
    const line = this.line(node)
    return line === undefined ? this.file : `${this.file}:${line}`
  }

  error(
    node: { range?: [number, number, number] | null } | null | undefined,
    message: string
  ): ConfigurationError {
    return new ConfigurationError(`${this.where(node)}: ${message}`)
  }

  /** Parses one YAML document; syntax errors, duplicate keys and anchors/aliases are errors. */
  parse(): Document.Parsed {
    const doc = parseDocument(this.text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true
    })
    const [first] = doc.errors
    if (first) {
      const line = this.lines.linePos(first.pos[0]).line
      const message =
        first.code === 'MULTIPLE_DOCS'
          ? 'it holds more than one YAML document (---)'
          : first.message.split('\n')[0]
      throw new ConfigurationError(`${this.file}:${line}: the file is not valid YAML: ${message}`)
    }
    return doc
  }

  /** Rejects anchors and aliases anywhere below `node`: a policy has no use for them, and refusing
   * them rules out alias-expansion bombs in untrusted YAML. */
  noAliases(node: unknown): void {
    if (isAlias(node))
      throw this.error(node as Node, 'YAML aliases (*name) are not supported here; write the value out')
    if (isMap(node) || isSeq(node)) {
      for (const item of (node as YAMLMap | YAMLSeq).items) {
        if (isSeq(node)) this.noAliases(item)
        else {
          this.noAliases((item as Pair).key)
          this.noAliases((item as Pair).value)
        }
      }
    }
  }

  /** The pairs of a mapping, keys unchecked. */
  pairs(
    node: unknown,
    what: string,
    accepted?: readonly string[]
  ): Array<{ key: string; keyNode: Node; value: unknown }> {
    if (!isMap(node))
      throw this.error(
        node as Node,
        `${what} must be a mapping${accepted ? ` with the keys ${accepted.join(', ')}` : ''}`
      )
    return node.items.map(pair => {
      const keyNode = pair.key as Node
      return { key: isScalar(keyNode) ? String(keyNode.value) : '', keyNode, value: pair.value }
    })
  }

  /** The pairs of a mapping, each key checked against `accepted` (case-sensitive). */
  entries(
    node: unknown,
    what: string,
    accepted: readonly string[]
  ): Array<{ key: string; keyNode: Node; value: unknown }> {
    const out = this.pairs(node, what, accepted)
    for (const { key, keyNode } of out) {
      if (!accepted.includes(key)) {
        const hint = suggest(key, accepted)
        throw this.error(
          keyNode,
          `unknown key '${key}' in ${what}.${hint ? ` Did you mean '${hint}'?` : ''} Accepted keys: ${accepted.join(', ')}.`
        )
      }
    }
    return out
  }

  string(node: unknown, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '')
      throw this.error(node as Node, `${what} must be a non-empty string`)
    return node.value.trim()
  }

  boolean(node: unknown, what: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean')
      throw this.error(node as Node, `${what} must be true or false, not ${describe(node)}`)
    return node.value
  }

  sequence(node: unknown, what: string): unknown[] {
    if (isScalar(node) && node.value === null) return []
    if (!isSeq(node)) throw this.error(node as Node, `${what} must be a list`)
    return node.items
  }
}

/** A short description of a node's value for error messages. */
export function describe(node: unknown): string {
  if (isScalar(node)) return JSON.stringify(node.value) ?? String(node.value)
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  return 'nothing'
}
