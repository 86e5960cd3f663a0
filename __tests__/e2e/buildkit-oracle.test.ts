/**
 * The Dockerfile differential test with BuildKit itself: scripts/e2e.sh builds
 * e2e/cmd/buildkit-oracle (BuildKit v0.34.2 from e2e/go.mod), which reads the corpus here. Its
 * output must be exactly the recording the unit suite compares with (so the recording is BuildKit's
 * word, not an edited file), and the action must agree with this fresh run too.
 *
 * To record again after changing the corpus, variants.json or words.json:
 *   cd e2e && go run ./cmd/buildkit-oracle -root ../__fixtures__/dockerfiles -out ../__fixtures__/dockerfiles/buildkit-v0.34.2.json
 *   cd e2e && go run ./cmd/buildkit-oracle -words ../__fixtures__/dockerfiles/words.json -out ../__fixtures__/dockerfiles/buildkit-v0.34.2-words.json
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { compareRun, EXPLAINED, FIXTURES, loadRecording, RECORDING } from '../helpers/buildkit-oracle.js'

const oracle = process.env.E2E_BUILDKIT_ORACLE
if (!oracle) throw new Error('E2E_BUILDKIT_ORACLE is not set: run the suite with npm run test:e2e')

function runOracle(args: string[]): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'cg-oracle-')), 'out.json')
  execFileSync(oracle!, [...args, '-out', out], { stdio: ['ignore', 'ignore', 'pipe'] })
  return out
}

describe('BuildKit oracle', () => {
  it('prints exactly the recorded reading of the Dockerfile corpus', () => {
    const fresh = runOracle(['-root', FIXTURES])
    expect(readFileSync(fresh, 'utf8')).toBe(readFileSync(RECORDING, 'utf8'))
    const found = loadRecording(fresh).results.flatMap(compareRun)
    expect(found.filter(d => !EXPLAINED.some(e => e.match.test(d)))).toEqual([])
  })

  it("prints exactly the recorded expansion of the lexer's words", () => {
    const fresh = runOracle(['-words', path.join(FIXTURES, 'words.json')])
    const recorded = path.join(FIXTURES, 'buildkit-v0.34.2-words.json')
    expect(readFileSync(fresh, 'utf8')).toBe(readFileSync(recorded, 'utf8'))
  })
})
