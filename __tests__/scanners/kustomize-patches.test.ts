/**
 * Patch files judged through the builds only while a build shows them (real kustomize 5.8.2 output
 * recorded from e2e/repos/kustomize). kustomize applies a patch whose target selects nothing without
 * a word (kubernetes-sigs/kustomize#4379, still open in 5.8.2), so a pull request could name a
 * privileged Deployment as a patch to nothing and keep it out of every check.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseBuildOutput, type RenderedBuild } from '../../src/scanners/kustomize.js'
import { unappliedPatchFiles } from '../../src/scanners/kustomize-patches.js'

const recorded = (name: string) => readFileSync(resolve('__fixtures__/recorded', name), 'utf8')
const where = { wrapperDir: '/r/run/kustomize/1', workspace: '/r/repo' }

function build(dir: string, fixture: string): RenderedBuild {
  const text = recorded(fixture)
  return {
    build: { kustomization: `${dir}/kustomization.yaml`, dir },
    text,
    objects: parseBuildOutput(text, where)
  }
}

const hostnet = build('overlays/hostnet', 'kustomize-5.8.2-build-hostnet.yaml')
const prod = build('overlays/prod', 'kustomize-5.8.2-build-prod.yaml')
const HOST = readFileSync(resolve('e2e/repos/kustomize/overlays/hostnet/host.yaml'), 'utf8')

/** A whole privileged Deployment of its own, as a hostile pull request names it under `patches:`. */
const SMUGGLED = `apiVersion: apps/v1
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

describe('unappliedPatchFiles', () => {
  it('a strategic-merge patch the build shows is applied (the fixture’s host.yaml)', () => {
    expect(
      unappliedPatchFiles([{ path: 'overlays/hostnet/host.yaml', text: HOST }], [hostnet, prod])
    ).toEqual([])
  })

  it('the same patch with no build that applies it is judged as a manifest', () => {
    expect(unappliedPatchFiles([{ path: 'overlays/hostnet/host.yaml', text: HOST }], [prod])).toEqual([
      'overlays/hostnet/host.yaml'
    ])
  })

  it('a whole Deployment named as a patch that selects nothing is judged as a manifest', () => {
    expect(
      unappliedPatchFiles([{ path: 'overlays/hostnet/miner.yaml', text: SMUGGLED }], [hostnet, prod])
    ).toEqual(['overlays/hostnet/miner.yaml'])
  })

  it('a patch whose values differ from the build’s (another patch undid it) is judged as a manifest', () => {
    const undone = HOST.replace('hostNetwork: true', 'hostNetwork: true\n      hostPID: true')
    expect(unappliedPatchFiles([{ path: 'p.yaml', text: undone }], [hostnet])).toEqual(['p.yaml'])
  })

  it('the name is namePrefix’s to change: a patch of web shows in prod-web', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n'
    expect(unappliedPatchFiles([{ path: 'p.yaml', text: patch }], [prod])).toEqual([])
  })

  it('directives and deletions are instructions, not content', () => {
    const patch = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  template:',
      '    spec:',
      '      $setElementOrder/containers: [{ name: web }]',
      '      nodeSelector: null',
      '      containers:',
      '        - name: web',
      '          securityContext: { privileged: true }',
      '        - { name: sidecar, $patch: delete }',
      ''
    ].join('\n')
    expect(unappliedPatchFiles([{ path: 'p.yaml', text: patch }], [hostnet])).toEqual([])
  })

  it('a JSON6902 list of operations is no object: nothing to judge on its own', () => {
    const ops = '- op: add\n  path: /spec/template/spec/hostPID\n  value: true\n'
    expect(unappliedPatchFiles([{ path: 'ops.yaml', text: ops }], [])).toEqual([])
  })
})
