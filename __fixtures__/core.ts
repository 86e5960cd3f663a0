// Typed mocks of src/workflow-commands.ts (the part of @actions/core the action uses), as
// actions/typescript-action mocks @actions/core: registered by tests with jest.unstable_mockModule
// before importing the code under test.
import { jest } from '@jest/globals'
import type * as core from '../src/workflow-commands.js'

export const debug = jest.fn<typeof core.debug>()
export const error = jest.fn<typeof core.error>()
export const info = jest.fn<typeof core.info>()
export const warning = jest.fn<typeof core.warning>()
export const notice = jest.fn<typeof core.notice>()
export const getInput = jest.fn<typeof core.getInput>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const startGroup = jest.fn<typeof core.startGroup>()
export const endGroup = jest.fn<typeof core.endGroup>()
/** @actions/cache asks @actions/core whether to debug; __tests__/tools/actions-cache.test.ts mocks the
 * toolkit itself with these functions, so the library's log is recorded too. */
export const isDebug = jest.fn(() => false)
/**
 * Action state as the runner hands it over: main's saveState values are what the post step's
 * getState reads (the runner passes them as STATE_* variables). Tests clear it between cases.
 */
export const state = new Map<string, string>()
export const saveState = jest.fn<typeof core.saveState>((name, value) => {
  state.set(name, typeof value === 'string' ? value : JSON.stringify(value))
})
export const getState = jest.fn<typeof core.getState>(name => state.get(name) ?? '')
export const summaryText: string[] = []
export const summary = {
  addRaw: jest.fn((text: string) => {
    summaryText.push(text)
    return summary
  }),
  write: jest.fn(async () => summary)
}
