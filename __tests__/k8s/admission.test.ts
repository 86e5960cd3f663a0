import { describe, it, expect } from '@jest/globals'
import { ADMISSION_RULES, checkManifests, selects } from '../../src/checks/admission/rules.js'
import type { ContainerGroup } from '../../src/checks/admission/manifests.js'
import type { AdmissionOptions } from '../../src/checks/admission/rules.js'

/** The admission findings of the given manifests (what checkManifests reports besides its ranges). */
function findingsOf(...args: Parameters<typeof checkManifests>) {
  return checkManifests(...args).findings
}

const none: AdmissionOptions = {
  denyPrivileged: false,
  requireLimits: [],
  requireReadOnlyRootFilesystem: false,
  requireNetworkPolicy: false
}
const indent = (lines: string[], n: number) => lines.map(l => ' '.repeat(n) + l)

/** A compliant container, so only the container under test can violate a rule. */
const good = [
  '- name: good',
  '  image: nginx:1.25',
  '  securityContext:',
  '    readOnlyRootFilesystem: true',
  '  resources:',
  '    limits: { cpu: 100m, memory: 64Mi }'
]

/** A workload of `kind` whose pod spec has `bad` (container lines) in `group`. */
function workload(kind: string, group: ContainerGroup, bad: string[], labels = 'app: web'): string {
  const groups: Record<string, string[]> = { containers: [...good] }
  groups[group] = [...(groups[group] ?? []), ...bad]
  const podSpec = Object.entries(groups).flatMap(([g, lines]) => [`${g}:`, ...indent(lines, 2)])
  const podMeta = ['metadata:', `  labels: { ${labels} }`]
  const template = ['template:', ...indent([...podMeta, 'spec:', ...indent(podSpec, 2)], 2)]
  const head = [
    `apiVersion: ${kind === 'Pod' ? 'v1' : 'apps/v1'}`,
    `kind: ${kind}`,
    'metadata:',
    '  name: web',
    '  namespace: shop'
  ]
  if (kind === 'Pod') return [...head, `  labels: { ${labels} }`, 'spec:', ...indent(podSpec, 2)].join('\n')
  if (kind === 'CronJob')
    return [
      ...head,
      'spec:',
      '  schedule: "0 * * * *"',
      '  jobTemplate:',
      '    spec:',
      ...indent(template, 6)
    ].join('\n')
  return [...head, 'spec:', ...indent(template, 2)].join('\n')
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1

const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']
const GROUPS: ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers']
const WHO: Record<ContainerGroup, string> = {
  containers: 'Container',
  initContainers: 'Init container',
  ephemeralContainers: 'Ephemeral container'
}
const grid = KINDS.flatMap(kind => GROUPS.map(group => ({ kind, group })))

describe('privileged containers are denied', () => {
  it.each(grid)('$kind $group', ({ kind, group }) => {
    const bad = [
      '- name: bad',
      '  image: busybox',
      '  securityContext:',
      '    privileged: true',
      '    readOnlyRootFilesystem: true',
      '  resources:',
      '    limits: { cpu: 1, memory: 1Gi }'
    ]
    const text = workload(kind, group, bad)
    const found = findingsOf([{ path: 'k8s/app.yaml', text }], { ...none, denyPrivileged: true })
    expect(found).toEqual([
      {
        tool: 'container-gate',
        kind: 'misconfig',
        ruleId: ADMISSION_RULES.privileged,
        aliases: ['KSV-0017', 'KSV017', 'AVD-KSV-0017'],
        severity: 'CRITICAL',
        title: 'Privileged container',
        description: expect.any(String),
        message: `${WHO[group]} 'bad' of ${kind} 'web' is privileged (securityContext.privileged: true)`,
        target: 'k8s/app.yaml',
        subject: 'k8s/app.yaml',
        file: 'k8s/app.yaml',
        startLine: lineOf(text, 'privileged: true'),
        endLine: lineOf(text, 'privileged: true'),
        image: 'busybox'
      }
    ])
    // off → nothing
    expect(findingsOf([{ path: 'k8s/app.yaml', text }], none)).toEqual([])
  })

  it.each([
    ['privileged: false', false],
    ['privileged: "true"', true],
    ['allowPrivilegeEscalation: true', false]
  ])('%s → violation %s', (field, violation) => {
    const text = workload('Pod', 'containers', [
      '- name: bad',
      '  image: x',
      '  securityContext:',
      `    ${field}`
    ])
    expect(findingsOf([{ path: 'p.yaml', text }], { ...none, denyPrivileged: true }).length > 0).toBe(
      violation
    )
  })
})

describe('cpu and memory limits are required', () => {
  it.each(grid)('$kind $group', ({ kind, group }) => {
    const bad = ['- name: bad', '  image: busybox', '  securityContext:', '    readOnlyRootFilesystem: true']
    const text = workload(kind, group, bad)
    const found = findingsOf([{ path: 'app.yaml', text }], {
      ...none,
      requireLimits: ['cpu', 'memory']
    })
    if (group === 'ephemeralContainers') {
      // Kubernetes forbids resources on ephemeral containers; Gatekeeper does not check them either.
      expect(found).toEqual([])
      return
    }
    // 10.6: reported at the container's `name:` line, where a reviewer looks.
    const start = lineOf(text, '- name: bad')
    expect(found.map(f => [f.ruleId, f.severity, f.startLine, f.endLine, f.message, f.aliases[0]])).toEqual([
      [
        ADMISSION_RULES.cpuLimit,
        'CRITICAL',
        start,
        start,
        `${WHO[group]} 'bad' of ${kind} 'web' has no cpu limit (resources.limits.cpu)`,
        'KSV-0011'
      ],
      [
        ADMISSION_RULES.memoryLimit,
        'CRITICAL',
        start,
        start,
        `${WHO[group]} 'bad' of ${kind} 'web' has no memory limit (resources.limits.memory)`,
        'KSV-0018'
      ]
    ])
  })

  const limits = (l: string) =>
    workload('Deployment', 'containers', ['- name: bad', '  image: x', '  resources:', `    limits: ${l}`])
  it.each<[string, AdmissionOptions['requireLimits'], AdmissionOptions['maxLimits'], string[]]>([
    ['{ cpu: 500m, memory: 128Mi }', ['cpu', 'memory'], undefined, []],
    ['{ memory: 128Mi }', ['cpu', 'memory'], undefined, ['has no cpu limit']],
    ['{ memory: 128Mi }', ['memory'], undefined, []],
    ['{ cpu: "", memory: 128Mi }', ['cpu', 'memory'], undefined, ['has no cpu limit']],
    ['{ cpu: 1, memory: 1Gi }', ['cpu', 'memory'], { cpu: '2', memory: '1Gi' }, []],
    [
      '{ cpu: 2500m, memory: 1025Mi }',
      ['cpu', 'memory'],
      { cpu: '2', memory: '1Gi' },
      ['cpu limit 2500m above the maximum of 2', 'memory limit 1025Mi above the maximum of 1Gi']
    ],
    [
      '{ cpu: lots, memory: 1GB }',
      ['cpu', 'memory'],
      undefined,
      [
        'cpu limit "lots" that is not a Kubernetes quantity',
        'memory limit "1GB" that is not a Kubernetes quantity'
      ]
    ],
    ['{ cpu: 3 }', [], { cpu: '2' }, ['cpu limit 3 above the maximum of 2']],
    ['{}', [], { cpu: '2' }, []]
  ])('limits %s, required %j, max %j', (l, requireLimits, maxLimits, messages) => {
    const found = findingsOf([{ path: 'a.yaml', text: limits(l) }], {
      ...none,
      requireLimits,
      ...(maxLimits ? { maxLimits } : {})
    })
    expect(found.map(f => f.message!.replace("Container 'bad' of Deployment 'web' ", ''))).toEqual(
      messages.map(m => (m.startsWith('has') ? m : `has a ${m}`)).map(m => expect.stringContaining(m))
    )
  })
})

describe('read-only root filesystem (when required)', () => {
  it.each(grid)('$kind $group', ({ kind, group }) => {
    const bad = ['- name: bad', '  image: busybox', '  securityContext:', '    readOnlyRootFilesystem: false']
    const text = workload(kind, group, bad)
    const found = findingsOf([{ path: 'app.yaml', text }], {
      ...none,
      requireReadOnlyRootFilesystem: true
    })
    const line = lineOf(text, 'readOnlyRootFilesystem: false')
    expect(found.map(f => [f.ruleId, f.startLine, f.message, f.aliases])).toEqual([
      [
        ADMISSION_RULES.readOnlyRootFilesystem,
        line,
        `${WHO[group]} 'bad' of ${kind} 'web' does not set securityContext.readOnlyRootFilesystem: true`,
        ['KSV-0014', 'KSV014', 'AVD-KSV-0014']
      ]
    ])
  })

  it("a container without securityContext is reported at its name's line", () => {
    const text = workload('Pod', 'containers', ['- name: bad', '  image: x'])
    const found = findingsOf([{ path: 'p.yaml', text }], {
      ...none,
      requireReadOnlyRootFilesystem: true
    })
    expect(found.map(f => [f.startLine, f.endLine])).toEqual([
      [lineOf(text, '- name: bad'), lineOf(text, '- name: bad')]
    ])
  })

  it('exempt images (Gatekeeper semantics: exact, or prefix with *) skip every container rule', () => {
    const text = workload('Pod', 'containers', [
      '- name: bad',
      '  image: registry.local/debug:1',
      '  securityContext:',
      '    privileged: true'
    ])
    const strict: AdmissionOptions = {
      denyPrivileged: true,
      requireLimits: ['cpu', 'memory'],
      requireReadOnlyRootFilesystem: true,
      requireNetworkPolicy: false
    }
    expect(findingsOf([{ path: 'p.yaml', text }], strict)).toHaveLength(4)
    expect(findingsOf([{ path: 'p.yaml', text }], { ...strict, exemptImages: ['registry.local/*'] })).toEqual(
      []
    )
    expect(
      findingsOf([{ path: 'p.yaml', text }], { ...strict, exemptImages: ['registry.local/debug:1'] })
    ).toEqual([])
    expect(
      findingsOf([{ path: 'p.yaml', text }], { ...strict, exemptImages: ['registry.local/debug'] })
    ).toHaveLength(4)
  })
})

describe('NetworkPolicy coverage (when required)', () => {
  const np = (selector: string, namespace = 'shop') =>
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: np',
      `  namespace: ${namespace}`,
      'spec:',
      `  podSelector: ${selector}`,
      '  policyTypes: [Ingress]'
    ].join('\n')
  const policy = { ...none, requireNetworkPolicy: true }

  it.each(KINDS)('%s without a NetworkPolicy is reported on its metadata', kind => {
    const text = workload(kind, 'containers', [])
    const found = findingsOf([{ path: 'app.yaml', text }], policy)
    expect(found.map(f => [f.ruleId, f.startLine, f.endLine, f.message])).toEqual([
      [
        ADMISSION_RULES.networkPolicy,
        3,
        kind === 'Pod' ? 6 : 5,
        `${kind} 'web' in namespace 'shop' is not selected by any NetworkPolicy (pod labels: app=web)`
      ]
    ])
  })

  it.each<[string, string, string, boolean]>([
    ['empty selector selects all', '{}', 'app: web', true],
    ['matchLabels', '{ matchLabels: { app: web } }', 'app: web, tier: front', true],
    ['matchLabels mismatch', '{ matchLabels: { app: api } }', 'app: web', false],
    ['In', '{ matchExpressions: [{ key: app, operator: In, values: [api, web] }] }', 'app: web', true],
    ['NotIn', '{ matchExpressions: [{ key: app, operator: NotIn, values: [web] }] }', 'app: web', false],
    [
      'NotIn on a missing label',
      '{ matchExpressions: [{ key: tier, operator: NotIn, values: [db] }] }',
      'app: web',
      true
    ],
    ['Exists', '{ matchExpressions: [{ key: app, operator: Exists }] }', 'app: web', true],
    ['DoesNotExist', '{ matchExpressions: [{ key: app, operator: DoesNotExist }] }', 'app: web', false],
    [
      'unknown operator',
      '{ matchExpressions: [{ key: app, operator: Like, values: [w] }] }',
      'app: web',
      false
    ]
  ])('%s', (_n, selector, labels, covered) => {
    const found = findingsOf(
      [
        {
          path: 'app.yaml',
          text: `${workload('Deployment', 'containers', [], labels)}\n---\n${np(selector)}`
        }
      ],
      policy
    )
    expect(found.length === 0).toBe(covered)
  })

  it('a policy in another file covers the workload; one in another namespace does not', () => {
    const app = { path: 'app.yaml', text: workload('Deployment', 'containers', []) }
    expect(findingsOf([app, { path: 'np.yaml', text: np('{}') }], policy)).toEqual([])
    expect(findingsOf([app, { path: 'np.yaml', text: np('{}', 'other') }], policy)).toHaveLength(1)
  })

  it('label selectors', () => {
    expect(selects({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true)
    expect(selects({ matchLabels: { a: '1' }, matchExpressions: [] }, {})).toBe(false)
  })
})

describe('reading manifests', () => {
  it('reads multi-document files, Lists and aliases; documents it cannot read are CG-NOT-CHECKED', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: { name: a }',
      '    spec:',
      '      containers:',
      '        - name: c',
      '          image: x',
      '          securityContext: &priv { privileged: true }',
      '---',
      'kind: Pod',
      'metadata: { name: b }',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: x',
      '      securityContext: *priv',
      '---',
      'kind: Deployment',
      'metadata: {{ include "name" . }}',
      '---',
      'kind: Service',
      'metadata: { name: s }'
    ].join('\n')
    const result = checkManifests([{ path: 'all.yaml', text }], { ...none, denyPrivileged: true })
    // An alias cannot refer to an anchor in another document, so the second Pod cannot be read, and
    // neither can the unrendered template (a mapping as a key): both are CG-NOT-CHECKED, never skipped.
    expect(result.findings.map(f => [f.ruleId, f.startLine, f.message])).toEqual([
      ['CG-K8S-PRIVILEGED', 11, "Container 'c' of Pod 'a' is privileged (securityContext.privileged: true)"],
      [
        'CG-NOT-CHECKED',
        19,
        expect.stringContaining("kubectl cannot read it: unknown anchor 'priv' referenced")
      ],
      ['CG-NOT-CHECKED', 22, expect.stringContaining('an unrendered template ({{ … }}) outside a Helm chart')]
    ])
  })

  it('empty and comment-only files have nothing to check', () => {
    expect(
      checkManifests(
        [
          { path: 'e.yaml', text: '' },
          { path: 'c.yaml', text: '# nothing\n---\n' }
        ],
        { ...none, denyPrivileged: true }
      )
    ).toEqual({ findings: [], judged: [] })
  })
})
