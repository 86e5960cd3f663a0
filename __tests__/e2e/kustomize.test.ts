/**
 * kustomize overlays end to end: the action installs kustomize 5.8.2 from the release mirror, builds
 * every kustomization among the manifests and judges what the cluster would receive.
 *
 * Workspace: the fixture repository plus e2e/repos/kustomize under deploy/:
 *   base/                      a clean Deployment `web` (limits, read-only root filesystem)
 *   overlays/prod/             namePrefix prod- and a JSON6902 patch adding privileged: true
 *                              (`patches:` at line 6 of its kustomization.yaml)
 *   overlays/hostnet/          a strategic-merge patch file (host.yaml): hostNetwork and privileged
 *                              (`patches:` at line 5)
 * Every file on its own is clean, so before kustomize builds were judged the gate passed.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { runnerCommands } from '../helpers/workflow-commands.js'
import { expectSoundReports, type ReportFinding } from './helpers/checks.js'
import {
  REPO,
  SHARED,
  e2eEnv,
  mirrorRequests,
  namespace,
  newDirs,
  offlineInputs,
  runAction,
  transcript
} from './helpers/harness.js'

const env = e2eEnv()

/** The files of a folder, keyed by their path under `prefix`. */
function filesOf(dir: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[`${prefix}/${relative(dir, p)}`] = readFileSync(p, 'utf8')
    }
  }
  walk(dir)
  return out
}

