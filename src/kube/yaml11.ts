/**
 * Scalars resolved the way Kubernetes resolves them. kubectl converts YAML to JSON with
 * sigs.k8s.io/yaml, which decodes with go-yaml v2 (go.yaml.in/yaml/v2): YAML 1.1 booleans (yes, on,
 * y...), Go's integer syntax (0x1F, 0o17, 017 octal, 0b101, underscores ignored), floats without a
 * dot (129e6), no sexagesimal numbers, timestamps kept as strings. The differential tests
 * (__tests__/k8s/oracle.test.ts) hold this module to kubectl's own answers.
 */

/** A resolved scalar: YAML ints as bigint (exact, as Go keeps them), floats as number. */
export type ScalarValue = null | boolean | string | bigint | number

/** A scalar go-yaml v2 refuses (a tag its text does not fit, bad base64): kubectl cannot read it. */
class ScalarError extends Error {}

const TAG = 'tag:yaml.org,2002:'
const TAGS = {
  str: `${TAG}str`,
  bool: `${TAG}bool`,
  int: `${TAG}int`,
  float: `${TAG}float`,
  null: `${TAG}null`,
  timestamp: `${TAG}timestamp`,
  binary: `${TAG}binary`,
  merge: `${TAG}merge`
} as const

const RESOLVABLE = new Set<string>(['', TAGS.str, TAGS.bool, TAGS.int, TAGS.float, TAGS.null, TAGS.timestamp])

/** Words go-yaml v2 resolves by table, and the tag each resolves to. */
const WORDS = new Map<string, { tag: string; value: ScalarValue }>()
const words = (tag: string, value: ScalarValue, list: string) => {
  for (const w of list.split(' ')) WORDS.set(w, { tag, value })
}
words(TAGS.bool, true, 'y Y yes Yes YES true True TRUE on On ON')
words(TAGS.bool, false, 'n N no No NO false False FALSE off Off OFF')
words(TAGS.null, null, '~ null Null NULL')
WORDS.set('', { tag: TAGS.null, value: null })
words(TAGS.float, NaN, '.nan .NaN .NAN')
words(TAGS.float, Infinity, '.inf .Inf .INF +.inf +.Inf +.INF')
words(TAGS.float, -Infinity, '-.inf -.Inf -.INF')
WORDS.set('<<', { tag: TAGS.merge, value: '<<' })

/** go-yaml's first-character hint: which resolutions are worth trying. */
function hint(text: string): 'word' | 'number' | 'dot' | undefined {
  if (text === '') return 'word'
  const c = text[0]!
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) return 'number'
  if ('yYnNtTfFoO~'.includes(c)) return 'word'
  if (c === '.') return 'dot'
  return undefined
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const UINT64_MAX = 2n ** 64n - 1n
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }

/** Go's strconv.ParseUint(s, 0, 64) or ParseInt(s, 0, 64) (signed): base prefixes 0x, 0o, 0b, 0. */
function goParseInt(s: string, signed: boolean): bigint | undefined {
  let sign = 1n
  let rest = s
  if (signed && (rest[0] === '+' || rest[0] === '-')) {
    if (rest[0] === '-') sign = -1n
    rest = rest.slice(1)
  }
  if (rest === '') return undefined
  let base = 10
  if (rest[0] === '0') {
    const p = rest[1]?.toLowerCase()
    if (rest.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
      base = p === 'b' ? 2 : p === 'o' ? 8 : 16
      rest = rest.slice(2)
    } else {
      base = 8
      rest = rest.slice(1)
      if (rest === '') return 0n
    }
  }
  if (!DIGITS[base]!.test(rest)) return undefined
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : ''
  const n = sign * BigInt(prefix + rest)
  if (signed ? n < INT64_MIN || n > INT64_MAX : n > UINT64_MAX) return undefined
  return n
}

/** Go's strconv.ParseFloat(s, 64) for the decimal forms go-yaml lets through; undefined on
 * overflow (Go reports ErrRange and go-yaml then keeps the text as a string). */
