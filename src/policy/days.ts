/**
 * Whole UTC days, the unit of every date the policy works with: grace periods, ignore expiries
 * (an entry applies through its whole `expires` day), dates written in policy files.
 */

export const MS_PER_DAY = 86_400_000

/** Midnight UTC of the day `date` falls on, as epoch milliseconds. */
export function utcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
}

/** YYYY-MM-DD of an epoch-milliseconds time, in UTC. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date written YYYY-MM-DD (2024-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === text
}
