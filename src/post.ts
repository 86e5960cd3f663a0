/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): the runner runs it after
 * the job's steps, with the state main saved, also when the gate failed, the job was cancelled or
 * the step timed out. It keeps Trivy's DB for the next run. It never fails the job: whatever goes
 * wrong here is a warning.
 */
import { messageOf } from './errors.js'
import { log } from './log.js'
import { saveDbAfterJob } from './tools/trivy-db/handoff.js'

export async function post(): Promise<void> {
  try {
    await saveDbAfterJob()
  } catch (error) {
    log.warning(`Trivy DB cache: not saved (${messageOf(error)}).`)
  }
}
