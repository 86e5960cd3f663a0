/**
 * Whose a failure is to fix, kept apart because the user reads them differently: a
 * ConfigurationError is the user's (a bad input, a missing file, a malformed policy) and names the
 * input or file, the value and what is accepted; a ToolError is a tool's or a service's (a download,
 * a scanner that printed no report); anything else is a bug in container-gate. main.ts's one catch
 * turns each into the step's error with failureMessage, never a stack trace.
 */

/** Where to report a bug. Security problems are reported privately instead (SECURITY.md). */
export const ISSUES_URL = 'https://github.com/container-gate/container-gate/issues'

/** The user's to fix: the message names the input or file, the value and what is accepted. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError'
}

/** A tool or service outside the action failed (missing binary, unreadable output, network). */
export class ToolError extends Error {
  override readonly name = 'ToolError'
}

/** The message for an input that was given a value it does not accept. */
export function badInput(input: string, value: string, accepted: string): ConfigurationError {
  return new ConfigurationError(
    `Input '${input}' has an invalid value ${JSON.stringify(value)}: ${accepted}.`
  )
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * The step's error for what stopped the run, saying whose it is to fix: a configuration mistake as
 * it is (it names the input or file); a tool's or a service's failure, and a bug, each saying so and
 * where to report it.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof ConfigurationError) return error.message
  if (error instanceof ToolError)
    return (
      `${error.message}\n` +
      'This is a failure of a tool or service container-gate relies on, not a mistake in your configuration. ' +
      `If it persists and the message does not say what to change, report it at ${ISSUES_URL}.`
    )
  return (
    `container-gate stopped on an unexpected error: ${messageOf(error)}\n` +
    `This is a bug in container-gate, not a mistake in your configuration: please report it at ${ISSUES_URL} ` +
    'with this log (a security problem privately instead: see SECURITY.md).'
  )
}
