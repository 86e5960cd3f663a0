import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { expectGolden } from './golden.js'

describe('expectGolden', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cg-golden-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('fails when the golden file is missing, and does not create it', () => {
    expect(() => expectGolden(dir, 'missing.md', 'anything', {})).toThrow(
      /golden file .*missing\.md is missing: run the test with UPDATE_GOLDEN=1/
    )
    expect(existsSync(join(dir, 'missing.md'))).toBe(false)
  })

  it('fails when the output differs from the golden file', () => {
    writeFileSync(join(dir, 'g.md'), 'expected\n')
    expect(() => expectGolden(dir, 'g.md', 'actual\n', {})).toThrow()
  })

  it('passes on an exact match', () => {
    writeFileSync(join(dir, 'g.md'), 'same\n')
    expect(() => expectGolden(dir, 'g.md', 'same\n', {})).not.toThrow()
  })

  it('writes the golden file only with UPDATE_GOLDEN=1', () => {
    expectGolden(dir, 'new.md', 'fresh\n', { UPDATE_GOLDEN: '1' })
    expect(() => expectGolden(dir, 'new.md', 'fresh\n', {})).not.toThrow()
  })
})
