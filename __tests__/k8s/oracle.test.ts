/**
 * Differential test: the action's reading of manifests against Kubernetes' own (kubectl's file
 * reading and client-go's decoding, run by e2e/cmd/k8s-oracle), on the corpus in
 * __fixtures__/k8s-oracle/corpus (real manifests, see its SOURCES.md, and one edge file per case of
 * issues 9 and 10). The oracle's output is recorded with the Kubernetes version in its name; the e2e
 * suite rebuilds the oracle and checks the recording is what it prints today.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readSources, sourceProblems } from '../helpers/corpus-sources.js'
import { compareReport, type OracleReport } from './oracle-compare.js'
import { EXPLAINED } from './oracle-explained.js'

const ROOT = join(process.cwd(), '__fixtures__/k8s-oracle')
export const RECORDED = 'k8s-oracle-kubernetes-v0.37.2.json'

describe('manifests read as Kubernetes reads them (recorded oracle, Kubernetes 1.37)', () => {
  const report = JSON.parse(readFileSync(join(ROOT, RECORDED), 'utf8')) as OracleReport
  const result = compareReport(join(ROOT, 'corpus'), report, EXPLAINED)

  it('was recorded with the Kubernetes libraries its name says', () => {
    expect(report.versions['k8s.io/client-go']).toBe('v0.37.2')
    expect(report.files.filter(f => f.path.startsWith('public/')).length).toBeGreaterThanOrEqual(40)
  })

  it('names the repository, path and commit of every public manifest', () => {
    const sources = join(ROOT, 'corpus/SOURCES.tsv')
    expect(sourceProblems(join(ROOT, 'corpus'), sources, 'public')).toEqual([])
    expect(new Set(readSources(sources).map(r => r.repository)).size).toBeGreaterThanOrEqual(5)
  })

  it('agrees on every object, container and rule, but for the listed, explained differences', () => {
    expect(result.unexplained).toEqual([])
  })

  it('lists no explanation that no longer applies', () => {
    expect(result.unused).toEqual([])
  })
})
