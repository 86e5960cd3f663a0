/**
 * The action's entry point. The runner runs dist/index.js twice: as the step (main), then after the
 * job's steps as its post step (action.yml `runs.post`) with the state main saved. The state tells
 * them apart; main records it first, so even a main that fails at once is followed by a post.
 */
import { run } from './main.js'
import { post } from './post.js'
import { runnerState } from './runner-state.js'

const PHASE = 'phase'

if (runnerState.get(PHASE) === 'main') {
  void post()
} else {
  runnerState.save(PHASE, 'main')
  void run()
}
