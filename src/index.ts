/**
 * The action's entry point. The runner runs dist/index.js twice: as the step (main), then after the
 * job's steps as its post step (action.yml `runs.post`) with the state main saved. The state tells
 * them apart; main records it first, so even a main that fails at once is followed by a post.
 * The fleet modes (plan, aggregate) run fleet-main.ts instead of main.ts.
 *
 * Each phase's code is loaded only when it runs (a chunk of the bundle each): what a run compiles
 * before its first line is most of its start-up time.
 */
import { isFleetMode } from './inputs/fleet.js'
import { runnerState } from './runner-state.js'
import { keepYoungGenerationSmall } from './v8-heap.js'

keepYoungGenerationSmall()

const PHASE = 'phase'

if (runnerState.get(PHASE) === 'main') {
  void import('./post.js').then(({ post }) => post())
} else {
  runnerState.save(PHASE, 'main')
  // plan and aggregate scan nothing: their own step (fleet-main.ts); gate and monitor scan (main.ts).
  void (isFleetMode(runnerState.mode())
    ? import('./fleet-main.js').then(({ runFleet }) => runFleet())
    : import('./main.js').then(({ run }) => run()))
}
