/**
 * The admission rules on kustomize builds (real kustomize 5.8.2 output recorded from
 * e2e/repos/kustomize): findings land on the overlay whose patch caused them, or on the base line
 * that already says what the build says, and what the plain files already found is found once.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BuildSettings } from '../../src/checks/base-images/read.js'
import { runChecks } from '../../src/checks/run.js'
import type { Finding } from '../../src/findings/model.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { parseBuildOutput, type RenderedBuild } from '../../src/scanners/kustomize.js'
import { planKustomizations } from '../../src/workspace/kustomize.js'

const recorded = (name: string) => readFileSync(resolve('__fixtures__/recorded', name), 'utf8')
const where = { wrapperDir: '/r/run/kustomize/1', workspace: '/r/repo' }
const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
const BUILD: BuildSettings = { platforms: [AMD64], buildPlatform: AMD64, buildArgs: new Map() }

function build(dir: string, fixture: string): RenderedBuild {
  const text = recorded(fixture)
  return {
    build: { kustomization: `${dir}/kustomization.yaml`, dir },
    text,
    objects: parseBuildOutput(text, where)
  }
}

/** What the fixture's kustomizations take in, as the plan reads it from the files. */
const TAKES_IN = planKustomizations(
  ['base/kustomization.yaml', 'overlays/prod/kustomization.yaml', 'overlays/hostnet/kustomization.yaml'],
  resolve('e2e/repos/kustomize')
).takesIn

function repository(edit: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cg-kustomize-checks-'))
  cpSync(resolve('e2e/repos/kustomize'), root, { recursive: true })
  for (const [path, text] of Object.entries(edit)) writeFileSync(join(root, path), text)
  return root
}

const rows = (findings: readonly Finding[]) =>
  findings.map(f => `${f.ruleId} ${f.file}:${f.startLine}`).sort()

async function check(root: string, builds: RenderedBuild[], manifests = ['base/deployment.yaml']) {
  return runChecks(
    [],
    defaultPolicy(),
    root,
    {
      dockerfiles: [],
      manifests,
      kustomize: { rendered: { builds, failed: [] }, refused: [], takesIn: TAKES_IN }
    },
    BUILD
  )
}

