/**
 * Kinds whose schema container-gate does not know: their pod templates are found by shape and
 * judged like a Deployment's (the cluster's admission controller judges the pods they create), and
 * images in fields that are no pod template are CG-NOT-CHECKED, never a silent pass. The manifests
 * follow each project's documentation.
 */
import { describe, it, expect } from '@jest/globals'
import { ADMISSION_RULES, checkManifests } from '../../src/checks/admission/rules.js'
import type { AdmissionOptions } from '../../src/checks/admission/rules.js'

const none: AdmissionOptions = {
  denyPrivileged: false,
  requireLimits: [],
  requireReadOnlyRootFilesystem: false,
  requireNetworkPolicy: false
}
const strict: AdmissionOptions = {
  denyPrivileged: true,
  requireLimits: ['cpu', 'memory'],
  requireReadOnlyRootFilesystem: true,
  requireNetworkPolicy: true
}
const yaml = (...lines: string[]) => lines.join('\n')
const lineOf = (text: string, needle: string, from = 0) =>
  text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1
const findingsOf = (text: string, policy: AdmissionOptions) =>
  checkManifests([{ path: 'k8s/app.yaml', text }], policy).findings

const DEPLOYMENT = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: rollouts-demo',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      app: rollouts-demo',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: rollouts-demo',
  '    spec:',
  '      containers:',
  '      - name: rollouts-demo',
  '        image: argoproj/rollouts-demo:blue',
  '        securityContext:',
  '          privileged: true'
)

// argo-rollouts docs, getting started (examples/rollout-canary.yaml)
const ROLLOUT = yaml(
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Rollout',
  'metadata:',
  '  name: rollouts-demo',
  'spec:',
  '  replicas: 5',
  '  strategy:',
  '    canary:',
  '      steps:',
  '      - setWeight: 20',
  '      - pause: {}',
  '  revisionHistoryLimit: 2',
  '  selector:',
  '    matchLabels:',
  '      app: rollouts-demo',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: rollouts-demo',
  '    spec:',
  '      containers:',
  '      - name: rollouts-demo',
  '        image: argoproj/rollouts-demo:blue',
  '        ports:',
  '        - name: http',
  '          containerPort: 8080',
  '          protocol: TCP',
  '        securityContext:',
  '          privileged: true'
)

// Knative Serving docs, "Deploying your first Knative Service" (the container has no name)
const KNATIVE = yaml(
  'apiVersion: serving.knative.dev/v1',
  'kind: Service',
  'metadata:',
  '  name: hello',
  'spec:',
  '  template:',
  '    metadata:',
  '      annotations:',
  '        autoscaling.knative.dev/target: "10"',
  '    spec:',
  '      containers:',
  '        - image: ghcr.io/knative/helloworld-go:latest',
  '          ports:',
  '            - containerPort: 8080',
  '          env:',
  '            - name: TARGET',
  '              value: "World"',
  '          securityContext:',
  '            privileged: true'
)

// KEDA docs, ScaledJob specification
const SCALED_JOB = yaml(
  'apiVersion: keda.sh/v1alpha1',
  'kind: ScaledJob',
  'metadata:',
  '  name: rabbitmq-consumer',
  '  namespace: default',
  'spec:',
  '  jobTargetRef:',
  '    parallelism: 1',
  '    completions: 1',
  '    activeDeadlineSeconds: 600',
  '    backoffLimit: 6',
  '    template:',
  '      spec:',
  '        containers:',
  '        - name: rabbitmq-client',
  '          image: ghcr.io/kedacore/rabbitmq-client:v1.0',
  '          command: ["receive", "amqp://user:PASSWORD@rabbitmq.default.svc.cluster.local:5672", "job"]',
  '          securityContext:',
  '            privileged: true',
  '        restartPolicy: Never',
  '  pollingInterval: 10',
  '  maxReplicaCount: 100',
  '  triggers:',
  '  - type: rabbitmq',
  '    metadata:',
  '      queueName: hello',
  '      host: RabbitMqHost',
  "      queueLength: '5'"
)

// OpenKruise docs, CloneSet
const CLONESET = yaml(
  'apiVersion: apps.kruise.io/v1alpha1',
  'kind: CloneSet',
  'metadata:',
  '  labels:',
  '    app: sample',
  '  name: sample',
  'spec:',
  '  replicas: 5',
  '  selector:',
  '    matchLabels:',
  '      app: sample',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: sample',
  '    spec:',
  '      containers:',
  '      - name: nginx',
  '        image: nginx:alpine',
  '        securityContext:',
  '          privileged: true',
  '  updateStrategy:',
  '    type: InPlaceIfPossible'
)

