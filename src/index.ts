/**
 * The action's entry point. The runner runs dist/index.js twice: as the step (main), then after the
 * job's steps as its post step (action.yml `runs.post`) with the state main saved. The state tells
 * them apart; main records it first, so even a main that fails at once is followed by a post.
 * The fleet modes (plan, aggregate) run fleet-main.ts instead of main.ts.
 */
import { isFleetRun, runFleet } from './fleet-main.js'
import { run } from './main.js'
import { post } from './post.js'
import { runnerState } from './runner-state.js'

const PHASE = 'phase'

if (runnerState.get(PHASE) === 'main') {
  void post()
} else {
  runnerState.save(PHASE, 'main')
  // plan and aggregate scan nothing: their own step (fleet-main.ts); gate and monitor scan (main.ts).
  void (isFleetRun() ? runFleet() : run())
}
