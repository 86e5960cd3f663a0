/**
 * Which kustomizations the scope builds, on a real file system, as a hostile pull request would lay
 * the repository out: kustomize reads a folder's `Kustomization` (no extension) like its
 * `kustomization.yaml`, so an overlay written under that name must be built and judged too.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Inputs } from '../../src/inputs/read.js'
import { resolveScope } from '../../src/workspace/scope.js'

let workspace: string

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'cg-scope-kustomize-'))
  cpSync(resolve('e2e/repos/kustomize'), workspace, { recursive: true })
})
afterEach(() => rmSync(workspace, { recursive: true, force: true }))

function write(path: string, text: string): void {
  mkdirSync(dirname(join(workspace, path)), { recursive: true })
  writeFileSync(join(workspace, path), text)
}

const scopeInputs = (given: Partial<Inputs>): Inputs =>
  ({
    dockerfiles: undefined,
    manifests: undefined,
    gatekeeperPolicies: undefined,
    configPaths: [],
    ...given
  }) as Inputs

/** The prod overlay's privileged patch, in a file kustomize reads and no YAML glob matches. */
const PRIVILEGED_OVERLAY = [
  'resources:',
  '  - ../../base',
  'patches:',
  '  - target: { kind: Deployment, name: web }',
  '    patch: |-',
  '      - op: add',
  '        path: /spec/template/spec/containers/0/securityContext/privileged',
  '        value: true',
  ''
].join('\n')

describe('kustomizations in scope', () => {
  it('builds an overlay named Kustomization under config-path, like a kustomization.yaml there', async () => {
    write('overlays/sneaky/Kustomization', PRIVILEGED_OVERLAY)
    const scope = await resolveScope(scopeInputs({ configPaths: ['.'] }), workspace)
    expect(scope.kustomize.builds.map(b => b.kustomization)).toContain('overlays/sneaky/Kustomization')
    expect(scope.manifests).not.toContain('overlays/sneaky/Kustomization')
  })

  it('builds an overlay named Kustomization where the manifests globs would take its kustomization.yaml', async () => {
    write('overlays/sneaky/Kustomization', PRIVILEGED_OVERLAY)
    const scope = await resolveScope(scopeInputs({ manifests: ['overlays/**/*.yaml'] }), workspace)
    expect(scope.kustomize.builds.map(b => b.kustomization)).toEqual([
      'overlays/hostnet/kustomization.yaml',
      'overlays/prod/kustomization.yaml',
      'overlays/sneaky/Kustomization'
    ])
  })

  it('leaves a Kustomization outside config-path alone, as it leaves that folder’s YAML', async () => {
    write('elsewhere/Kustomization', PRIVILEGED_OVERLAY.replace('../../base', '../base'))
    const scope = await resolveScope(scopeInputs({ configPaths: ['overlays'] }), workspace)
    expect(scope.kustomize.builds.map(b => b.kustomization)).not.toContain('elsewhere/Kustomization')
  })
})

