/**
 * Manifest files read as kubectl reads them (`kubectl apply -f`), keeping every value's line:
 *
 * - documents are split where kubectl splits them: a line starting with `---` followed by nothing
 *   but spaces or a comment (k8s.io/apimachinery's YAML reader; `--- text` is an error there);
 * - each document is converted as sigs.k8s.io/yaml converts it with go-yaml v2: YAML 1.1 scalars
 *   (yaml11.ts), merge keys (`<<`) applied in document order (a merge written after a key overrides
 *   it, as go-yaml v2 does), duplicate keys resolved to the last value and reported, keys turned
 *   into JSON names, aliases expanded within go-yaml's aliasing budget.
 *
 * The syntax itself is parsed by the `yaml` package in YAML 1.1 mode; what it cannot parse (or
 * nests too deeply for it) is an error, never a silent pass. __tests__/k8s/oracle.test.ts compares
 * the result with kubectl's own reading of a corpus of real manifests.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml'
import type { Document, Node, YAMLMap } from 'yaml'
import { isMergeKey, jsonKey, resolveScalar, type ScalarValue } from './yaml11.js'

interface Lines {
  line: number
  endLine: number
}
interface KScalar extends Lines {
  kind: 'scalar'
  value: ScalarValue
}
interface KField {
  /** The line of the key (where the field is written). */
  keyLine: number
  node: KNode
}
export interface KMap extends Lines {
  kind: 'map'
  /** By JSON name; the last value written wins, as in kubectl. */
  fields: Map<string, KField>
}
interface KSeq extends Lines {
  kind: 'seq'
  items: KNode[]
}
export type KNode = KScalar | KMap | KSeq

/** A key written twice in one mapping. */
interface DuplicateKey {
  key: string
  /** Lines of the second key and of its value (go-yaml's strict mode names the value's line). */
  line: number
  valueLine: number
  firstLine: number
}

export interface KubeDocument {
  /** Lines of the document in the file, separators excluded. */
  startLine: number
  endLine: number
  /** The document's value; undefined when it is empty or could not be read. */
  root?: KNode
  /** Why the document could not be read as kubectl reads it (file line and reason). */
  error?: { line: number; message: string }
  duplicates: DuplicateKey[]
}

/** Go's unicode.IsSpace, which strings.TrimSpace uses on the text after `---`. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/

/** What follows `---` on a separator line: '' or a comment for a separator, else the offending text. */
function separatorRest(line: string): string | undefined {
  if (!line.startsWith('---')) return undefined
  const rest = line.slice(3).replace(GO_SPACE, '').trimEnd()
  return rest === '' || rest.startsWith('#') ? '' : rest
}

interface Chunk {
  text: string
  startLine: number
  endLine: number
  /** A `--- text` line kubectl refuses: the chunk starts with it. */
  badSeparator?: string
}

/** kubectl's document split (line based, `\r\n` read as `\n`). */
function chunks(text: string): Chunk[] {
  const lines = text.split('\n')
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  const out: Chunk[] = []
  let current: string[] = []
  let start = 1
  let bad: string | undefined
  const flush = (next: number) => {
    if (current.length > 0)
      out.push({ text: `${current.join('\n')}\n`, startLine: start, endLine: next - 1, badSeparator: bad })
    current = []
    bad = undefined
    start = next + 1
  }
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const rest = separatorRest(line)
    if (rest === '') return flush(i + 1)
    if (rest !== undefined) {
      // kubectl stops here ("invalid Yaml document separator"); the rest is still judged, as
      // other tools (kustomize, Helm) read a document start with content.
      flush(i + 1)
      start = i + 1
      bad = rest
    }
    current.push(line)
  })
  flush(lines.length + 1)
  return out
}

/** go-yaml v2's limit on alias expansion (decode operations coming from aliases). */
function aliasBudgetExceeded(decodes: number, fromAliases: number): boolean {
  if (fromAliases <= 100 || decodes <= 1000) return false
  const low = 400_000
  const high = 4_000_000
  const ratio = decodes <= low ? 0.99 : decodes >= high ? 0.1 : 0.99 - (0.89 * (decodes - low)) / (high - low)
  return fromAliases / decodes > ratio
}

