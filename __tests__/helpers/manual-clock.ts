// A Clock (src/log.ts) a test moves by hand: no test sleeps, and a progress line appears exactly when
// the test says time has passed.
import type { Clock } from '../../src/log.js'

export interface ManualClock extends Clock {
  /** Moves time forward, running every `every` tick that falls due on the way. */
  advance(ms: number): void
}

export function manualClock(): ManualClock {
  let now = 0
  const timers: Array<{ ms: number; next: number; tick: () => void; stopped: boolean }> = []
  return {
    now: () => now,
    every: (ms, tick) => {
      const timer = { ms, next: now + ms, tick, stopped: false }
      timers.push(timer)
      return () => void (timer.stopped = true)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = timers.filter(t => !t.stopped && t.next <= end).sort((a, b) => a.next - b.next)[0]
        if (!due) break
        now = due.next
        due.next += due.ms
        due.tick()
      }
      now = end
    }
  }
}
