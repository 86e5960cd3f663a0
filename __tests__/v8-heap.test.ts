// The heap setting of src/v8-heap.ts must mean something to the V8 the action runs on (action.yml:
// node24; the `node` devDependency is that Node): an unknown flag is only an error line on stderr,
// and a big report's memory would grow again unnoticed.
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { YOUNG_GENERATION_FLAG } from '../src/v8-heap.js'

const ACTION_NODE = 'node_modules/node/bin/node'
const runs = readFileSync('action.yml', 'utf8').match(/^\s+using:\s*node(\d+)\s*$/m)?.[1]

describe('the young-generation setting', () => {
  it('is made for the Node action.yml runs', () => {
    expect(existsSync(ACTION_NODE)).toBe(true)
    const version = execFileSync(ACTION_NODE, ['--version'], { encoding: 'utf8' })
    expect(version.startsWith(`v${runs}.`)).toBe(true)
  })

  it('is a flag that V8 lists, and setting it at run time prints nothing', () => {
    const name = YOUNG_GENERATION_FLAG.slice(2).split('=')[0]!
    expect(execFileSync(ACTION_NODE, ['--v8-options'], { encoding: 'utf8' })).toContain(`--${name} `)
    const child = spawnSync(
      ACTION_NODE,
      ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(YOUNG_GENERATION_FLAG)})`],
      { encoding: 'utf8' }
    )
    expect({ status: child.status, stderr: child.stderr, stdout: child.stdout }).toEqual({
      status: 0,
      stderr: '',
      stdout: ''
    })
    // The same call with a flag V8 does not know: the failure this test is here to catch.
    const unknown = spawnSync(
      ACTION_NODE,
      ['-e', `require('node:v8').setFlagsFromString('--no-such-flag=1')`],
      {
        encoding: 'utf8'
      }
    )
    expect(unknown.stderr).toMatch(/unrecognized flag/)
  })
})
