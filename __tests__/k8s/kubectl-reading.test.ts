/**
 * Regression tests for issue 10 (manifests, items 1-4 and 6) and issue 9 (items 1-3): each case is
 * a manifest the cluster reads one way and the action used to read another. Every expectation here
 * is what Kubernetes 1.37 reads (see __fixtures__/k8s-oracle/corpus/edge and oracle.test.ts).
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DUPLICATE_KEY_RULE, checkManifests } from '../../src/checks/admission/rules.js'
import { decodeManifest } from '../../src/kube/documents.js'
import { compareQuantities, parseQuantity } from '../../src/checks/admission/quantity.js'
import { exactDecimal } from '../helpers/quantity.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import type { AdmissionOptions } from '../../src/checks/admission/rules.js'

const EDGE = join(process.cwd(), '__fixtures__/k8s-oracle/corpus/edge')
const strict: AdmissionOptions = { ...defaultPolicy().admission, requireReadOnlyRootFilesystem: true }

function check(text: string, policy: AdmissionOptions = strict, path = 'k8s/app.yaml') {
  return checkManifests([{ path, text }], policy).findings.map(
    f => `${f.ruleId}@${f.startLine}: ${f.message}`
  )
}
const edge = (name: string) => decodeManifest(readFileSync(join(EDGE, name)))
const pod = (container: string[]) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    ...container.map(l => `  ${l}`)
  ].join('\n')

describe('10.1 YAML 1.1 booleans', () => {
  it('privileged: yes / On / y / TRUE is privileged, readOnlyRootFilesystem: yes / ON / Y is read-only', () => {
    const found = check(edge('10.1-yaml11-booleans.yaml'))
    const privileged = found.filter(f => f.startsWith('CG-K8S-PRIVILEGED'))
    expect(privileged.map(f => f.split(':')[0])).toEqual([
      'CG-K8S-PRIVILEGED@11',
      'CG-K8S-PRIVILEGED@18',
      'CG-K8S-PRIVILEGED@25',
      'CG-K8S-PRIVILEGED@52'
    ])
    const readOnly = found.filter(f => f.startsWith('CG-K8S-READONLY-ROOTFS'))
    // only the containers with off, NULL, no securityContext field, and the init container
    expect(readOnly.map(f => /'([^']+)'/.exec(f)![1])).toEqual([
      'no-off',
      'tilde-null',
      'empty-null',
      'init-true-upper'
    ])
  })

  it('a quoted "yes" is a string: not a boolean, which Kubernetes refuses; the gate blocks it', () => {
    expect(
      check(
        pod(['- name: c', '  image: x', '  securityContext: {privileged: "yes"}']),
        defaultPolicy().admission
      )
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('has securityContext.privileged "yes", which is not a boolean')
      ])
    )
  })
})

describe('10.2 merge keys', () => {
  it('a merged-in privileged: true is privileged; merged-in limits are limits; document order decides', () => {
    const found = check(edge('10.2-merge-keys.yaml'), defaultPolicy().admission)
    expect(found.map(f => f.replace(/:.*/, '') + ' ' + /'([^']+)'/.exec(f)![1])).toEqual([
      // the anchored `privileged: true` (line 18), merged into three containers
      'CG-K8S-PRIVILEGED@18 base',
      'CG-K8S-PRIVILEGED@18 base',
      'CG-K8S-PRIVILEGED@18 merge-after-explicit',
      // merged-limits has its limits from the merge: nothing to report
      'CG-K8S-CPU-LIMIT@30 merge-after-explicit',
      'CG-K8S-MEMORY-LIMIT@30 merge-after-explicit',
      'CG-K8S-CPU-LIMIT@39 merge-list',
      'CG-K8S-MEMORY-LIMIT@39 merge-list'
    ])
  })
})

describe('9.3 / 10.3 duplicate keys', () => {
  it('judges the last value, as kubectl does, and reports the duplicate itself as blocking', () => {
    const found = check(edge('10.3-duplicate-keys.yaml'), defaultPolicy().admission)
    expect(found).toEqual([
      "CG-K8S-PRIVILEGED@12: Container 'dup' of Pod 'duplicate-keys' is privileged (securityContext.privileged: true)",
      "CG-K8S-CPU-LIMIT@19: Container 'renamed' of Pod 'duplicate-keys' has no cpu limit (resources.limits.cpu)",
      "CG-K8S-MEMORY-LIMIT@19: Container 'renamed' of Pod 'duplicate-keys' has no memory limit (resources.limits.memory)",
      `${DUPLICATE_KEY_RULE}@12: 'privileged' is written twice in one mapping (lines 11 and 12): kubectl applies the last value, strict YAML decoding refuses the object`,
      `${DUPLICATE_KEY_RULE}@17: 'memory' is written twice in one mapping (lines 16 and 17): kubectl applies the last value, strict YAML decoding refuses the object`,
      `${DUPLICATE_KEY_RULE}@19: 'name' is written twice in one mapping (lines 18 and 19): kubectl applies the last value, strict YAML decoding refuses the object`,
      `${DUPLICATE_KEY_RULE}@21: 'image' is written twice in one mapping (lines 20 and 21): kubectl applies the last value, strict YAML decoding refuses the object`
    ])
    const duplicate = checkManifests(
      [{ path: 'a.yaml', text: edge('10.3-duplicate-keys.yaml') }],
      strict
    ).findings.find(f => f.ruleId === DUPLICATE_KEY_RULE)!
    expect(duplicate).toMatchObject({
      severity: 'CRITICAL',
      kind: 'misconfig',
      subject: 'admission',
      file: 'a.yaml'
    })
  })

  it('privileged: true then privileged: false is not privileged, but still blocks as a duplicate', () => {
    const text = pod([
      '- name: c',
      '  image: x',
      '  securityContext:',
      '    privileged: true',
      '    privileged: false'
    ])
    expect(check(text, { ...defaultPolicy().admission, requireLimits: [] })).toEqual([
      expect.stringMatching(/^CG-YAML-DUPLICATE-KEY@10: 'privileged' is written twice/)
    ])
  })
})

