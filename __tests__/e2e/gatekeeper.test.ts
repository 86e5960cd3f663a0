/**
 * The cluster's own Gatekeeper policies end to end: the action installs gator from the release mirror
 * and runs `gator test` with the gatekeeper-library templates and constraints of
 * __fixtures__/shared/fixtures/gatekeeper on the repository's manifests.
 *
 * Workspace: the fixture repository (k8s/deployment.yaml: Deployment `web`, container `web`
 * privileged, no limits, metadata at lines 3-6) plus, written by the scenario:
 *   k8s/pod.yaml               the library's privileged example Pod (metadata at lines 3-6)
 *   .github/workflows/ci.yml   a YAML file that is no Kubernetes object (gator alone would abort on it)
 *   .github/container-gate.yml the built-in admission rules off: the cluster's policies are the ones
 *                              that count (and the 10 error annotations GitHub shows are all gator's)
 *   policies/                  privileged containers (deny), container limits (warn), read-only root
 *                              filesystem (dryrun), and Gatekeeper's ExpansionTemplate for
 *                              Deployments, so the Pod-only library constraints reach the Deployment
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectSoundReports } from './helpers/checks.js'
import {
  SHARED,
  e2eEnv,
  mirrorRequests,
  namespace,
  offlineInputs,
  runAction,
  transcript
} from './helpers/harness.js'

const env = e2eEnv()
const library = (path: string) => readFileSync(join(SHARED, 'fixtures/gatekeeper', path), 'utf8')
const withAction = (constraint: string, action: string) =>
  constraint.replace(/^spec:/m, `spec:\n  enforcementAction: ${action}`)

/** Gatekeeper's documented ExpansionTemplate: a Deployment is also judged as the Pod it creates. */
const EXPAND_DEPLOYMENTS = `apiVersion: expansion.gatekeeper.sh/v1beta1
kind: ExpansionTemplate
metadata:
  name: expand-deployments
spec:
  applyTo:
    - groups: ["apps"]
      kinds: ["Deployment"]
      versions: ["v1"]
  templateSource: "spec.template"
  generatedGVK:
    kind: "Pod"
    group: ""
    version: "v1"
`

const POLICIES: Record<string, string> = {
  'policies/privileged-template.yaml': library('privileged-containers/template.yaml'),
  'policies/privileged-constraint.yaml': library(
    'privileged-containers/samples/psp-privileged-container/constraint.yaml'
  ),
  'policies/limits-template.yaml': library('containerlimits/template.yaml'),
  'policies/limits-constraint.yaml': withAction(
    library('containerlimits/samples/container-must-have-limits/constraint.yaml'),
    'warn'
  ),
  'policies/readonly-template.yaml': library('read-only-root-filesystem/template.yaml'),
  'policies/readonly-constraint.yaml': withAction(
    library('read-only-root-filesystem/samples/psp-readonlyrootfilesystem/constraint.yaml'),
    'dryrun'
  ),
  'policies/expand-deployments.yaml': EXPAND_DEPLOYMENTS
}

const WORKSPACE: Record<string, string> = {
  ...POLICIES,
  'k8s/pod.yaml': library('privileged-containers/samples/psp-privileged-container/example_disallowed.yaml'),
  '.github/workflows/ci.yml': 'name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n',
  '.github/container-gate.yml': 'version: 1\nadmission:\n  deny-privileged: false\n  require-limits: []\n'
}

const inputs = (ns: string) => ({
  ...offlineInputs(env, ns),
  dockerfile: '',
  'config-path': '',
  manifests: '**/*.yaml\n**/*.yml',
  'gatekeeper-policies': 'policies/*.yaml'
})

describe('Gatekeeper policies (gator)', () => {
  it("blocks what the cluster's deny constraints refuse, at the object's lines; warn and dryrun do not block", async () => {
    const ns = namespace('gatekeeper')
    const r = await runAction(env, { mirrorNamespace: ns, inputs: inputs(ns), files: WORKSPACE })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)
    expect(r.outputs).toMatchObject({ 'blocking-count': '2', critical: '2', medium: '3', low: '2' })
    const report = await expectSoundReports(r)

    const gator = report.findings
      .filter(f => f.tool === 'gator')
      .map(f => [f.ruleId, f.severity, f.file, f.startLine, f.decision.action === 'block' ? 'block' : 'pass'])
      .map(row => row.join(' '))
      .sort()
    const priv = 'K8sPSPPrivilegedContainer/psp-privileged-container CRITICAL'
    const limits = 'K8sContainerLimits/container-must-have-limits MEDIUM'
    const readonly = 'K8sPSPReadOnlyRootFilesystem/psp-readonlyrootfilesystem LOW'
    expect(gator.length > 0 ? gator : transcript(r)).toEqual(
      [
        `${priv} k8s/pod.yaml 3 block`,
        `${priv} k8s/deployment.yaml 3 block`,
        // one per container without limits: nginx and nginx-init in the Pod, web in the Deployment
        `${limits} k8s/pod.yaml 3 pass`,
        `${limits} k8s/pod.yaml 3 pass`,
        `${limits} k8s/deployment.yaml 3 pass`,
        `${readonly} k8s/pod.yaml 3 pass`,
        `${readonly} k8s/deployment.yaml 3 pass`
      ].sort()
    )
    // Each deny violation is an error annotation on its object's first metadata line (the only
    // located errors: the built-in admission rules are off).
    const errors = r.annotations
      .filter(a => a.level === 'error' && a.properties.file !== undefined)
      .map(a => `${a.properties.file}:${a.properties.line} ${a.properties.title}`)
      .sort()
    expect(errors).toEqual([
      'k8s/deployment.yaml:3 CRITICAL K8sPSPPrivilegedContainer/psp-privileged-container',
      'k8s/pod.yaml:3 CRITICAL K8sPSPPrivilegedContainer/psp-privileged-container'
    ])
    // gator came from the mirror, like every other tool.
    expect(Object.keys((await mirrorRequests(env, ns)).requests)).toContain(
      '/open-policy-agent/gatekeeper/releases/download/v3.23.0/gator-v3.23.0-linux-amd64.tar.gz'
    )
  })

  it('a constraint whose template is missing fails the step with the file named, before gator runs', async () => {
    const ns = namespace('gatekeeper-missing')
    const files = Object.fromEntries(
      Object.entries(WORKSPACE).filter(([path]) => path !== 'policies/limits-template.yaml')
    )
    const r = await runAction(env, { mirrorNamespace: ns, inputs: inputs(ns), files })
    expect(r.exitCode).not.toBe(0)
    const errors = r.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors.length > 0 ? errors : transcript(r)).toEqual([
      "Input 'gatekeeper-policies': policies/limits-constraint.yaml:1 constraint K8sContainerLimits/container-must-have-limits has no ConstraintTemplate defining kind K8sContainerLimits in the gatekeeper-policies files: add the template's file (the cluster has both)."
    ])
  })
})