class ReadError extends Error {
  constructor(
    message: string,
    readonly node?: unknown
  ) {
    super(message)
  }
}

/** Converts one parsed document to KNodes with go-yaml v2's semantics. */
class Converter {
  private decodes = 0
  private fromAliases = 0
  private aliasDepth = 0
  private readonly expanding = new Set<unknown>()
  readonly duplicates = new Map<string, DuplicateKey>()

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineOf: (offset: number) => number
  ) {}

  lines(node: unknown, fallback?: Lines): Lines {
    const range = (node as Node | null | undefined)?.range
    if (!range) return fallback ?? { line: this.lineOf(0), endLine: this.lineOf(0) }
    return { line: this.lineOf(range[0]), endLine: this.lineOf(Math.max(range[0], range[1] - 1)) }
  }

  private count(): void {
    this.decodes++
    if (this.aliasDepth > 0) this.fromAliases++
    if (aliasBudgetExceeded(this.decodes, this.fromAliases))
      throw new ReadError('document contains excessive aliasing')
  }

  /** Follows an alias as go-yaml does (a new copy each time, counted against the budget). */
  private expand<T>(alias: unknown, use: (target: unknown) => T): T {
    const target = (alias as { resolve(doc: Document.Parsed): unknown }).resolve(this.doc)
    const name = (alias as { source: string }).source
    if (target === undefined) throw new ReadError(`unknown anchor '${name}' referenced`, alias)
    if (this.expanding.has(target)) throw new ReadError(`anchor '${name}' value contains itself`, alias)
    this.expanding.add(target)
    this.aliasDepth++
    try {
      return use(target)
    } finally {
      this.aliasDepth--
      this.expanding.delete(target)
    }
  }

  /** The document's root (go-yaml counts the document itself as one decode). */
  document(root: unknown): KNode {
    this.count()
    return this.node(root)
  }

  node(n: unknown, parent?: Lines): KNode {
    this.count()
    if (isAlias(n)) return this.expand(n, target => this.node(target, parent))
    if (isMap(n)) return this.map(n, { kind: 'map', fields: new Map(), ...this.lines(n, parent) })
    if (isSeq(n)) {
      const lines = this.lines(n, parent)
      return { kind: 'seq', items: n.items.map(item => this.node(item, lines)), ...lines }
    }
    if (isScalar(n)) {
      const value = this.scalar(n)
      // sigs.k8s.io/yaml cannot write these as JSON: kubectl refuses the whole document.
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new ReadError(`json: unsupported value: ${value}`, n)
      return { kind: 'scalar', value, ...this.lines(n, parent) }
    }
    return { kind: 'scalar', value: null, ...(parent ?? this.lines(n)) }
  }

  private scalar(n: unknown): ScalarValue {
    const s = n as { source?: string; value: unknown; type?: string; tag?: string }
    const text = typeof s.source === 'string' ? s.source : String(s.value ?? '')
    try {
      return resolveScalar(text, s.type === 'PLAIN', s.tag)
    } catch (error) {
      throw new ReadError((error as Error).message, n)
    }
  }

  private key(n: unknown): string {
    this.count()
    const key = isAlias(n) ? this.expand(n, target => (this.count(), target)) : n
    if (isMap(key) || isSeq(key)) throw new ReadError('invalid map key: a mapping or sequence', n)
    try {
      return jsonKey(isScalar(key) ? this.scalar(key) : null)
    } catch (error) {
      throw new ReadError((error as Error).message, n)
    }
  }

  /** A mapping, written into `out` (a merge writes into the mapping that merges). */
  private map(n: YAMLMap, out: KMap): KMap {
    const written = new Map<string, number>()
    for (const pair of n.items) {
      const k = pair.key as { source?: string; type?: string; tag?: string } | null
      if (isScalar(k) && isMergeKey(String(k.source ?? k.value), k.type === 'PLAIN', k.tag)) {
        this.merge(pair.value, out)
        continue
      }
      const name = this.key(k)
      const keyLine = this.lines(k, out).line
      const node = this.node(pair.value, { line: keyLine, endLine: keyLine })
      const first = written.get(name)
      if (first !== undefined)
        this.duplicates.set(`${keyLine}:${name}`, {
          key: name,
          line: keyLine,
          valueLine: node.line,
          firstLine: first
        })
      written.set(name, keyLine)
      out.fields.set(name, { keyLine, node })
    }
    return out
  }

  private merge(value: unknown, out: KMap): void {
    const wantMap = () => new ReadError('map merge requires map or sequence of maps as the value', value)
    const mergeOne = (item: unknown) => {
      this.count()
      if (isAlias(item)) {
        this.expand(item, target => {
          if (!isMap(target)) throw wantMap()
          this.count()
          this.map(target, out)
        })
      } else if (isMap(item)) this.map(item, out)
      else throw wantMap()
    }
    if (isSeq(value)) {
      // Earlier mappings take precedence: go-yaml merges them last.
      for (const item of [...value.items].reverse()) mergeOne(item)
    } else mergeOne(value)
  }

  errorLine(error: unknown): number {
    return this.lines((error as ReadError).node).line
  }
}