// core/v1 PodTemplate: the template is a top-level field
const POD_TEMPLATE = yaml(
  'apiVersion: v1',
  'kind: PodTemplate',
  'metadata:',
  '  name: web',
  'template:',
  '  metadata:',
  '    labels:',
  '      app: web',
  '  spec:',
  '    containers:',
  '    - name: web',
  '      image: nginx:1.25',
  '      securityContext:',
  '        privileged: true'
)

// Volcano docs: a Job of another API group, whose pod templates are under spec.tasks
const VOLCANO_JOB = yaml(
  'apiVersion: batch.volcano.sh/v1alpha1',
  'kind: Job',
  'metadata:',
  '  name: test-job',
  'spec:',
  '  minAvailable: 3',
  '  schedulerName: volcano',
  '  tasks:',
  '    - replicas: 6',
  '      name: default-nginx',
  '      template:',
  '        metadata:',
  '          name: web',
  '        spec:',
  '          containers:',
  '            - image: nginx',
  '              imagePullPolicy: IfNotPresent',
  '              name: nginx',
  '              securityContext:',
  '                privileged: true',
  '          restartPolicy: OnFailure'
)

describe('pod templates of other kinds are judged like a Deployment', () => {
  it.each([
    ['Deployment', DEPLOYMENT, "Container 'rollouts-demo' of Deployment 'rollouts-demo'"],
    ['Argo Rollout', ROLLOUT, "Container 'rollouts-demo' of Rollout 'rollouts-demo' (spec.template)"],
    ['Knative Service', KNATIVE, "Container '(unnamed)' of Service 'hello' (spec.template)"],
    [
      'KEDA ScaledJob',
      SCALED_JOB,
      "Container 'rabbitmq-client' of ScaledJob 'rabbitmq-consumer' (spec.jobTargetRef.template)"
    ],
    ['OpenKruise CloneSet', CLONESET, "Container 'nginx' of CloneSet 'sample' (spec.template)"],
    ['core PodTemplate', POD_TEMPLATE, "Container 'web' of PodTemplate 'web'"],
    ['Volcano Job', VOLCANO_JOB, "Container 'nginx' of Job 'test-job' (spec.tasks[0].template)"]
  ])('%s: privileged → CG-K8S-PRIVILEGED on its line', (_name, text, who) => {
    const line = lineOf(text, 'privileged: true')
    const image = /image: (\S+)/.exec(text)![1]
    expect(findingsOf(text, { ...none, denyPrivileged: true })).toEqual([
      {
        tool: 'container-gate',
        kind: 'misconfig',
        ruleId: ADMISSION_RULES.privileged,
        aliases: ['KSV-0017', 'KSV017', 'AVD-KSV-0017'],
        severity: 'CRITICAL',
        title: 'Privileged container',
        description: expect.any(String),
        message: `${who} is privileged (securityContext.privileged: true)`,
        target: 'k8s/app.yaml',
        subject: 'k8s/app.yaml',
        file: 'k8s/app.yaml',
        startLine: line,
        endLine: line,
        image
      }
    ])
  })

  // Kubeflow docs, TFJob: one pod template per replica type, each judged and named
  it('judges every pod template of an object, with its own labels', () => {
    const text = yaml(
      'apiVersion: kubeflow.org/v1',
      'kind: TFJob',
      'metadata:',
      '  name: mnist',
      '  namespace: kubeflow',
      'spec:',
      '  tfReplicaSpecs:',
      '    PS:',
      '      replicas: 1',
      '      restartPolicy: OnFailure',
      '      template:',
      '        metadata:',
      '          labels: { role: ps }',
      '        spec:',
      '          containers:',
      '            - name: tensorflow',
      '              image: kubeflow/tf-dist-mnist-test:latest',
      '    Worker:',
      '      replicas: 2',
      '      restartPolicy: OnFailure',
      '      template:',
      '        metadata:',
      '          labels: { role: worker }',
      '        spec:',
      '          initContainers:',
      '            - name: fetch',
      '              image: busybox',
      '              securityContext: { privileged: true }',
      '          containers:',
      '            - name: tensorflow',
      '              image: kubeflow/tf-dist-mnist-test:latest'
    )
    const found = findingsOf(text, { ...none, denyPrivileged: true, requireLimits: ['cpu'] })
    expect(found.map(f => [f.ruleId, f.startLine, f.message])).toEqual([
      [
        ADMISSION_RULES.cpuLimit,
        16,
        "Container 'tensorflow' of TFJob 'mnist' (spec.tfReplicaSpecs.PS.template) has no cpu limit (resources.limits.cpu)"
      ],
      [
        ADMISSION_RULES.cpuLimit,
        30,
        "Container 'tensorflow' of TFJob 'mnist' (spec.tfReplicaSpecs.Worker.template) has no cpu limit (resources.limits.cpu)"
      ],
      [
        ADMISSION_RULES.privileged,
        28,
        "Init container 'fetch' of TFJob 'mnist' (spec.tfReplicaSpecs.Worker.template) is privileged (securityContext.privileged: true)"
      ],
      [
        ADMISSION_RULES.cpuLimit,
        26,
        "Init container 'fetch' of TFJob 'mnist' (spec.tfReplicaSpecs.Worker.template) has no cpu limit (resources.limits.cpu)"
      ]
    ])
    const uncovered = findingsOf(text, { ...none, requireNetworkPolicy: true })
    expect(uncovered.map(f => [f.startLine, f.endLine, f.message])).toEqual([
      [
        3,
        5,
        "TFJob 'mnist' (spec.tfReplicaSpecs.PS.template) in namespace 'kubeflow' is not selected by any NetworkPolicy (pod labels: role=ps)"
      ],
      [
        3,
        5,
        "TFJob 'mnist' (spec.tfReplicaSpecs.Worker.template) in namespace 'kubeflow' is not selected by any NetworkPolicy (pod labels: role=worker)"
      ]
    ])
  })
})

