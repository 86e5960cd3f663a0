/**
 * A quantity's exact decimal value, as the Kubernetes oracle prints it, for comparing the action's
 * reading of a limit with kubectl's.
 */
import type { Quantity } from '../../src/checks/admission/quantity.js'

/** The exact decimal, without trailing zeros: "0.5", "129000000". */
export function exactDecimal(q: Quantity): string {
  if (q.huge) return q.unscaled < 0n ? '-huge' : 'huge'
  const negative = q.unscaled < 0n
  let digits = (negative ? -q.unscaled : q.unscaled).toString()
  if (q.scale <= 0) return (negative ? '-' : '') + digits + '0'.repeat(-q.scale)
  digits = digits.padStart(q.scale + 1, '0')
  const whole = digits.slice(0, digits.length - q.scale)
  const frac = digits.slice(digits.length - q.scale).replace(/0+$/, '')
  const text = frac ? `${whole}.${frac}` : whole
  return text === '0' ? '0' : (negative ? '-' : '') + text
}
