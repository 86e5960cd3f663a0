/**
 * kustomize builds: the wrapper, the argv and environment, and what is read from real
 * `kustomize build` output (kustomize 5.8.2, recorded from e2e/repos/kustomize with the wrapper of
 * wrapperKustomization at <root>/run/kustomize/<n> and the repository at <root>/repo), a build that
 * fails with kustomize's recorded message, and one that prints too much.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ToolError } from '../../src/errors.js'
import {
  KUSTOMIZE_ENV,
  parseBuildOutput,
  renderKustomizations,
  wrapperKustomization
} from '../../src/scanners/kustomize.js'
import type { Exec } from '../../src/tools/exec.js'

const recorded = (name: string) => readFileSync(resolve('__fixtures__/recorded', name), 'utf8')
const PROD = recorded('kustomize-5.8.2-build-prod.yaml')
const HOSTNET = recorded('kustomize-5.8.2-build-hostnet.yaml')
const where = { wrapperDir: '/r/run/kustomize/1', workspace: '/r/repo' }

describe('parseBuildOutput on kustomize 5.8.2 output', () => {
  it('reads the origin file and the kustomization whose JSON6902 patch changed the object', () => {
    expect(parseBuildOutput(PROD, where)).toEqual([
      {
        startLine: 1,
        endLine: 38,
        origin: 'base/deployment.yaml',
        patchedIn: ['overlays/prod/kustomization.yaml']
      }
    ])
  })

  it('the same for a strategic-merge patch file (the kustomization that applies it is named)', () => {
    expect(parseBuildOutput(HOSTNET, where)).toEqual([
      {
        startLine: 1,
        endLine: 35,
        origin: 'base/deployment.yaml',
        patchedIn: ['overlays/hostnet/kustomization.yaml']
      }
    ])
  })

  it('an origin outside the workspace is no origin (a finding then stays on the kustomization)', () => {
    expect(parseBuildOutput(PROD, { wrapperDir: '/r/run/kustomize/1', workspace: '/r/other' })).toEqual([
      { startLine: 1, endLine: 38, patchedIn: [] }
    ])
  })
})

describe('the wrapper kustomization', () => {
  it('names the target relative to the wrapper and asks for origin and transformer annotations', () => {
    expect(wrapperKustomization('/t/run/kustomize/1', '/w/repo/overlays/prod')).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - "../../../../w/repo/overlays/prod"',
        'buildMetadata: [originAnnotations, transformerAnnotations]',
        ''
      ].join('\n')
    )
  })
})

describe('renderKustomizations', () => {
  const build = { kustomization: 'overlays/prod/kustomization.yaml', dir: 'overlays/prod' }
  const context = (exec: Exec) => ({
    kustomize: '/tools/kustomize',
    workspace: resolve('e2e/repos/kustomize'),
    runDir: mkdtempSync(join(tmpdir(), 'cg-kustomize-run-')),
    exec,
    maxBytes: 5 * 1024 * 1024
  })

  it('runs kustomize build on the wrapper: argv only, no PATH, a dead proxy, the output limit', async () => {
    const calls: Array<{
      file: string
      args: readonly string[]
      env?: Record<string, string>
      max?: number
    }> = []
    const exec: Exec = async (file, args, options) => {
      calls.push({ file, args, env: options?.env, max: options?.maxOutputBytes })
      return { exitCode: 0, stdout: PROD, stderr: '' }
    }
    const ctx = context(exec)
    const rendered = await renderKustomizations([build], ctx)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.file).toBe('/tools/kustomize')
    expect(calls[0]!.args).toEqual(['build', expect.stringMatching(/kustomize\/1$/)])
    expect(calls[0]!.args).not.toContain('--enable-alpha-plugins')
    expect(calls[0]!.env).toEqual(KUSTOMIZE_ENV)
    expect(KUSTOMIZE_ENV.PATH).toBe('')
    expect(calls[0]!.max).toBe(5 * 1024 * 1024)
    const wrapper = readFileSync(join(calls[0]!.args[1]!, 'kustomization.yaml'), 'utf8')
    expect(wrapper).toContain('buildMetadata: [originAnnotations, transformerAnnotations]')
    expect(rendered.failed).toEqual([])
    expect(rendered.builds).toHaveLength(1)
    expect(rendered.builds[0]!.text).toBe(PROD)
  })

  it('a failed build is not built, with kustomize’s recorded words and the runner’s folders taken out', async () => {
    const ctx = context(async () => ({ exitCode: 1, stdout: '', stderr: '' }))
    const workspace = ctx.workspace
    // The recorded stderr, with the recording's folders replaced by this run's.
    const stderr = recorded('kustomize-5.8.2-build-missing-resource.stderr').replaceAll(
      '/tmp/rec/repo',
      workspace
    )
    ctx.exec = async () => ({ exitCode: 1, stdout: '', stderr })
    const rendered = await renderKustomizations([build], ctx)
    expect(rendered.builds).toEqual([])
    expect(rendered.failed).toHaveLength(1)
    expect(rendered.failed[0]!.kustomization).toBe('overlays/prod/kustomization.yaml')
    expect(rendered.failed[0]!.reason).toMatch(
      /^kustomize build overlays\/prod: kustomize failed \(exit 1\): Error: accumulating resources/
    )
    expect(rendered.failed[0]!.reason).toContain(
      'lstat overlays/broken/missing.yaml: no such file or directory'
    )
    expect(rendered.failed[0]!.reason).not.toContain(workspace)
  })

  it('output over the limit is not judged: the build is refused, never cut short', async () => {
    const exec: Exec = async () => {
      throw new ToolError('/tools/kustomize printed more than 5242880 bytes; refusing to read further.')
    }
    const rendered = await renderKustomizations([build], context(exec))
    expect(rendered.failed).toEqual([
      {
        kustomization: 'overlays/prod/kustomization.yaml',
        reason: 'kustomize build overlays/prod: its output is larger than the 5 MiB limit for a manifest'
      }
    ])
  })

  it('a kustomize that cannot run is the action’s failure, not a finding', async () => {
    const exec: Exec = async () => {
      throw new ToolError('/tools/kustomize was not found: install it or let the action install it.')
    }
    await expect(renderKustomizations([build], context(exec))).rejects.toThrow('was not found')
  })
})
