/**
 * A resource file that brings its own `alpha.config.kubernetes.io/transformations` annotation:
 * kustomize appends to it (recorded with kustomize 5.8.2 on e2e/repos/kustomize-hostile), so the
 * build says the object was patched by a kustomization that never took it in. The trusted policy
 * lets the node agent run privileged (`path: deploy/node-agent/**`); the miner, made privileged by
 * the evil overlay's JSON6902 patch, must not land on the node agent's kustomization and pass.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BuildSettings } from '../../src/checks/base-images/read.js'
import { runChecks } from '../../src/checks/run.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { parseBuildOutput, type RenderedBuild } from '../../src/scanners/kustomize.js'
import { planKustomizations } from '../../src/workspace/kustomize.js'

const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
const BUILD: BuildSettings = { platforms: [AMD64], buildPlatform: AMD64, buildArgs: new Map() }
const OVERLAY = 'deploy/evil/overlay/kustomization.yaml'
const NOW = new Date('2026-12-02')
const NODE_AGENT_MAY_BE_PRIVILEGED = (() => {
  const policy = defaultPolicy()
  policy.ignores = [
    {
      id: 'CG-K8S-PRIVILEGED',
      path: 'deploy/node-agent/**',
      reason: 'the node agent needs the host',
      source: '.github/container-gate.yml:4'
    }
  ]
  return policy
})()

describe('a transformations annotation the resource file brought along', () => {
  it('does not move the overlay’s finding onto a kustomization that never took the object in', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'cg-kustomize-spoof-'))
    cpSync(resolve('e2e/repos/kustomize-hostile'), workspace, { recursive: true })
    const text = readFileSync(
      resolve('__fixtures__/recorded/kustomize-5.8.2-build-spoofed-transformations.yaml'),
      'utf8'
    )
    const built: RenderedBuild = {
      build: { kustomization: OVERLAY, dir: 'deploy/evil/overlay' },
      text,
      objects: parseBuildOutput(text, { wrapperDir: '/r/run/kustomize/1', workspace: '/r/repo' })
    }
    const plan = planKustomizations([OVERLAY, 'deploy/node-agent/kustomization.yaml'], workspace)
    const policy = defaultPolicy()
    policy.ignores = [
      {
        id: 'CG-K8S-PRIVILEGED',
        path: 'deploy/node-agent/**',
        reason: 'the node agent needs the host',
        source: '.github/container-gate.yml:4'
      }
    ]
    const checks = await runChecks(
      [],
      policy,
      workspace,
      {
        dockerfiles: [],
        manifests: ['deploy/evil/base/deployment.yaml', 'deploy/node-agent/daemonset.yaml'],
        kustomize: { rendered: { builds: [built], failed: [] }, refused: [], takesIn: plan.takesIn }
      },
      BUILD
    )
    const miner = checks.findings.filter(f => f.message?.includes("'miner'"))
    // On the overlay whose (deprecated) patchesJson6902 made it privileged, where a reviewer looks.
    expect(miner.map(f => `${f.ruleId} ${f.file}:${f.startLine}`)).toEqual([`CG-K8S-PRIVILEGED ${OVERLAY}:3`])
    expect(evaluate(checks.findings, policy, { mode: 'gate' }, new Date('2026-12-02')).outcome).toBe('fail')
  })

  it('an origin annotation commonAnnotations wrote over does not move the finding onto the file it names', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'cg-kustomize-spoof-origin-'))
    cpSync(resolve('e2e/repos/kustomize-hostile'), workspace, { recursive: true })
    const overlay = 'deploy/evil2/overlay/kustomization.yaml'
    const text = readFileSync(
      resolve('__fixtures__/recorded/kustomize-5.8.2-build-spoofed-origin.yaml'),
      'utf8'
    )
    const built: RenderedBuild = {
      build: { kustomization: overlay, dir: 'deploy/evil2/overlay' },
      text,
      objects: parseBuildOutput(text, { wrapperDir: '/r/run/kustomize/2', workspace: '/r/repo' })
    }
    const plan = planKustomizations([overlay, 'deploy/node-agent/kustomization.yaml'], workspace)
    const checks = await runChecks(
      [],
      NODE_AGENT_MAY_BE_PRIVILEGED,
      workspace,
      {
        dockerfiles: [],
        manifests: ['deploy/evil2/base/ds.yaml', 'deploy/node-agent/daemonset.yaml'],
        kustomize: { rendered: { builds: [built], failed: [] }, refused: [], takesIn: plan.takesIn }
      },
      BUILD
    )
    const evil = checks.findings.filter(f => f.message?.includes('kustomize build deploy/evil2/overlay'))
    expect(evil.map(f => `${f.ruleId} ${f.file}:${f.startLine}`)).toEqual([`CG-K8S-PRIVILEGED ${overlay}:5`])
    expect(evaluate(checks.findings, NODE_AGENT_MAY_BE_PRIVILEGED, { mode: 'gate' }, NOW).outcome).toBe(
      'fail'
    )
  })
})