function readChunk(chunk: Chunk): KubeDocument[] {
  const counter = new LineCounter()
  const lineOf = (offset: number) => chunk.startLine + counter.linePos(offset).line - 1
  const parsed = parseAllDocuments(chunk.text, {
    lineCounter: counter,
    version: '1.1',
    schema: 'failsafe',
    merge: false,
    uniqueKeys: false
  })
  const docs = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[]
  const out: KubeDocument[] = []
  for (const doc of docs) {
    const [start, , end] = doc.range
    const document: KubeDocument = {
      startLine: lineOf(start),
      endLine: lineOf(Math.max(start, end - 1)),
      duplicates: []
    }
    out.push(document)
    const [error] = doc.errors
    if (error) {
      const deep = /Maximum call stack size exceeded/.test(error.message)
      document.error = {
        // a syntax error found at the end of input is reported on the document's last line
        line: Math.min(lineOf(error.pos[0]), chunk.endLine),
        message: deep ? 'nested too deeply to read' : error.message.split('\n')[0]!
      }
      continue
    }
    if (doc.contents === null) continue
    const converter = new Converter(doc, lineOf)
    try {
      document.root = converter.document(doc.contents)
    } catch (error) {
      if (error instanceof RangeError)
        document.error = { line: document.startLine, message: 'nested too deeply to read' }
      else if (error instanceof ReadError)
        document.error = { line: converter.errorLine(error), message: error.message }
      else throw error
    }
    document.duplicates = [...converter.duplicates.values()]
  }
  if (chunk.badSeparator !== undefined) {
    const first = out[0] ?? { startLine: chunk.startLine, endLine: chunk.endLine, duplicates: [] }
    if (!out[0]) out.push(first)
    first.error ??= {
      line: chunk.startLine,
      message: `kubectl refuses a document separator followed by text: "--- ${chunk.badSeparator}"`
    }
  }
  return out
}

/**
 * Every document of a manifest file as kubectl reads it. `text` is the file decoded as kubectl
 * decodes it (see decodeManifest). Never throws on bad input: a document that cannot be read has
 * `error` set and the other documents are still read.
 */
export function readKubeDocuments(text: string): KubeDocument[] {
  return chunks(text).flatMap(readChunk)
}

/**
 * A file's bytes as kubectl reads them: UTF-8, a UTF-8 byte-order mark dropped, UTF-16 with a
 * byte-order mark converted (kubectl's file reader does both).
 */
export function decodeManifest(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8')
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)))
    swapped.swap16()
    return swapped.toString('utf16le')
  }
  return bytes.toString('utf8')
}

/** JSON text of a node, as kubectl sends it (numbers exact). */
export function jsonText(node: KNode): string {
  if (node.kind === 'map')
    return `{${[...node.fields].map(([k, f]) => `${JSON.stringify(k)}:${jsonText(f.node)}`).join(',')}}`
  if (node.kind === 'seq') return `[${node.items.map(jsonText).join(',')}]`
  const v = node.value
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : 'null'
  return JSON.stringify(v)
}
