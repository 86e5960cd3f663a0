/**
 * The shell lexer against BuildKit's own (frontend/dockerfile/shell v0.34.2): every word in
 * __fixtures__/dockerfiles/words.json expanded by BuildKit (recorded by e2e/cmd/buildkit-oracle
 * -words, the version in the fixture's name) and by processWord must give the same value, the same
 * unset variables, or both an error.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { processWord, ShellSyntaxError } from '../../src/checks/base-images/shell-lex.js'

const FIXTURES = path.resolve(process.cwd(), '__fixtures__/dockerfiles')

interface Recorded {
  word: string
  escape: string
  set: number
  value?: string
  unmatched?: string[]
  error?: string
}

const cases = JSON.parse(readFileSync(path.join(FIXTURES, 'words.json'), 'utf8')) as {
  sets: Array<{ env: Record<string, string> }>
}
const recorded = JSON.parse(readFileSync(path.join(FIXTURES, 'buildkit-v0.34.2-words.json'), 'utf8')) as {
  buildkit: string
  words: Recorded[]
}

function ours(r: Recorded): Omit<Recorded, 'word' | 'escape' | 'set'> {
  try {
    const res = processWord(r.word, new Map(Object.entries(cases.sets[r.set]!.env)), {
      escapeToken: r.escape
    })
    return { value: res.value, ...(res.unmatched.size > 0 ? { unmatched: [...res.unmatched].sort() } : {}) }
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error
    return { error: 'error' }
  }
}

describe('processWord reads words as BuildKit v0.34.2', () => {
  it('covers the recorded words', () => {
    expect(recorded.buildkit).toBe('v0.34.2')
    expect(recorded.words.length).toBeGreaterThan(120)
  })

  it.each(recorded.words.map(r => [`${r.escape} ${r.word}`, r] as const))('%s', (_name, r) => {
    const { word: _w, escape: _e, set: _s, ...theirs } = r
    expect(ours(r)).toEqual(theirs.error !== undefined ? { error: 'error' } : theirs)
  })
})