describe('admission rules on kustomize builds', () => {
  it('the privileged container of each overlay is found on that overlay’s patches (JSON6902 and strategic merge)', async () => {
    const checks = await check(repository(), [
      build('overlays/prod', 'kustomize-5.8.2-build-prod.yaml'),
      build('overlays/hostnet', 'kustomize-5.8.2-build-hostnet.yaml')
    ])
    expect(rows(checks.findings)).toEqual([
      'CG-K8S-PRIVILEGED overlays/hostnet/kustomization.yaml:5',
      'CG-K8S-PRIVILEGED overlays/prod/kustomization.yaml:6'
    ])
    const prod = checks.findings.find(f => f.file === 'overlays/prod/kustomization.yaml')!
    expect(prod.message).toBe(
      "Container 'web' of Deployment 'prod-web' is privileged (securityContext.privileged: true) (in kustomize build overlays/prod, from base/deployment.yaml, as patched by overlays/prod/kustomization.yaml)"
    )
    expect(prod).toMatchObject({
      subject: 'admission',
      target: 'overlays/prod/kustomization.yaml',
      endLine: 6
    })
    expect(checks.subjects).toEqual([{ tool: 'container-gate', subject: 'admission' }])
  })

  it('without the builds the same repository passes: the bypass this closes', async () => {
    const checks = await check(repository(), [])
    expect(rows(checks.findings)).toEqual([])
  })

  it('a problem the base already has is put on the base’s line, once, however many overlays build it', async () => {
    // The base loses its memory limit: every build has the problem, and the base file says so.
    const base = readFileSync(resolve('e2e/repos/kustomize/base/deployment.yaml'), 'utf8')
    const root = repository({ 'base/deployment.yaml': base.replace('              memory: 256Mi\n', '') })
    const strip = (text: string) => text.replace('            memory: 256Mi\n', '')
    const builds = [
      build('overlays/prod', 'kustomize-5.8.2-build-prod.yaml'),
      build('overlays/hostnet', 'kustomize-5.8.2-build-hostnet.yaml')
    ].map(b => ({ ...b, text: strip(b.text), objects: parseBuildOutput(strip(b.text), where) }))
    // The base judged as a file and as two builds: one finding at the container's line (18).
    expect(rows((await check(root, builds)).findings)).toEqual([
      'CG-K8S-MEMORY-LIMIT base/deployment.yaml:18',
      'CG-K8S-PRIVILEGED overlays/hostnet/kustomization.yaml:5',
      'CG-K8S-PRIVILEGED overlays/prod/kustomization.yaml:6'
    ])
    // Not in the manifests' globs, the base is still judged through the builds: one finding, not two.
    const overlaysOnly = (await check(root, builds, [])).findings.filter(
      f => f.ruleId === 'CG-K8S-MEMORY-LIMIT'
    )
    expect(rows(overlaysOnly)).toEqual(['CG-K8S-MEMORY-LIMIT base/deployment.yaml:18'])
    expect(overlaysOnly[0]!.message).toContain(
      '(in kustomize build overlays/prod, from base/deployment.yaml)'
    )
  })

  it('a kustomization not built is CG-NOT-CHECKED on it, with the reason', async () => {
    const checks = await runChecks(
      [],
      defaultPolicy(),
      repository(),
      {
        dockerfiles: [],
        manifests: [],
        kustomize: {
          rendered: {
            builds: [],
            failed: [
              {
                kustomization: 'overlays/prod/kustomization.yaml',
                reason: 'kustomize build overlays/prod: kustomize failed (exit 1): Error: x'
              }
            ]
          },
          refused: [{ kustomization: 'overlays/hostnet/kustomization.yaml', line: 4, reason: 'remote' }],
          takesIn: TAKES_IN
        }
      },
      BUILD
    )
    expect(rows(checks.findings)).toEqual([
      'CG-NOT-CHECKED overlays/hostnet/kustomization.yaml:4',
      'CG-NOT-CHECKED overlays/prod/kustomization.yaml:1'
    ])
    expect(checks.findings.map(f => f.message).sort()).toEqual([
      'overlays/hostnet/kustomization.yaml:4 was not checked by the admission rules: remote',
      'overlays/prod/kustomization.yaml was not checked by the admission rules: kustomize build overlays/prod: kustomize failed (exit 1): Error: x'
    ])
  })

  it('gator’s violations on a build go to the overlay that patched the object, unless the base has them too', async () => {
    const gator = (file: string): Finding => ({
      tool: 'gator',
      kind: 'misconfig',
      ruleId: 'K8sPSPPrivilegedContainer/psp-privileged-container',
      aliases: [],
      severity: 'CRITICAL',
      title: 'Privileged container is not allowed: web',
      description: '',
      message: 'Privileged container is not allowed: web',
      target: 'Deployment/prod-web',
      subject: 'gatekeeper',
      file,
      startLine: 3,
      endLine: 18
    })
    const builds = [build('overlays/prod', 'kustomize-5.8.2-build-prod.yaml')]
    const fromBuild = await runChecks(
      [gator('kustomize build overlays/prod')],
      defaultPolicy(),
      repository(),
      {
        dockerfiles: [],
        manifests: [],
        kustomize: { rendered: { builds, failed: [] }, refused: [], takesIn: TAKES_IN }
      },
      BUILD
    )
    expect(rows(fromBuild.findings.filter(f => f.tool === 'gator'))).toEqual([
      'K8sPSPPrivilegedContainer/psp-privileged-container overlays/prod/kustomization.yaml:6'
    ])
    // The base file itself violates (gator found it there): the build's violation is that one.
    const both = await runChecks(
      [gator('base/deployment.yaml'), gator('kustomize build overlays/prod')],
      defaultPolicy(),
      repository(),
      {
        dockerfiles: [],
        manifests: [],
        kustomize: { rendered: { builds, failed: [] }, refused: [], takesIn: TAKES_IN }
      },
      BUILD
    )
    expect(rows(both.findings.filter(f => f.tool === 'gator'))).toEqual([
      'K8sPSPPrivilegedContainer/psp-privileged-container base/deployment.yaml:3'
    ])
  })
})
