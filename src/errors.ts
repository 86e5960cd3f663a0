/**
 * Two kinds of failure, kept apart because the user reads them differently:
 * a ConfigurationError is the user's to fix (a bad input, a missing file, a malformed policy) and is
 * reported as one line naming the input, the value and what is accepted; anything else is ours or a
 * tool's and is reported with its message (never a stack trace in the step's error).
 */
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
