/**
 * `JSON.stringify(value, null, 2)`, in pieces: the reports run to tens of MiB (the JSON report of
 * 50,000 findings is 74 MiB, its SARIF 45 MiB), and one string of them, then its UTF-8 copy for the
 * write, cost more memory than the findings. The arrays at the given paths are written element by
 * element (an element may come from a generator, made only when it is written); every other value
 * is one `JSON.stringify`, indented to its depth, so the bytes and the escaping are JSON.stringify's
 * own. Pure: writeJsonFile (src/deliver.ts) writes the pieces.
 */

/** Keys from the top to an array written element by element; '*' is every element of an array. */
export type StreamPath = readonly string[]

const INDENT = '  '

/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
const isSkipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

/** One value at a depth: JSON.stringify's text with its line breaks indented to the depth. */
function whole(value: unknown, indent: string, inArray: boolean): string {
  if (isSkipped(value)) return inArray ? 'null' : ''
  const text = JSON.stringify(value, null, 2) as string | undefined
  if (text === undefined) return 'null'
  // A line break in JSON.stringify's output is always its own: breaks inside strings are escaped.
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  )
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value
}

/**
 * The pieces that, joined, are `JSON.stringify(value, null, 2)` with the arrays at `paths` given as
 * any iterable (an array or a generator). Paths are followed through plain objects and arrays only.
 */
export function* jsonPieces(value: unknown, paths: readonly StreamPath[], indent = ''): Generator<string> {
  const here = paths.filter(p => p.length > 0)
  const streamHere = paths.some(p => p.length === 0)
  if (streamHere && isIterable(value) && typeof value !== 'string') {
    yield* elements(value, indent)
    return
  }
  if (here.length === 0) {
    yield whole(value, indent, false)
    return
  }
  if (Array.isArray(value)) {
    const below = here.filter(p => p[0] === '*').map(p => p.slice(1))
    if (below.length === 0 || value.length === 0) return yield whole(value, indent, false)
    const inner = indent + INDENT
    yield '['
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`
      if (isSkipped(value[i])) yield 'null'
      else yield* jsonPieces(value[i], below, inner)
    }
    yield `\n${indent}]`
    return
  }
  if (!isPlainObject(value)) return yield whole(value, indent, false)
  const inner = indent + INDENT
  let first = true
  for (const key of Object.keys(value)) {
    const field = value[key]
    if (isSkipped(field)) continue
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `
    first = false
    yield* jsonPieces(
      field,
      here.filter(p => p[0] === key).map(p => p.slice(1)),
      inner
    )
  }
  yield first ? '{}' : `\n${indent}}`
}

/** An array given as an iterable, element by element: `[]` when it has none. */
function* elements(list: Iterable<unknown>, indent: string): Generator<string> {
  const inner = indent + INDENT
  let first = true
  for (const element of list) {
    yield `${first ? '[' : ','}\n${inner}`
    first = false
    yield whole(element, inner, true)
  }
  yield first ? '[]' : `\n${indent}]`
}
