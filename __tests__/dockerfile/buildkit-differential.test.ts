/**
 * Differential test: container-gate's reading of every image source (FROM, COPY --from,
 * RUN --mount=from=) against BuildKit's own, on a corpus of real Dockerfiles from public projects
 * (__fixtures__/dockerfiles/corpus, SOURCES.tsv names repository, path and commit of each) and
 * small edge files for each case of issue 10 (edge/), per platform and per set of build arguments
 * (variants.json).
 *
 * BuildKit's reading was recorded by e2e/cmd/buildkit-oracle (BuildKit v0.34.2, the version in the
 * fixture's name); the end-to-end suite rebuilds the oracle and checks the recording is still what
 * it prints. Every disagreement fails the test unless EXPLAINED lists it with its reason.
 */
import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { compareRun, EXPLAINED, FIXTURES, loadRecording } from '../helpers/buildkit-oracle.js'
import { readSources, sourceProblems } from '../helpers/corpus-sources.js'

describe('Dockerfiles are read as BuildKit v0.34.2 reads them', () => {
  const recording = loadRecording()
  it('the recording is BuildKit v0.34.2 over the whole corpus', () => {
    expect(recording.buildkit).toBe('v0.34.2')
    const files = new Set(recording.results.map(r => r.file))
    expect([...files].filter(f => f.startsWith('corpus/')).length).toBeGreaterThanOrEqual(40)
  })

  it('names the repository, path and commit of every corpus Dockerfile', () => {
    const sources = path.join(FIXTURES, 'corpus/SOURCES.tsv')
    expect(sourceProblems(FIXTURES, sources, 'corpus')).toEqual([])
    expect(new Set(readSources(sources).map(r => r.repository)).size).toBeGreaterThanOrEqual(5)
  })

  it('has no unexplained disagreement', () => {
    const found = recording.results.flatMap(compareRun)
    const unexplained = found.filter(d => !EXPLAINED.some(e => e.match.test(d)))
    expect(unexplained).toEqual([])
    // An explanation that no longer matches anything is stale: remove it.
    expect(EXPLAINED.filter(e => !found.some(d => e.match.test(d))).map(e => e.reason)).toEqual([])
  })
})
