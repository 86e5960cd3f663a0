// src/workflow-commands.ts against the real @actions/core it stands in for: the same calls, with
// hostile and random text, must give the runner the same bytes (stdout, GITHUB_OUTPUT and
// GITHUB_STATE heredocs, the job summary) and the same errors. Only the heredoc delimiter differs:
// it is random in both, so it is compared by shape.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as toolkit from '@actions/core'
import fc from 'fast-check'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ours from '../src/workflow-commands.js'
import { HOSTILE } from './helpers/hostile.js'
import { recordStdout } from './helpers/workflow-commands.js'

type Core = typeof ours
let temp: string
let written: string[]
const saved = { ...process.env }

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'cg-commands-'))
  written = recordStdout()
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  process.exitCode = undefined
  rmSync(temp, { recursive: true, force: true })
})

const DELIMITER = /ghadelimiter_[0-9a-f-]{36}/g

/** What one implementation gives the runner for `calls`: stdout, the command files, the exit code. */
async function effects(core: Core, calls: (core: Core) => unknown): Promise<Record<string, unknown>> {
  written.length = 0
  for (const file of ['output', 'state', 'summary']) writeFileSync(join(temp, file), '')
  Object.assign(process.env, {
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STATE: join(temp, 'state'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary')
  })
  process.exitCode = undefined
  // @actions/core keeps the summary file's path once it has found it; each case has its own file.
  ;(toolkit.summary as unknown as { _filePath?: string })._filePath = undefined
  let thrown: string | undefined
  try {
    await calls(core)
  } catch (error) {
    thrown = error instanceof Error ? error.message.replace(DELIMITER, 'D') : String(error)
  }
  const read = (file: string) =>
    existsSync(join(temp, file))
      ? readFileSync(join(temp, file), 'utf8').replace(DELIMITER, 'D')
      : '(no file)'
  return {
    stdout: written.join(''),
    output: read('output'),
    state: read('state'),
    summary: read('summary'),
    exitCode: process.exitCode,
    thrown
  }
}

async function expectSame(calls: (core: Core) => unknown): Promise<void> {
  const theirs = await effects(toolkit as unknown as Core, calls)
  expect(await effects(ours, calls)).toEqual(theirs)
}

const TEXTS = [...HOSTILE, '', '100% done', 'a:b,c', 'line\nbreak', 'tab\tand \u0000 nul', '🟥 CRITICAL']

describe('the same bytes as @actions/core', () => {
  it.each(TEXTS.map(t => [JSON.stringify(t), t]))('for %s in every command', async (_, text) => {
    await expectSame(core => {
      core.info(text)
      core.debug(text)
      core.notice(text)
      core.warning(text, { title: text, file: text, startLine: 3, endLine: 4 })
      core.error(text, { title: text, file: 'Dockerfile', startLine: 1, startColumn: 2, endColumn: 9 })
      core.error(new Error(text))
      core.setSecret(text)
      core.startGroup(text)
      core.endGroup()
      core.setFailed(text)
    })
  })

  it.each(TEXTS.map(t => [JSON.stringify(t), t]))(
    'for %s in outputs, state and the summary',
    async (_, text) => {
      await expectSame(async core => {
        core.setOutput('verdict', text)
        core.setOutput(text || 'empty', 'pass')
        core.saveState('phase', text)
        await core.summary.addRaw(text).addRaw('\n').write()
      })
    }
  )

  it('for any text (random strings, 300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), async (text, title) => {
        await expectSame(core => {
          core.info(text)
          core.warning(text, { title, file: title, startLine: 1 })
          core.setOutput('x', text)
        })
      }),
      { numRuns: 300 }
    )
  })

  it('for values that are not strings', async () => {
    await expectSame(core => {
      core.setOutput('count', 3)
      core.setOutput('flag', false)
      core.setOutput('json', { a: [1, 'b'] })
      core.setOutput('none', undefined)
      core.saveState('null', null)
    })
  })

  it('for inputs, read as the runner passes them', () => {
    Object.assign(process.env, { 'INPUT_FAIL-ON': '  CRITICAL \n', INPUT_MY_INPUT: 'x', INPUT_EMPTY: '' })
    for (const name of ['fail-on', 'my input', 'empty', 'unset'])
      expect(ours.getInput(name)).toBe(toolkit.getInput(name))
    process.env.STATE_phase = 'main'
    expect(ours.getState('phase')).toBe(toolkit.getState('phase'))
    expect(ours.getState('missing')).toBe(toolkit.getState('missing'))
  })

  it('for the errors a missing or unwritable command file gives', async () => {
    await expectSame(core => {
      rmSync(join(temp, 'output'))
      core.setOutput('verdict', 'pass')
    })
    await expectSame(core => {
      delete process.env.GITHUB_STATE
      core.saveState('phase', 'main')
    })
    await expectSame(async core => {
      chmodSync(join(temp, 'summary'), 0o400)
      // root may write a read-only file: both then append; either way they must agree
      await core.summary.addRaw('x').write()
    })
    await expectSame(async core => {
      delete process.env.GITHUB_STEP_SUMMARY
      await core.summary.addRaw('x').write()
    })
  })
})

it('a value holding its own delimiter line cannot end the heredoc early', async () => {
  const { output } = await effects(ours, core =>
    core.setOutput('verdict', 'pass\nghadelimiter_x\nverdict<<EOF')
  )
  expect(output).toBe('verdict<<D\npass\nghadelimiter_x\nverdict<<EOF\nD\n')
})