describe('a base whose kustomization file is a link', () => {
  it('to a file outside the workspace refuses the overlay that reaches it, on that file', async () => {
    const { symlinkSync } = await import('node:fs')
    const outside = mkdtempSync(join(tmpdir(), 'cg-scope-outside-'))
    try {
      writeFileSync(join(outside, 'kustomization.yaml'), 'resources: [/etc]\n')
      mkdirSync(join(workspace, 'linked-base'))
      symlinkSync(join(outside, 'kustomization.yaml'), join(workspace, 'linked-base/kustomization.yaml'))
      write('overlays/linked/kustomization.yaml', 'resources:\n  - ../../linked-base\n')
      const scope = await resolveScope(scopeInputs({ manifests: ['overlays/linked/*.yaml'] }), workspace)
      expect(scope.kustomize.builds).toEqual([])
      expect(scope.kustomize.refused).toEqual([
        {
          kustomization: 'linked-base/kustomization.yaml',
          reason:
            'kustomize build overlays/linked was not run: linked-base/kustomization.yaml is a symbolic link (or lies under one) that leads outside the workspace'
        }
      ])
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('to /dev/zero refuses the overlay: kustomize is never handed a file that does not end', async () => {
    const { symlinkSync } = await import('node:fs')
    mkdirSync(join(workspace, 'zero-base'))
    symlinkSync('/dev/zero', join(workspace, 'zero-base/kustomization.yaml'))
    write('overlays/zero/kustomization.yaml', 'resources:\n  - ../../zero-base\n')
    const scope = await resolveScope(scopeInputs({ manifests: ['overlays/zero/*.yaml'] }), workspace)
    expect(scope.kustomize.builds).toEqual([])
    expect(scope.kustomize.refused.map(r => r.reason)).toEqual([
      'kustomize build overlays/zero was not run: zero-base/kustomization.yaml is a symbolic link (or lies under one) that leads outside the workspace'
    ])
  })
})

describe('a kustomization that writes kustomize’s build metadata', () => {
  // The findings on a build are placed by the origin and transformations annotations kustomize
  // writes; a kustomization that writes them itself decides where its findings land (on a file the
  // policy ignores), so it is not built. Recorded with kustomize 5.8.2: commonAnnotations, even
  // under an escaped key, replaces the origin of every object it builds.
  const hostile = (path: string) => readFileSync(resolve('e2e/repos/kustomize-hostile', path), 'utf8')

  it.each([
    ['commonAnnotations under an escaped key', hostile('deploy/evil3/overlay/kustomization.yaml')],
    [
      'an inline JSON6902 patch of the annotation',
      'resources: [../base]\npatches:\n  - target: { kind: Deployment }\n    patch: |-\n      - op: add\n        path: /metadata/annotations/config.kubernetes.io~1origin\n        value: "path: x"\n'
    ],
    [
      'a replacement into the transformations annotation',
      'resources: [../base]\nreplacements:\n  - source: { kind: ConfigMap, name: c, fieldPath: data.x }\n    targets:\n      - select: { kind: Deployment }\n        fieldPaths: ["metadata.annotations.[alpha.config.kubernetes.io/transformations]"]\n'
    ]
  ])('%s is refused', async (_what, text) => {
    write('overlays/meta/kustomization.yaml', text)
    const scope = await resolveScope(scopeInputs({ manifests: ['overlays/meta/*.yaml'] }), workspace)
    expect(scope.kustomize.builds).toEqual([])
    expect(scope.kustomize.refused.map(r => r.reason)).toEqual([
      expect.stringMatching(
        /^kustomize build overlays\/meta was not run: overlays\/meta\/kustomization\.yaml writes kustomize's build metadata annotation/
      )
    ])
  })

  it('so does a strategic-merge patch file that writes it', async () => {
    write('overlays/meta/kustomization.yaml', 'resources: [../../base]\npatches:\n  - path: annotate.yaml\n')
    write(
      'overlays/meta/annotate.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    config.kubernetes.io/origin: "path: ../x.yaml"\n'
    )
    const scope = await resolveScope(
      scopeInputs({ manifests: ['overlays/meta/kustomization.yaml'] }),
      workspace
    )
    expect(scope.kustomize.refused.map(r => r.reason)).toEqual([
      expect.stringMatching(/overlays\/meta\/annotate\.yaml writes kustomize's build metadata annotation/)
    ])
  })

  it('the fixture’s overlays, which write none, are built', async () => {
    const scope = await resolveScope(scopeInputs({ configPaths: ['.'] }), workspace)
    expect(scope.kustomize.refused).toEqual([])
  })
})

describe('a kustomization kustomize reads otherwise than a YAML parser', () => {
  // kustomize 5.8.2 builds both (checked): a repeated key takes its last value, and of several
  // documents it reads the first. The plan must not pass over them unchecked: here both reach a
  // folder outside the workspace.
  it.each([
    ['a repeated key', 'resources:\n  - ../../base\nresources:\n  - ../../../outside\n'],
    ['several documents', 'resources:\n  - ../../../outside\n---\nresources:\n  - ../../base\n']
  ])('with %s is refused', async (_what, text) => {
    write('overlays/odd/kustomization.yaml', text)
    const scope = await resolveScope(scopeInputs({ manifests: ['overlays/odd/*.yaml'] }), workspace)
    expect(scope.kustomize.builds).toEqual([])
    expect(scope.kustomize.refused).toHaveLength(1)
    expect(scope.kustomize.refused[0]!.kustomization).toBe('overlays/odd/kustomization.yaml')
  })
})

describe('transformers and generators given as a folder', () => {
  // kustomize takes a folder with a kustomization among `transformers:` (its resources are the
  // plugin configs): it is followed like a base, not refused as a file that is a directory.
  it('is followed: built when clean, refused when a config in it writes the build metadata', async () => {
    write('overlays/t/kustomization.yaml', 'resources: [../../base]\ntransformers: [annotate]\n')
    write('overlays/t/annotate/kustomization.yaml', 'resources: [labels.yaml]\n')
    write(
      'overlays/t/annotate/labels.yaml',
      'apiVersion: builtin\nkind: LabelTransformer\nmetadata: { name: l }\nlabels: { team: a }\nfieldSpecs: [{ path: metadata/labels, create: true }]\n'
    )
    const clean = await resolveScope(scopeInputs({ manifests: ['overlays/t/kustomization.yaml'] }), workspace)
    expect(clean.kustomize.refused).toEqual([])
    expect(clean.kustomize.builds.map(b => b.kustomization)).toEqual(['overlays/t/kustomization.yaml'])

    write(
      'overlays/t/annotate/labels.yaml',
      'apiVersion: builtin\nkind: AnnotationsTransformer\nmetadata: { name: a }\nannotations: { config.kubernetes.io/origin: "path: x" }\nfieldSpecs: [{ path: metadata/annotations, create: true }]\n'
    )
    const forged = await resolveScope(
      scopeInputs({ manifests: ['overlays/t/kustomization.yaml'] }),
      workspace
    )
    expect(forged.kustomize.builds).toEqual([])
    expect(forged.kustomize.refused.map(r => r.reason)).toEqual([
      expect.stringContaining("overlays/t/annotate/labels.yaml writes kustomize's build metadata annotation")
    ])
  })
})
