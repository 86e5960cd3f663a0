/**
 * The check of every kustomization before kustomize runs, on a real file system: what is remote, a
 * Helm chart or outside the workspace refuses the build with the kustomization and entry named;
 * patch files are listed (they are not manifests on their own).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { isKustomization, isRemote, planKustomizations } from '../../src/workspace/kustomize.js'

let root: string
let workspace: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cg-kustomize-'))
  workspace = join(root, 'workspace')
  // The e2e fixture repository: a base and two overlays (JSON6902 inline, strategic merge from a file).
  cpSync(resolve('e2e/repos/kustomize'), workspace, { recursive: true })
  mkdirSync(join(root, 'outside'))
  writeFileSync(join(root, 'outside', 'kustomization.yaml'), 'resources: [secret.yaml]\n')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function write(path: string, text: string): void {
  mkdirSync(dirname(join(workspace, path)), { recursive: true })
  writeFileSync(join(workspace, path), text)
}

describe('planKustomizations', () => {
  it('plans every kustomization of the fixture and lists the strategic-merge patch file', () => {
    const all = [
      'base/kustomization.yaml',
      'overlays/prod/kustomization.yaml',
      'overlays/hostnet/kustomization.yaml'
    ]
    const plan = planKustomizations(all, workspace)
    expect(plan.refused).toEqual([])
    expect(plan.builds).toEqual([
      { kustomization: 'base/kustomization.yaml', dir: 'base' },
      { kustomization: 'overlays/prod/kustomization.yaml', dir: 'overlays/prod' },
      { kustomization: 'overlays/hostnet/kustomization.yaml', dir: 'overlays/hostnet' }
    ])
    expect(plan.patchFiles).toEqual(['overlays/hostnet/host.yaml'])
    // What each takes in: the only objects its patches can touch.
    expect(plan.takesIn).toEqual({
      'base/kustomization.yaml': ['base/deployment.yaml'],
      'overlays/hostnet/kustomization.yaml': ['base/kustomization.yaml'],
      'overlays/prod/kustomization.yaml': ['base/kustomization.yaml']
    })
  })

  it('refuses a remote resource, naming the kustomization, the entry and its line', () => {
    write(
      'overlays/remote/kustomization.yaml',
      'resources:\n  - ../../base\n  - github.com/acme/deploy//app?ref=v1\n'
    )
    const plan = planKustomizations(['overlays/remote/kustomization.yaml'], workspace)
    expect(plan.builds).toEqual([])
    expect(plan.refused).toEqual([
      {
        kustomization: 'overlays/remote/kustomization.yaml',
        line: 3,
        reason:
          'kustomize build overlays/remote was not run: resources entry "github.com/acme/deploy//app?ref=v1" in overlays/remote/kustomization.yaml is remote: container-gate does not fetch it'
      }
    ])
  })

  it('refuses a remote base reached through a local one, on the file that names it', () => {
    write('base/kustomization.yaml', 'resources:\n  - deployment.yaml\n  - https://example.com/app.yaml\n')
    const plan = planKustomizations(['overlays/prod/kustomization.yaml'], workspace)
    expect(plan.builds).toEqual([])
    expect(plan.refused).toMatchObject([
      {
        kustomization: 'base/kustomization.yaml',
        line: 3,
        reason: expect.stringContaining('kustomize build overlays/prod was not run')
      }
    ])
  })

  it('refuses helmCharts', () => {
    write('chart/kustomization.yaml', 'helmCharts:\n  - name: redis\n    repo: https://charts.example.com\n')
    expect(planKustomizations(['chart/kustomization.yaml'], workspace).refused).toEqual([
      {
        kustomization: 'chart/kustomization.yaml',
        line: 1,
        reason:
          'kustomize build chart was not run: helmCharts in chart/kustomization.yaml: container-gate does not fetch or render Helm charts through kustomize'
      }
    ])
  })

  it('refuses a directory above the workspace and a link out of it (kustomize itself allows both)', () => {
    write('up/kustomization.yaml', 'resources:\n  - ../../outside\n')
    symlinkSync(join(root, 'outside'), join(workspace, 'linked'))
    write('link/kustomization.yaml', 'resources:\n  - ../linked\n')
    const plan = planKustomizations(['up/kustomization.yaml', 'link/kustomization.yaml'], workspace)
    expect(plan.builds).toEqual([])
    expect(plan.refused.map(r => r.reason)).toEqual([
      'kustomize build up was not run: resources entry "../../outside" in up/kustomization.yaml is outside the workspace',
      expect.stringMatching(
        /^kustomize build link was not run: resources entry "\.\.\/linked" in link\/kustomization\.yaml .*outside/
      )
    ])
  })

  it('leaves a missing path to kustomize (its build fails with its own message)', () => {
    write('broken/kustomization.yaml', 'resources:\n  - missing.yaml\n')
    expect(planKustomizations(['broken/kustomization.yaml'], workspace).builds).toHaveLength(1)
  })
})

describe('names', () => {
  it('knows kustomize’s file names and remote specs', () => {
    expect(['a/kustomization.yaml', 'kustomization.yml', 'b/Kustomization'].map(isKustomization)).toEqual([
      true,
      true,
      true
    ])
    expect(isKustomization('a/kustomization.json')).toBe(false)
    for (const remote of [
      'https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1',
      'git@github.com:acme/deploy.git',
      'git::https://example.com/repo.git',
      'ssh://git@example.com/acme/repo.git',
      'github.com/acme/deploy/app'
    ])
      expect(isRemote(remote)).toBe(true)
    for (const local of ['../../base', 'deployment.yaml', 'base', './app.v1/deploy.yaml'])
      expect(isRemote(local)).toBe(false)
  })
})
