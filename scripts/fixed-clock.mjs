// Preloaded by the demo (`node --import ./scripts/fixed-clock.mjs dist/index.js`): the bundled
// action runs as if it started at DEMO_NOW, so its output does not change with the calendar (the
// example policy has an ignore that expires on 2026-12-31 and one that expired on 2026-09-30).
// Time still passes from there, so durations in the log are real. The action itself has no such
// switch: this module exists only for the demo and the screenshots.
export const DEMO_NOW = '2026-11-28T12:00:00.000Z'

const RealDate = Date
const offset = RealDate.parse(DEMO_NOW) - RealDate.now()

class DemoDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset)
    else super(...args)
  }

  static now() {
    return RealDate.now() + offset
  }
}

globalThis.Date = DemoDate