// prometheus-operator docs (API reference, PrometheusSpec.containers): entries that change the
// containers the operator makes are merged into them by name; a new one is a whole container.
const PROMETHEUS = yaml(
  'apiVersion: monitoring.coreos.com/v1',
  'kind: Prometheus',
  'metadata:',
  '  name: main',
  'spec:',
  '  replicas: 2',
  '  resources:',
  '    requests: { memory: 400Mi }',
  '  containers:',
  '  - name: prometheus',
  '    args: [--web.enable-lifecycle]',
  '  - name: config-reloader',
  '    securityContext:',
  '      privileged: true',
  '  - name: oauth-proxy',
  '    image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0',
  '    args: [--upstream=http://localhost:9090]'
)

describe('kinds left out of the search are the core ones only', () => {
  it('a custom resource named like a core kind (ConfigMap in another group) still has its pod template judged', () => {
    const text = ROLLOUT.replace(
      'apiVersion: argoproj.io/v1alpha1',
      'apiVersion: ops.example.com/v1'
    ).replace('kind: Rollout', 'kind: ConfigMap')
    expect(findingsOf(text, { ...none, denyPrivileged: true }).map(f => [f.ruleId, f.startLine])).toEqual([
      [ADMISSION_RULES.privileged, lineOf(text, 'privileged: true')]
    ])
  })
})

describe('containers without an image in a kind found by shape are patches', () => {
  it('judged on what they set (privileged), not on what the controller fills in (limits, read-only root)', () => {
    const findings = findingsOf(PROMETHEUS, strict)
    const who = (name: string) => `Container '${name}' of Prometheus 'main' `
    const about = (name: string) => findings.filter(f => f.message?.startsWith(who(name))).map(f => f.ruleId)
    expect(about('prometheus')).toEqual([])
    expect(about('config-reloader')).toEqual([ADMISSION_RULES.privileged])
    // A container with an image is a whole new container: every rule applies.
    expect(about('oauth-proxy')).toEqual([
      ADMISSION_RULES.cpuLimit,
      ADMISSION_RULES.memoryLimit,
      ADMISSION_RULES.readOnlyRootFilesystem
    ])
  })

  it('limits a patch sets above the maximum still block', () => {
    const text = PROMETHEUS.replace(
      '    args: [--web.enable-lifecycle]',
      '    resources: { limits: { cpu: "64" } }'
    )
    const findings = findingsOf(text, { ...none, maxLimits: { cpu: '4' } })
    expect(findings.map(f => [f.ruleId, f.startLine])).toEqual([
      [ADMISSION_RULES.cpuLimit, lineOf(text, 'cpu: "64"')]
    ])
  })
})

