/**
 * What runChecks reads from the workspace, and what it does with what it cannot read (issue 9,
 * items 1-2): every file in scope is judged or reported as CG-NOT-CHECKED, never skipped silently.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runChecks } from '../../src/checks/run.js'
import { splitHelmCharts } from '../../src/workspace/scope.js'
import { READ_LIMITS } from '../../src/workspace/safe-read.js'
import type { BuildSettings } from '../../src/checks/base-images/read.js'
import type { Finding } from '../../src/findings/model.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import type { Policy } from '../../src/policy/types.js'

const PRIVILEGED_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p}',
  'spec:',
  '  containers:',
  '  - name: c',
  '    image: x',
  '    securityContext: {privileged: true}',
  '    resources: {limits: {cpu: 1, memory: 1Gi}}',
  ''
].join('\n')

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cg-collect-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

/** Padded with comments past the size limit, as an attacker would. */
const padded = (text: string) => `${text}${'# padding\n'.repeat(Math.ceil(READ_LIMITS.source / 10) + 1)}`

const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
const BUILD: BuildSettings = { platforms: [AMD64], buildPlatform: AMD64, buildArgs: new Map() }

const rows = (findings: readonly Finding[]) =>
  findings.map(f => `${f.ruleId} ${f.subject} ${f.file}${f.startLine ? `:${f.startLine}` : ''}`)

describe('9.2 files over the size limit', () => {
  const allow: Policy = {
    ...defaultPolicy(),
    baseImages: { allow: ['docker.io/library/alpine:*'], requireDigest: false }
  }

  it('a padded privileged Pod manifest and a padded Dockerfile are CG-NOT-CHECKED, with the reason', async () => {
    const root = workspace({
      'k8s/pod.yaml': padded(PRIVILEGED_POD),
      Dockerfile: padded('FROM evil.example.com/miner:1\n'),
      'k8s/small.yaml': PRIVILEGED_POD
    })
    const checks = await runChecks(
      [],
      allow,
      root,
      {
        dockerfiles: ['Dockerfile'],
        manifests: ['k8s/pod.yaml', 'k8s/small.yaml']
      },
      BUILD
    )
    expect(rows(checks.findings)).toEqual([
      'CG-K8S-PRIVILEGED admission k8s/small.yaml:8',
      'CG-NOT-CHECKED admission k8s/pod.yaml:1',
      'CG-NOT-CHECKED base-images Dockerfile:1'
    ])
    const notChecked = checks.findings.filter(f => f.ruleId === 'CG-NOT-CHECKED')
    expect(notChecked.map(f => f.message)).toEqual([
      'k8s/pod.yaml was not checked by the admission rules: it is larger than the 5 MiB limit (not read)',
      'Dockerfile was not checked by the base-image check: it is larger than the 5 MiB limit (not read)'
    ])
    expect(notChecked.every(f => f.kind === 'coverage' && f.severity === 'CRITICAL')).toBe(true)
    expect(checks.subjects).toEqual([
      { tool: 'container-gate', subject: 'base-images' },
      { tool: 'container-gate', subject: 'admission' }
    ])
  })

  it('a Dockerfile is only in scope of the base-image check when a base-image rule is set', async () => {
    const root = workspace({ Dockerfile: padded('FROM evil.example.com/miner:1\n') })
    const checks = await runChecks(
      [],
      defaultPolicy(),
      root,
      {
        dockerfiles: ['Dockerfile'],
        manifests: []
      },
      BUILD
    )
    expect(checks.findings).toEqual([])
  })

  it("Trivy's finding for a file too large to read is kept: nothing else judged it", async () => {
    const root = workspace({ 'k8s/pod.yaml': padded(PRIVILEGED_POD) })
    const trivy: Finding = {
      tool: 'trivy',
      kind: 'misconfig',
      ruleId: 'KSV-0017',
      aliases: [],
      severity: 'HIGH',
      title: 'Privileged container',
      description: '',
      target: 'k8s/pod.yaml',
      subject: 'k8s',
      file: 'k8s/pod.yaml',
      startLine: 8
    }
    const checks = await runChecks(
      [trivy],
      defaultPolicy(),
      root,
      {
        dockerfiles: [],
        manifests: ['k8s/pod.yaml']
      },
      BUILD
    )
    expect(rows(checks.findings)).toEqual([
      'KSV-0017 k8s k8s/pod.yaml:8',
      'CG-NOT-CHECKED admission k8s/pod.yaml:1'
    ])
  })

  it('a file that cannot be read is CG-NOT-CHECKED, saying so without its contents', async () => {
    const root = workspace({ 'k8s/dir.yaml/x': '' })
    const checks = await runChecks(
      [],
      defaultPolicy(),
      root,
      {
        dockerfiles: [],
        manifests: ['k8s/dir.yaml']
      },
      BUILD
    )
    expect(checks.findings.map(f => f.message)).toEqual([
      'k8s/dir.yaml was not checked by the admission rules: it is a directory, not a file'
    ])
  })
})

