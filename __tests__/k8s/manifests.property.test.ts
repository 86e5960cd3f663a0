import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { stringify } from 'yaml'
import { checkManifests } from '../../src/checks/admission/rules.js'
import type { AdmissionOptions } from '../../src/checks/admission/rules.js'

const strict: AdmissionOptions = {
  denyPrivileged: true,
  requireLimits: ['cpu', 'memory'],
  requireReadOnlyRootFilesystem: true,
  requireNetworkPolicy: true,
  maxLimits: { cpu: '2', memory: '1Gi' },
  exemptImages: ['safe/*']
}

const word = fc.constantFrom(
  'kind',
  'Pod',
  'Deployment',
  'CronJob',
  'List',
  'items',
  'NetworkPolicy',
  'metadata',
  'name',
  'namespace',
  'labels',
  'spec',
  'template',
  'jobTemplate',
  'containers',
  'initContainers',
  'ephemeralContainers',
  'securityContext',
  'privileged',
  'readOnlyRootFilesystem',
  'resources',
  'limits',
  'cpu',
  'memory',
  'image',
  'podSelector',
  'matchLabels',
  'matchExpressions',
  'key',
  'operator',
  'values',
  'In',
  'Exists'
)
const leaf = fc.oneof(
  word,
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('1Gi', '500m', '{{ x }}')
)
const tree = fc.letrec(tie => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), tie('list')),
  map: fc.dictionary(word, tie('node'), { maxKeys: 5 }),
  list: fc.array(tie('node'), { maxLength: 3 })
})).node

describe('manifest reader properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), text => {
        checkManifests([{ path: 'm.yaml', text }], strict)
      }),
      { numRuns: 500 }
    )
  })

  it('never throws on Kubernetes-shaped documents, and every finding has a line inside the file', () => {
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 3 }), docs => {
        const text = docs.map(d => stringify(d)).join('---\n')
        const lines = text.split('\n').length
        for (const f of checkManifests([{ path: 'm.yaml', text }], strict).findings) {
          expect(f.startLine).toBeGreaterThanOrEqual(1)
          expect(f.endLine!).toBeGreaterThanOrEqual(f.startLine!)
          expect(f.endLine!).toBeLessThanOrEqual(lines)
        }
      }),
      { numRuns: 1000 }
    )
  })
})
