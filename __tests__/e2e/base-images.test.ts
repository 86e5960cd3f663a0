/**
 * The base-image rules end to end, as the runner runs the bundle: a Dockerfile read as BuildKit
 * reads it with the workflow's platforms and build-args inputs, hadolint turned off on its own
 * (nothing installed), and the one warning when the rules have no Dockerfile to apply to.
 */
import { describe, expect, it } from '@jest/globals'
import { blockingRules, expectSoundReports } from './helpers/checks.js'
import { e2eEnv, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()
const policy = 'version: 1\nbase-images:\n  allow: [alpine, ghcr.io/acme/**]\n'
const dockerfile = [
  '# syntax=docker/dockerfile:1',
  'ARG REGISTRY=ghcr.io/acme',
  'ARG BASE',
  'ARG IMAGE=${REGISTRY}/app-${TARGETARCH}',
  'FROM ${IMAGE}:1 AS app',
  'FROM ${BASE}',
  'COPY --from=app /out /out'
].join('\n')
const files = { '.github/container-gate.yml': policy, 'build/Dockerfile': dockerfile }
const base = (ns: string) => ({
  ...offlineInputs(env, ns),
  dockerfile: 'build/Dockerfile',
  hadolint: 'false',
  'config-path': '',
  platforms: 'linux/amd64,linux/arm64'
})

describe('base images with build-args and platforms', () => {
  it('blocks a build argument pointing outside the allowlist, on the FROM line', async () => {
    const ns = namespace('base-args-evil')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      files,
      inputs: { ...base(ns), 'build-args': 'BASE=evil.example.com/app:1\nREGISTRY=ghcr.io/acme' }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const report = await expectSoundReports(r)
    expect(blockingRules(report)).toEqual(['CG-BASE-IMAGE-NOT-ALLOWED'])
    expect(report.findings[0]).toMatchObject({ file: 'build/Dockerfile', startLine: 6 })
    // hadolint: false installs nothing
    expect(r.stdout).not.toMatch(/hadolint/i)
  })

  it('passes when every platform resolves to allowed images, and blocks what stays unknown', async () => {
    const ns = namespace('base-args-ok')
    const ok = await runAction(env, {
      mirrorNamespace: ns,
      files,
      inputs: { ...base(ns), 'build-args': 'BASE=alpine:3.19' }
    })
    expect(ok.outputs.verdict ?? transcript(ok)).toBe('pass')
    const unknown = await runAction(env, { mirrorNamespace: ns, files, inputs: base(ns) })
    expect(unknown.outputs.verdict ?? transcript(unknown)).toBe('fail')
    expect(blockingRules(await expectSoundReports(unknown))).toEqual(['CG-BASE-IMAGE-UNRESOLVED'])
    expect(unknown.stdout).toMatch(/depends on ARG BASE.*build-args input/)
  })

  it('warns once when dockerfile is empty and the policy has base-image rules; bad inputs fail clearly', async () => {
    const ns = namespace('base-scope')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      files,
      inputs: { ...offlineInputs(env, ns), dockerfile: '', 'config-path': '' }
    })
    expect(
      r.annotations.filter(a => a.level === 'warning' && /no Dockerfile is in scope/.test(a.message))
    ).toHaveLength(1)
    const bad = await runAction(env, {
      mirrorNamespace: ns,
      files,
      inputs: { ...base(ns), 'build-args': 'BASE' }
    })
    expect(bad.exitCode).not.toBe(0)
    expect(bad.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual([
      expect.stringMatching(
        /^Input 'build-args' has an invalid value "BASE": expected one NAME=value per line/
      )
    ])
  })
})
