/**
 * State the runner keeps between this action's main step and its post step (core.saveState /
 * getState): which phase is running, and what the post step must save. Also the one input the
 * entry point reads before any phase's code is loaded: the mode, which picks the phase.
 */
import * as core from './workflow-commands.js'

export const runnerState = {
  save: (name: string, value: string): void => core.saveState(name, value),
  /** '' when main saved nothing under this name. */
  get: (name: string): string => core.getState(name),
  /** The `mode` input as the runner gives it ('' when unset). */
  mode: (): string => core.getInput('mode')
}