const OVERLAYS = filesOf(join(REPO, 'e2e/repos/kustomize'), 'deploy')
const library = (path: string) => readFileSync(join(SHARED, 'fixtures/gatekeeper', path), 'utf8')
const POLICIES: Record<string, string> = {
  'policies/privileged-template.yaml': library('privileged-containers/template.yaml'),
  'policies/privileged-constraint.yaml': library(
    'privileged-containers/samples/psp-privileged-container/constraint.yaml'
  ),
  // Gatekeeper's documented ExpansionTemplate: a Deployment is also judged as the Pod it creates.
  'policies/expand-deployments.yaml': `apiVersion: expansion.gatekeeper.sh/v1beta1
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
}

const inputs = (ns: string, extra: Record<string, string> = {}) => ({
  ...offlineInputs(env, ns),
  dockerfile: '',
  'config-path': '',
  manifests: 'deploy/**/*.yaml',
  ...extra
})

const where = (f: ReportFinding) => `${f.ruleId} ${f.file}:${f.startLine}`
const message = (f: ReportFinding) => (f as ReportFinding & { message?: string }).message ?? ''

describe('kustomize overlays', () => {
  it('fails on what the overlays build: privileged by a JSON6902 and by a strategic-merge patch, on the overlays', async () => {
    const ns = namespace('kustomize')
    const files = { ...OVERLAYS, ...POLICIES }
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: inputs(ns, { 'gatekeeper-policies': 'policies/*.yaml' }),
      files
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)
    const report = await expectSoundReports(r)
    const blocking = report.findings.filter(f => f.decision.action === 'block')
    expect(blocking.length > 0 ? blocking.map(where).sort() : transcript(r)).toEqual(
      [
        'CG-K8S-PRIVILEGED deploy/overlays/hostnet/kustomization.yaml:5',
        'CG-K8S-PRIVILEGED deploy/overlays/prod/kustomization.yaml:6',
        'K8sPSPPrivilegedContainer/psp-privileged-container deploy/overlays/hostnet/kustomization.yaml:5',
        'K8sPSPPrivilegedContainer/psp-privileged-container deploy/overlays/prod/kustomization.yaml:6'
      ].sort()
    )
    const prod = blocking.find(f => f.ruleId === 'CG-K8S-PRIVILEGED' && f.file?.includes('prod'))!
    expect(message(prod)).toContain("Deployment 'prod-web'")
    expect(message(prod)).toContain(
      'in kustomize build deploy/overlays/prod, from deploy/base/deployment.yaml, as patched by deploy/overlays/prod/kustomization.yaml'
    )
    // The base alone is clean, and the patch file is not judged as a manifest of its own.
    expect(
      report.findings.filter(f => f.file?.startsWith('deploy/base/') || f.file?.endsWith('host.yaml'))
    ).toEqual([])
    expect(r.stdout).toContain('Kustomizations (rendered with kustomize build) (3)')
    // kustomize came from the mirror, verified against the release's checksums.txt.
    expect(Object.keys((await mirrorRequests(env, ns)).requests)).toEqual(
      expect.arrayContaining([
        '/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.8.2/kustomize_v5.8.2_linux_amd64.tar.gz',
        '/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.8.2/checksums.txt'
      ])
    )
  })

  it('a remote base and a failing build are CG-NOT-CHECKED naming the kustomization, nothing fetched', async () => {
    const ns = namespace('kustomize-unbuilt')
    const files = {
      ...OVERLAYS,
      'deploy/overlays/remote/kustomization.yaml':
        'resources:\n  - ../../base\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1\n',
      'deploy/overlays/broken/kustomization.yaml': 'resources:\n  - ../../base\n  - missing.yaml\n'
    }
    const r = await runAction(env, { mirrorNamespace: ns, inputs: inputs(ns), files })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    const unchecked = report.findings.filter(f => f.ruleId === 'CG-NOT-CHECKED')
    expect(unchecked.length > 0 ? unchecked.map(where).sort() : transcript(r)).toEqual([
      'CG-NOT-CHECKED deploy/overlays/broken/kustomization.yaml:1',
      'CG-NOT-CHECKED deploy/overlays/remote/kustomization.yaml:3'
    ])
    const [broken, remote] = [...unchecked].sort((a, b) => (a.file! < b.file! ? -1 : 1))
    expect(message(remote!)).toContain(
      'kustomize build deploy/overlays/remote was not run: resources entry "https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1" in deploy/overlays/remote/kustomization.yaml is remote: container-gate does not fetch it'
    )
    // kustomize's own words, with the runner's folders taken out.
    expect(message(broken!)).toMatch(
      /kustomize build deploy\/overlays\/broken: kustomize failed \(exit 1\): Error: .*missing\.yaml/
    )
    expect(message(broken!)).not.toContain(r.dirs.workspace)
  })
})

/** A whole privileged Deployment of its own, with no limits: every admission rule denies it. */
const MINER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: miner
spec:
  selector: { matchLabels: { app: miner } }
  template:
    metadata: { labels: { app: miner } }
    spec:
      containers:
        - name: miner
          image: ghcr.io/evil/miner:1
          securityContext: { privileged: true }
`

describe('kustomize overlays a hostile pull request writes', () => {
  it('a Deployment named as a patch whose target selects nothing is judged as the manifest it is', async () => {
    const ns = namespace('kustomize-smuggled')
    const files = {
      ...OVERLAYS,
      'deploy/miner.yaml': MINER,
      // kustomize applies it to nothing without a word: only the file names it.
      'deploy/kustomization.yaml':
        'resources:\n  - base\npatches:\n  - path: miner.yaml\n    target: { kind: CronJob, name: nothing }\n'
    }
    const r = await runAction(env, { mirrorNamespace: ns, inputs: inputs(ns), files })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    const miner = report.findings.filter(f => f.file === 'deploy/miner.yaml' && f.decision.action === 'block')
    expect(miner.length > 0 ? miner.map(f => f.ruleId).sort() : transcript(r)).toEqual([
      'CG-K8S-CPU-LIMIT',
      'CG-K8S-MEMORY-LIMIT',
      'CG-K8S-PRIVILEGED'
    ])
    expect(r.stdout).toContain('judged as manifests: deploy/miner.yaml')
  })

  it('an overlay named Kustomization is built and its inline patch judged', async () => {
    const ns = namespace('kustomize-bare-name')
    const files = {
      ...OVERLAYS,
      'deploy/overlays/bare/Kustomization': OVERLAYS['deploy/overlays/prod/kustomization.yaml']!.replace(
        'namePrefix: prod-',
        'namePrefix: bare-'
      )
    }
    const r = await runAction(env, { mirrorNamespace: ns, inputs: inputs(ns), files })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    const bare = report.findings.filter(f => f.file === 'deploy/overlays/bare/Kustomization')
    expect(bare.length > 0 ? bare.map(where) : transcript(r)).toEqual([
      'CG-K8S-PRIVILEGED deploy/overlays/bare/Kustomization:6'
    ])
  })

  it('a base whose kustomization.yaml links to /dev/zero is not built: not checked, and the run ends', async () => {
    const ns = namespace('kustomize-zero')
    const files = { ...OVERLAYS, 'deploy/overlays/zero/kustomization.yaml': 'resources:\n  - ../../zero\n' }
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: inputs(ns),
      files,
      links: { 'deploy/zero/kustomization.yaml': '/dev/zero' },
      timeoutMs: 120_000
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    // Refused for both builds that read it: its own (it is among the manifests) and the overlay's.
    const unchecked = report.findings.filter(f => f.ruleId === 'CG-NOT-CHECKED')
    expect(unchecked.map(f => `${where(f)} ${message(f).replace(/:.*/, '')}`).sort()).toEqual([
      'CG-NOT-CHECKED deploy/zero/kustomization.yaml:1 deploy/zero/kustomization.yaml was not checked by the admission rules',
      'CG-NOT-CHECKED deploy/zero/kustomization.yaml:1 deploy/zero/kustomization.yaml was not checked by the admission rules'
    ])
    expect(unchecked.map(message).sort()).toEqual([
      expect.stringContaining(
        'kustomize build deploy/overlays/zero was not run: deploy/zero/kustomization.yaml is a symbolic link'
      ),
      expect.stringContaining(
        'kustomize build deploy/zero was not run: deploy/zero/kustomization.yaml is a symbolic link'
      )
    ])
  })
  it('kustomize’s own error, quoting a hostile entry, prints no workflow command', async () => {
    const ns = namespace('kustomize-inject')
    const hostile =
      'x\n::stop-commands::pwned\n::error::forged\r::add-mask::m\r##[set-output name=verdict;]pass.yaml'
    const files = {
      ...OVERLAYS,
      'deploy/overlays/inject/kustomization.yaml': `resources:\n  - ../../base\n  - ${JSON.stringify(hostile)}\n`
    }
    const r = await runAction(env, { mirrorNamespace: ns, inputs: inputs(ns), files })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    const unchecked = report.findings.filter(f => f.ruleId === 'CG-NOT-CHECKED')
    expect(unchecked.map(where)).toEqual(['CG-NOT-CHECKED deploy/overlays/inject/kustomization.yaml:1'])
    const names = runnerCommands(r.stdout).map(c => c.command)
    expect(
      names.filter(n => !['error', 'warning', 'notice', 'debug', 'add-mask', 'group', 'endgroup'].includes(n))
    ).toEqual([])
    expect(r.outputs.verdict).toBe('fail')
    expect(r.stdout).not.toMatch(/^::stop-commands::/m)
    expect(r.stdout).not.toMatch(/^::error::forged/m)
    expect(r.stdout).not.toMatch(/^::add-mask::m/m)
  })
  it('overlays that forge kustomize’s build metadata do not reach the node agent’s ignore', async () => {
    const ns = namespace('kustomize-forged-metadata')
    // e2e/repos/kustomize-hostile: the node agent may run privileged (the policy's path ignore);
    // deploy/evil brings a forged transformations entry naming the node agent's kustomization,
    // deploy/evil2 a commonAnnotations origin naming its DaemonSet, deploy/evil3 the same under an
    // escaped key while taking the node agent in.
    // The forged paths name the workspace as an attacker would on a runner: by its real path.
    const dirs = newDirs()
    const workspace = realpathSync(dirs.workspace)
    const hostile = filesOf(join(REPO, 'e2e/repos/kustomize-hostile/deploy'), 'deploy')
    const files = {
      ...Object.fromEntries(
        Object.entries(hostile).map(([path, text]) => [
          path,
          text.replaceAll('../../../repo/', `${workspace}/`)
        ])
      ),
      '.github/container-gate.yml': `version: 1
ignores:
  - id: CG-K8S-PRIVILEGED
    path: deploy/node-agent/**
    reason: the node agent needs the host
`
    }
    const r = await runAction(env, { mirrorNamespace: ns, inputs: inputs(ns), files, reuse: dirs })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    const blocking = report.findings.filter(f => f.decision.action === 'block')
    expect(blocking.length > 0 ? blocking.map(where).sort() : transcript(r)).toEqual([
      'CG-K8S-PRIVILEGED deploy/evil/overlay/kustomization.yaml:3',
      'CG-NOT-CHECKED deploy/evil2/overlay/kustomization.yaml:1',
      'CG-NOT-CHECKED deploy/evil3/overlay/kustomization.yaml:1'
    ])
  })
})