function goParseFloat(s: string): number | undefined {
  if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

/** The date forms go-yaml v2 recognizes (YYYY-M-D, optionally with a time); kept as strings. */
const TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| )\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?)?$/

function resolvePlain(tag: string, text: string): { tag: string; value: ScalarValue } {
  const h = hint(text)
  if (h === undefined || tag === TAGS.str) return { tag: TAGS.str, value: text }
  const word = WORDS.get(text)
  if (word) return word
  if (h === 'dot') {
    const f = goParseFloat(text)
    if (f !== undefined) return { tag: TAGS.float, value: f }
  } else if (h === 'number') {
    if ((tag === '' || tag === TAGS.timestamp) && TIMESTAMP.test(text))
      return { tag: TAGS.timestamp, value: text }
    const plain = text.replace(/_/g, '')
    const int = goParseInt(plain, true) ?? goParseInt(plain, false)
    if (int !== undefined) return { tag: TAGS.int, value: int }
    const f = goParseFloat(plain)
    if (f !== undefined) return { tag: TAGS.float, value: f }
    const binary = /^(-?)0b([01]+)$/.exec(plain)
    if (binary) {
      const n = BigInt(`0b${binary[2]}`) * (binary[1] ? -1n : 1n)
      if (n >= INT64_MIN && n <= UINT64_MAX) return { tag: TAGS.int, value: n }
    }
  }
  return { tag: TAGS.str, value: text }
}

const short = (tag: string) => (tag.startsWith(TAG) ? `!!${tag.slice(TAG.length)}` : tag)

/**
 * What go-yaml v2 makes of a scalar: `text` is its value (quotes and escapes already resolved),
 * `plain` whether it was written without quotes or block indicators, `tag` its explicit tag (long
 * form, `tag:yaml.org,2002:int`) if any. Throws ScalarError where go-yaml fails.
 */
export function resolveScalar(text: string, plain: boolean, tag: string | undefined): ScalarValue {
  if (!tag && !plain) return text
  const given = tag ?? ''
  if (given === TAGS.binary) {
    const clean = text.replace(/\s/g, '')
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean))
      throw new ScalarError('!!binary value contains invalid base64 data')
    return Buffer.from(clean, 'base64').toString('latin1')
  }
  if (!RESOLVABLE.has(given)) return text
  const resolved = resolvePlain(given, text)
  if (given === '' || given === resolved.tag || given === TAGS.str) return resolved.value
  if (given === TAGS.float && resolved.tag === TAGS.int) return Number(resolved.value)
  throw new ScalarError(`cannot decode ${short(resolved.tag)} \`${text}\` as a ${short(given)}`)
}

/** Whether a mapping key is go-yaml's merge key (`<<` written plain, or tagged !!merge). */
export function isMergeKey(text: string, plain: boolean, tag: string | undefined): boolean {
  return text === '<<' && ((plain && !tag) || tag === TAGS.merge)
}

/** A float as Go's encoding/json prints it (shortest form; exponent below 1e-6 and from 1e21). */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new ScalarError(`json: unsupported value: ${f}`)
  return Object.is(f, -0) ? '-0' : String(f)
}

/**
 * A resolved scalar used as a mapping key, as sigs.k8s.io/yaml names it in JSON: booleans and
 * numbers become their text (floats in Go's float32 %g form). Null keys are refused there.
 */
export function jsonKey(value: ScalarValue): string {
  if (value === null) throw new ScalarError('unsupported map key of type: <nil>')
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (Number.isNaN(value)) return '.nan'
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf'
  return float32G(value)
}

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that read back as the same float32. */
function float32G(f: number): string {
  const f32 = Math.fround(f)
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0'
  let digits = ''
  let exp = 0
  for (let p = 1; p <= 9; p++) {
    const e = f32.toExponential(p - 1)
    if (Math.fround(Number(e)) === f32) {
      const [m, x] = e.split('e')
      digits = m!.replace('-', '').replace('.', '')
      exp = Number(x)
      break
    }
  }
  const sign = f32 < 0 ? '-' : ''
  // %g with the shortest precision switches to an exponent below 1e-4 and from 1e6.
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const e = Math.abs(exp)
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
}