describe('10.4 the full quantity grammar', () => {
  it.each([
    ['.5', '0.5'],
    ['2.', '2'],
    ['+1', '1'],
    ['129e6', '129000000'],
    ['129E6', '129000000'],
    ['1e-10', '0.000000001'],
    ['100u', '0.0001'],
    ['1.5Gi', '1610612736'],
    ['00.50Mi', '524288'],
    ['8Ei', '9223372036854775807'],
    ['-0', '0'],
    ['1e4294967296', '1'],
    // what Kubernetes accepts without a digit (the oracle confirms each: 10.4-quantity-corners.yaml)
    ['Ki', '0'],
    ['.e5', '0'],
    ['-Ti', '0'],
    ['1234567890123456789m', '1234567890123456.789'],
    ['0.5Ki', '512']
  ])('%s is %s', (text, exact) => {
    expect(exactDecimal(parseQuantity(text)!)).toBe(exact)
  })

  it.each([
    '',
    '1.5.5',
    '1Kb',
    '1e3.5',
    '1 Gi',
    '1_000m',
    'true',
    '-Pi',
    '.e-10',
    '1K',
    '1e99999999999999999999'
  ])('%j is not a quantity', text => {
    expect(parseQuantity(text)).toBeUndefined()
  })

  it('valid limits pass and compare exactly against the maximum', () => {
    const text = pod(['- name: c', '  image: x', '  resources: {limits: {cpu: ".5", memory: "129e6"}}'])
    expect(check(text, { ...defaultPolicy().admission, maxLimits: { cpu: '500m', memory: '129M' } })).toEqual(
      []
    )
    expect(
      check(text, { ...defaultPolicy().admission, maxLimits: { cpu: '499m', memory: '128M' } })
    ).toHaveLength(2)
    expect(compareQuantities(parseQuantity('1e400')!, parseQuantity('8Ei')!)).toBe(1)
  })
})

describe('10.6 where a missing field is reported', () => {
  it("at the container's name line, even when it is written after many other keys", () => {
    const text = pod(['- image: x', ...Array.from({ length: 30 }, (_, i) => `  env${i}: v`), '  name: late'])
    expect(check(text, defaultPolicy().admission).map(f => f.split(':')[0])).toEqual([
      'CG-K8S-CPU-LIMIT@37',
      'CG-K8S-MEMORY-LIMIT@37'
    ])
  })

  it("at the container item's first line when it has no name", () => {
    const text = pod(['- image: x', '  args: [a]'])
    expect(check(text, defaultPolicy().admission).map(f => f.split(':')[0])).toEqual([
      'CG-K8S-CPU-LIMIT@6',
      'CG-K8S-MEMORY-LIMIT@6'
    ])
  })
})

describe('9.1 a document that parses is judged whatever its strings contain', () => {
  it('a privileged Deployment with {{ }} in a quoted annotation blocks', () => {
    expect(check(edge('9.1-template-annotation.yaml'), defaultPolicy().admission)).toEqual([
      "CG-K8S-PRIVILEGED@19: Container 'web' of Deployment 'templated-annotation' is privileged (securityContext.privileged: true)"
    ])
  })

  it('YAML that is not a Kubernetes object is out of scope, quietly', () => {
    const workflow = 'name: ci\non: push\njobs:\n  x:\n    steps:\n      - run: echo "${{ github.sha }}"\n'
    expect(checkManifests([{ path: '.github/workflows/ci.yml', text: workflow }], strict)).toEqual({
      findings: [],
      judged: []
    })
  })

  it('what cannot be read is CG-NOT-CHECKED, CRITICAL, at its line', () => {
    const findings = checkManifests(
      [{ path: 'k8s/t.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }\n' }],
      strict
    ).findings
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'CG-NOT-CHECKED',
        kind: 'coverage',
        severity: 'CRITICAL',
        file: 'k8s/t.yaml',
        startLine: 4,
        message: expect.stringContaining(
          'k8s/t.yaml:4 was not checked by the admission rules: an unrendered template'
        )
      })
    ])
  })

  it('a 100,000-level nested document is CG-NOT-CHECKED, not an info line', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\nspec: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`
    expect(check(text)).toEqual([expect.stringMatching(/^CG-NOT-CHECKED@4: .*nested too deeply to read/)])
  })
})

describe("kubectl's list rules (found by the differential test)", () => {
  it("a PodList's items without kind are Pods; a Pod with items is its items; items: null creates nothing", () => {
    const found = check(edge('lists.yaml'), { ...defaultPolicy().admission, requireLimits: [] })
    expect(found.map(f => /of (\w+ '[^']+')/.exec(f)![1])).toEqual([
      "Pod 'list-item'",
      "CronJob 'list-cron'",
      "Pod 'podlist-item'",
      "Pod 'inner-pod'",
      "Pod 'list-without-apiversion'"
    ])
  })

  it('a UTF-16 manifest with a byte-order mark is read, as kubectl reads it', () => {
    for (const file of ['encoding-utf16le-bom.yaml', 'encoding-utf16be-bom.yaml', 'encoding-utf8-bom.yaml'])
      expect(check(edge(file), { ...defaultPolicy().admission, requireLimits: [] })).toEqual([
        expect.stringMatching(/^CG-K8S-PRIVILEGED@10/)
      ])
  })
})
