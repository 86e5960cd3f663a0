/**
 * State the runner keeps between this action's main step and its post step (core.saveState /
 * getState): which phase is running, and what the post step must save.
 */
import * as core from '@actions/core'

export const runnerState = {
  save: (name: string, value: string): void => core.saveState(name, value),
  /** '' when main saved nothing under this name. */
  get: (name: string): string => core.getState(name)
}