describe('images in fields that are no pod template are CG-NOT-CHECKED', () => {
  // Argo Workflows docs: a container template and a script template
  const WORKFLOW = yaml(
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata:',
    '  name: hello-world',
    'spec:',
    '  entrypoint: main',
    '  templates:',
    '  - name: main',
    '    steps:',
    '    - - name: hello',
    '        template: whalesay',
    '  - name: whalesay',
    '    container:',
    '      image: docker/whalesay',
    '      command: [cowsay]',
    '      args: ["hello world"]',
    '      securityContext:',
    '        privileged: true',
    '  - name: gen-random-int',
    '    script:',
    '      image: python:alpine3.6',
    '      command: [python]',
    '      source: |',
    '        import random',
    '        print(random.randint(1, 100))'
  )
  // Tekton docs, "Getting started with Tasks"
  const TASK = yaml(
    'apiVersion: tekton.dev/v1',
    'kind: Task',
    'metadata:',
    '  name: hello',
    'spec:',
    '  steps:',
    '    - name: echo',
    '      image: alpine',
    '      script: |',
    '        #!/bin/sh',
    '        echo "Hello World"'
  )

  it.each([
    ['Argo Workflow', WORKFLOW, "Workflow 'hello-world' has images (lines 14, 21)", 14],
    ['Tekton Task', TASK, "Task 'hello' has images (line 8)", 8]
  ])('%s', (_name, text, what, line) => {
    expect(findingsOf(text, strict)).toEqual([
      expect.objectContaining({
        ruleId: 'CG-NOT-CHECKED',
        kind: 'coverage',
        severity: 'CRITICAL',
        file: 'k8s/app.yaml',
        startLine: line,
        subject: 'admission',
        message: expect.stringContaining(
          `k8s/app.yaml:${line} was not checked by the admission rules: ${what} in fields container-gate does not know as a pod template`
        )
      })
    ])
  })

  it('a kind with a pod template and images elsewhere gets both', () => {
    const text = yaml(
      'apiVersion: example.com/v1',
      'kind: Worker',
      'metadata: { name: w }',
      'spec:',
      '  helperImage: ignored/by-name',
      '  sidecar:',
      '    image: registry.example/sidecar:1',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: main',
      '          image: registry.example/main:1',
      '          securityContext: { privileged: true }'
    )
    expect(findingsOf(text, { ...none, denyPrivileged: true }).map(f => [f.ruleId, f.startLine])).toEqual([
      [ADMISSION_RULES.privileged, 13],
      ['CG-NOT-CHECKED', 7]
    ])
  })
})

describe('objects without pods or images are left alone', () => {
  it.each([
    [
      'ConfigMap (a data key named image included)',
      yaml(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: settings }',
        'data:',
        '  image: nginx:1.25',
        '  containers: "- name: x"'
      )
    ],
    [
      'Service',
      yaml(
        'apiVersion: v1',
        'kind: Service',
        'metadata: { name: web }',
        'spec:',
        '  selector: { app: web }',
        '  ports: [{ port: 80, targetPort: 8080 }]'
      )
    ],
    [
      'Ingress',
      yaml(
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata: { name: web }',
        'spec:',
        '  rules:',
        '    - http:',
        '        paths:',
        '          - path: /',
        '            pathType: Prefix',
        '            backend: { service: { name: web, port: { number: 80 } } }'
      )
    ],
    [
      // a schema describes containers and images; it runs none
      'CustomResourceDefinition',
      yaml(
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: { name: workers.example.com }',
        'spec:',
        '  group: example.com',
        '  versions:',
        '    - name: v1',
        '      schema:',
        '        openAPIV3Schema:',
        '          properties:',
        '            image: { type: string }',
        '            containers: { type: array, items: { type: object } }'
      )
    ],
    [
      // Kyverno docs, disallow-privileged-containers: a pattern of pods, not a pod
      'Kyverno ClusterPolicy',
      yaml(
        'apiVersion: kyverno.io/v1',
        'kind: ClusterPolicy',
        'metadata: { name: disallow-privileged-containers }',
        'spec:',
        '  validationFailureAction: Enforce',
        '  rules:',
        '    - name: privileged-containers',
        '      match: { any: [{ resources: { kinds: [Pod] } }] }',
        '      validate:',
        '        message: Privileged mode is disallowed.',
        '        pattern:',
        '          spec:',
        '            =(ephemeralContainers):',
        '              - =(securityContext):',
        '                  =(privileged): "false"',
        '            containers:',
        '              - =(securityContext):',
        '                  =(privileged): "false"',
        '                image: "!*:latest"'
      )
    ]
  ])('%s', (_name, text) => {
    expect(checkManifests([{ path: 'k8s/app.yaml', text }], strict)).toEqual({
      findings: [],
      judged: [{ file: 'k8s/app.yaml', startLine: 1, endLine: text.split('\n').length }]
    })
  })
})
