/**
 * Kubernetes resource quantities, read with the whole grammar of k8s.io/apimachinery's
 * resource.ParseQuantity, so a limit the API server accepts is one this action accepts, with the
 * value the API server holds:
 *
 *   quantity ::= [+-] number suffix         number ::= digits | digits.digits | digits. | .digits
 *   suffix   ::= Ki|Mi|Gi|Ti|Pi|Ei | n|u|m|""|k|M|G|T|P|E | (e|E) signed-integer
 *
 * ".5" is 0.5, "2." is 2, "+1" is 1, "129e6" is 129,000,000. Like Kubernetes, values are rounded up
 * to a nano-unit and binary-suffixed values are capped at 2^63-1. Values are exact (bigint decimals).
 */

/** An exact decimal: unscaled × 10^-scale. `huge` marks exponents too large to expand (beyond
 * 10^10000): larger than any limit a policy can set. */
export interface Quantity {
  unscaled: bigint
  scale: number
  huge?: boolean
}

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18
}
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }
const SUFFIX_CHARS = 'eEinumkKMGTP'
const INT64_MAX = 2n ** 63n - 1n
/** Beyond this, an exponent is not expanded (10^10000 already exceeds any limit). */
const EXPONENT_LIMIT = 10_000

interface Parts {
  negative: boolean
  /** The number as written, sign included (what Kubernetes re-parses on its exact path). */
  value: string
  num: string
  denom: string
  suffix: string
}

/** Splits a quantity into sign, digits and suffix; undefined when the suffix is malformed. */
function split(str: string): Parts | undefined {
  let pos = 0
  const negative = str[0] === '-'
  if (str[0] === '-' || str[0] === '+') pos++
  while (pos < str.length && str[pos] === '0') pos++
  if (pos >= str.length) return { negative, value: '0', num: '0', denom: '', suffix: '' }
  const numStart = pos
  while (pos < str.length && str[pos]! >= '0' && str[pos]! <= '9') pos++
  const num = str.slice(numStart, pos) || '0'
  let denom = ''
  if (str[pos] === '.') {
    const start = ++pos
    while (pos < str.length && str[pos]! >= '0' && str[pos]! <= '9') pos++
    denom = str.slice(start, pos)
  }
  const value = str.slice(0, pos)
  const suffixStart = pos
  while (pos < str.length && SUFFIX_CHARS.includes(str[pos]!)) pos++
  if (str[pos] === '-' || str[pos] === '+') pos++
  while (pos < str.length && str[pos]! >= '0' && str[pos]! <= '9') pos++
  if (pos < str.length) return undefined
  return { negative, value, num, denom, suffix: str.slice(suffixStart) }
}

/** The suffix's base and exponent; an `e`/`E` exponent is Go's int64, then truncated to int32 as
 * Kubernetes does. */
function interpret(suffix: string): { base: 2 | 10; exponent: number; binary: boolean } | undefined {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, binary: false }
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix]!, binary: true }
  if (
    suffix.length > 1 &&
    (suffix[0] === 'e' || suffix[0] === 'E') &&
    /^[+-]?[0-9]+$/.test(suffix.slice(1))
  ) {
    const parsed = BigInt(suffix.slice(1))
    if (parsed > INT64_MAX || parsed < -INT64_MAX - 1n) return undefined
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), binary: false }
  }
  return undefined
}

/** Rounds a non-negative decimal up to at most 9 decimal places (Kubernetes' nano precision). */
function roundUpToNano(q: Quantity): Quantity {
  if (q.scale <= 9 || q.unscaled === 0n) return q
  const drop = 10n ** BigInt(q.scale - 9)
  const whole = q.unscaled / drop
  return { unscaled: q.unscaled % drop === 0n ? whole : whole + 1n, scale: 9 }
}

/** resource.ParseQuantity: the exact value, or undefined when Kubernetes refuses the text. */
export function parseQuantity(text: string): Quantity | undefined {
  if (text === '') return undefined
  const parts = split(text)
  if (!parts) return undefined
  const suffix = interpret(parts.suffix)
  if (!suffix) return undefined
  const digits = parts.num + parts.denom
  if (!fitsShortcut(parts, suffix) && !/[0-9]/.test(parts.value)) return undefined
  let q: Quantity = { unscaled: BigInt(digits), scale: parts.denom.length }
  if (suffix.base === 2) q = { ...q, unscaled: q.unscaled * 2n ** BigInt(suffix.exponent) }
  else if (suffix.exponent > EXPONENT_LIMIT)
    return q.unscaled === 0n ? { unscaled: 0n, scale: 0 } : { ...q, huge: true }
  else if (suffix.exponent < -EXPONENT_LIMIT) q = q.unscaled === 0n ? q : { unscaled: 1n, scale: 9 }
  else if (suffix.exponent > 0) q = shiftLeft(q, suffix.exponent)
  else q = { ...q, scale: q.scale - suffix.exponent }
  q = roundUpToNano(q)
  if (suffix.binary && compareQuantities(q, { unscaled: INT64_MAX, scale: 0 }) > 0)
    q = { unscaled: INT64_MAX, scale: 0 }
  return parts.negative ? { ...q, unscaled: -q.unscaled } : q
}

/**
 * Whether Kubernetes takes its int64 shortcut for this quantity. Off the shortcut it re-parses the
 * number as written, which fails when there is no digit at all ("." or "-" before a suffix): the
 * only way the two paths differ in what they accept.
 */
function fitsShortcut(parts: Parts, suffix: { exponent: number; binary: boolean }): boolean {
  const precision = suffix.binary
    ? suffix.exponent >= 0 && parts.denom === ''
      ? 15 - parts.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1
      : -1
    : 18 - (parts.num.length + parts.denom.length)
  const scale = (suffix.binary ? 0 : suffix.exponent) - parts.denom.length
  if (precision < 0 || scale < -9) return false
  const mantissa = suffix.binary ? 2n ** BigInt(suffix.exponent) : 1n
  return BigInt(parts.num + parts.denom) * mantissa <= INT64_MAX
}

function shiftLeft(q: Quantity, exponent: number): Quantity {
  const keep = Math.min(q.scale, exponent)
  return { unscaled: q.unscaled * 10n ** BigInt(exponent - keep), scale: q.scale - keep }
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.huge || b.huge) {
    const sa = a.huge ? (a.unscaled > 0n ? 2 : -2) : 0
    const sb = b.huge ? (b.unscaled > 0n ? 2 : -2) : 0
    if (sa !== sb) return sa > sb ? 1 : -1
    if (sa !== 0) return 0
  }
  const scale = Math.max(a.scale, b.scale)
  const x = a.unscaled * 10n ** BigInt(scale - a.scale)
  const y = b.unscaled * 10n ** BigInt(scale - b.scale)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Go's strings.TrimSpace, which Kubernetes applies before parsing. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g

/** A quantity from a manifest value: a string, or a YAML number in the JSON form kubectl sends. */
export function quantityFromText(text: string): Quantity | undefined {
  return parseQuantity(text.replace(GO_SPACE, ''))
}
