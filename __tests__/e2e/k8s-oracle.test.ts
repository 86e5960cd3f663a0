/**
 * The manifest differential test with the live oracle: e2e/cmd/k8s-oracle, built by scripts/e2e.sh
 * from kubectl's and client-go's own code, reads the corpus; its answer must be the one recorded for
 * the unit test (so the recording is real and current), and the action must agree with it on every
 * object, container and rule but for the explained differences.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compareReport, type OracleReport } from '../k8s/oracle-compare.js'
import { EXPLAINED } from '../k8s/oracle-explained.js'
import { REPO } from './helpers/harness.js'

const ROOT = join(REPO, '__fixtures__/k8s-oracle')
const RECORDED = 'k8s-oracle-kubernetes-v0.37.2.json'

/**
 * More real manifests, when a checkout has them: E2E_K8S_CORPUS (a folder of manifests, e.g. the
 * files of public repositories), or shared/fixtures/k8s-corpus next to the repository.
 */
const EXTRA = [process.env.E2E_K8S_CORPUS, join(REPO, '../shared/fixtures/k8s-corpus')].filter(
  (dir): dir is string => !!dir && existsSync(dir)
)

function oracle(root = join(ROOT, 'corpus')): OracleReport {
  const bin = process.env.E2E_K8S_ORACLE
  if (!bin)
    throw new Error('E2E_K8S_ORACLE is not set: run the e2e suite with `npm run test:e2e` (scripts/e2e.sh).')
  const out = execFileSync(bin, ['-root', root], { maxBuffer: 256 * 1024 * 1024 })
  return JSON.parse(out.toString('utf8')) as OracleReport
}

describe('manifests read as Kubernetes reads them (live oracle)', () => {
  const live = oracle()

  it('prints what the unit test has recorded', () => {
    expect(live).toEqual(JSON.parse(readFileSync(join(ROOT, RECORDED), 'utf8')))
  })

  it('agrees with the action on every object, container and rule, but for the explained differences', () => {
    const result = compareReport(join(ROOT, 'corpus'), live, EXPLAINED)
    expect(result.unexplained).toEqual([])
    expect(result.unused).toEqual([])
    expect(result.compared.objects).toBeGreaterThan(50)
  })

  const extra = EXTRA.length > 0 ? it.each(EXTRA) : it.skip.each(['(none)'])
  extra('agrees on the extra corpus %s, but for the explained kinds of difference', root => {
    const result = compareReport(root, oracle(root), EXPLAINED)
    expect(result.unexplained).toEqual([])
  })
})
