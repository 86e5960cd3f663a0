/**
 * Kubernetes resource quantities, compared the way Gatekeeper's library `k8scontainerlimits` template
 * does, so a limit this action accepts is one the cluster's admission controller accepts too:
 * CPU in millicores, memory in millibytes; anything else "could not be parsed".
 */

const DECIMAL = /^[0-9]+(\.[0-9]+)?$/

/** CPU as millicores: `2` → 2000, `0.5` → 500, `250m` → 250. Undefined when it cannot be parsed. */
export function canonicalCpu(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined
  if (typeof value !== 'string') return undefined
  if (value.endsWith('m')) {
    const n = value.slice(0, -1)
    return DECIMAL.test(n) ? Number(n) : undefined
  }
  return DECIMAL.test(value) ? Number(value) * 1000 : undefined
}

/** Memory suffixes and their multiple of a millibyte (Kubernetes accepts millibytes, so does this). */
const MEMORY: Record<string, number> = {
  E: 1e21,
  P: 1e18,
  T: 1e15,
  G: 1e12,
  M: 1e9,
  k: 1e6,
  '': 1e3,
  m: 1,
  Ki: 1024 * 1e3,
  Mi: 1024 ** 2 * 1e3,
  Gi: 1024 ** 3 * 1e3,
  Ti: 1024 ** 4 * 1e3,
  Pi: 1024 ** 5 * 1e3,
  Ei: 1024 ** 6 * 1e3
}

/** Memory as millibytes: `1Gi`, `512Mi`, `1G`, `1000` (bytes). Undefined when it cannot be parsed. */
export function canonicalMemory(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined
  if (typeof value !== 'string') return undefined
  const two = value.slice(-2)
  const one = value.slice(-1)
  const suffix = value.length > 1 && two in MEMORY ? two : value.length > 0 && one in MEMORY ? one : ''
  const raw = value.slice(0, value.length - suffix.length)
  return DECIMAL.test(raw) ? Number(raw) * MEMORY[suffix]! : undefined
}

export function canonicalQuantity(resource: 'cpu' | 'memory', value: unknown): number | undefined {
  return resource === 'cpu' ? canonicalCpu(value) : canonicalMemory(value)
}