describe('9.1 Helm charts', () => {
  const files = [
    'charts/app/Chart.yaml',
    'charts/app/values.yaml',
    'charts/app/templates/deployment.yaml',
    'charts/app/templates/sub/job.yaml',
    'charts/app/charts/db/Chart.yaml',
    'charts/app/charts/db/templates/statefulset.yaml',
    'other/Chart.yaml',
    'other/templates/pod.yaml',
    'k8s/templates/pod.yaml',
    '.github/workflows/ci.yml'
  ]
  const manifests = files.filter(f => f.endsWith('.yaml') || f.endsWith('.yml'))

  it('separates chart templates from manifests, and knows which charts a Trivy config scan renders', () => {
    expect(splitHelmCharts(manifests, files, ['charts'])).toEqual({
      manifests: [
        'charts/app/Chart.yaml',
        'charts/app/values.yaml',
        'charts/app/charts/db/Chart.yaml',
        'other/Chart.yaml',
        'k8s/templates/pod.yaml',
        '.github/workflows/ci.yml'
      ],
      charts: [
        {
          chart: 'charts/app',
          templates: ['charts/app/templates/deployment.yaml', 'charts/app/templates/sub/job.yaml'],
          rendered: true
        },
        {
          chart: 'charts/app/charts/db',
          templates: ['charts/app/charts/db/templates/statefulset.yaml'],
          rendered: true
        },
        { chart: 'other', templates: ['other/templates/pod.yaml'], rendered: false }
      ]
    })
    expect(splitHelmCharts(manifests, files, ['.']).charts.every(c => c.rendered)).toBe(true)
  })

  it('templates Trivy renders are left to it quietly and named in a note; the others are CG-NOT-CHECKED', async () => {
    const root = workspace({
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'charts/app/templates/deployment.yaml': 'kind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n',
      'other/Chart.yaml': 'apiVersion: v2\nname: other\nversion: 1.0.0\n',
      'other/templates/pod.yaml': PRIVILEGED_POD
    })
    const split = splitHelmCharts(
      [
        'charts/app/Chart.yaml',
        'charts/app/templates/deployment.yaml',
        'other/Chart.yaml',
        'other/templates/pod.yaml'
      ],
      [
        'charts/app/Chart.yaml',
        'charts/app/templates/deployment.yaml',
        'other/Chart.yaml',
        'other/templates/pod.yaml'
      ],
      ['charts']
    )
    const checks = await runChecks([], defaultPolicy(), root, { dockerfiles: [], ...split }, BUILD)
    expect(rows(checks.findings)).toEqual(['CG-NOT-CHECKED admission other/templates/pod.yaml:1'])
    expect(checks.findings[0]!.message).toBe(
      'other/templates/pod.yaml was not checked by the admission rules: it is a template of the Helm chart other, which no Trivy config scan renders: add other (or a folder above it) to config-path'
    )
    expect(checks.notes).toEqual([
      "Helm charts judged through Trivy's rendering (the admission rules do not read unrendered templates): charts/app (1 template)"
    ])
  })
})
