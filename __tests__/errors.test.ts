import { describe, expect, it } from '@jest/globals'
import { ConfigurationError, ISSUES_URL, ToolError, badInput, failureMessage } from '../src/errors.js'

describe("failureMessage: the step's error says whose it is to fix", () => {
  it('shows a configuration mistake as it is: it already names the input or file', () => {
    const error = badInput('fail-on', 'SEVERE', 'expected one of CRITICAL, HIGH, MEDIUM, LOW')
    expect(failureMessage(error)).toBe(
      `Input 'fail-on' has an invalid value "SEVERE": expected one of CRITICAL, HIGH, MEDIUM, LOW.`
    )
    expect(failureMessage(new ConfigurationError('.github/container-gate.yml:3: x'))).not.toContain(
      ISSUES_URL
    )
  })

  it("says a tool's or a service's failure is not the configuration, and where to report it", () => {
    const message = failureMessage(new ToolError('Could not download https://example.test/x: HTTP 500'))
    expect(message.split('\n')).toEqual([
      'Could not download https://example.test/x: HTTP 500',
      `This is a failure of a tool or service container-gate relies on, not a mistake in your configuration. If it persists and the message does not say what to change, report it at ${ISSUES_URL}.`
    ])
  })

  it('says anything else is a bug in container-gate, with where to report it', () => {
    for (const error of [new TypeError("Cannot read properties of undefined (reading 'x')"), 'thrown text']) {
      const message = failureMessage(error)
      expect(message).toMatch(/^container-gate stopped on an unexpected error: /)
      expect(message).toContain(
        `This is a bug in container-gate, not a mistake in your configuration: please report it at ${ISSUES_URL}`
      )
      expect(message).toContain('SECURITY.md')
    }
  })
})
