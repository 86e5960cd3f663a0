/**
 * Signing after the gate (issue 12, items 2-3): nothing is signed when the verdict fails; when it
 * passes, each scanned image is signed by the digest its scan reported (never its tag), then
 * attested with predicates converted from that scan's report; a failure is recorded per image and
 * fails the step. cosign answers as 3.1.3 did (__fixtures__/recorded/) where it refuses.
 */
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import type { Finding } from '../../src/findings/model.js'
import { signingFailure, signPassed } from '../../src/sign/run.js'
import type { SigningPlan } from '../../src/sign/prepare.js'
import type { Exec } from '../../src/tools/exec.js'
import { recorded } from '../helpers/shared.js'

const NOW = new Date('2026-12-01T00:00:00Z')
const DIGEST = `sha256:${'b'.repeat(64)}`
const IMAGE = {
  reference: 'ghcr.io/acme/app:1',
  pinned: `ghcr.io/acme/app@${DIGEST}`,
  reportFile: '/run/scan-0.json'
}
const PLAN: SigningPlan = {
  key: '/run/sigstore/signing.key',
  secretEnv: { COSIGN_PASSWORD: 'hunter2' },
  deployment: [],
  attest: ['vuln', 'sbom']
}
const DEPS = { cosign: '/tools/cosign', trivy: '/tools/trivy', dir: '/run/sigstore' }

/** A required signature missing on a base image: it blocks, so nothing may be signed. */
const critical: Finding = {
  tool: 'container-gate',
  kind: 'signature',
  ruleId: 'CG-SIGNATURE-MISSING',
  aliases: [],
  severity: 'CRITICAL',
  title: 'Required signature missing',
  description: 'd',
  message: 'm',
  target: 'docker.io/library/alpine:3',
  subject: 'signatures',
  image: 'docker.io/library/alpine:3',
  file: 'Dockerfile',
  startLine: 1,
  endLine: 1
}

const passed = evaluate([], defaultPolicy(), { mode: 'gate' }, NOW)
const failed = evaluate([critical], defaultPolicy(), { mode: 'gate' }, NOW)

type Answer = { exitCode: number; stdout: string; stderr: string }
const OK: Answer = { exitCode: 0, stdout: '', stderr: '' }

/** Tools that answer `answer(file, args)` (default: success) and remember each call and its secrets. */
function tools(answer: (file: string, args: readonly string[]) => Answer = () => OK) {
  const calls: Array<{ file: string; args: string[]; secretEnv?: Record<string, string> }> = []
  const exec: Exec = (file, args, options = {}) => {
    calls.push({ file, args: [...args], ...(options.secretEnv ? { secretEnv: options.secretEnv } : {}) })
    return Promise.resolve(answer(file, args))
  }
  return { exec, calls }
}

describe('signPassed', () => {
  it('a failing verdict signs nothing, runs nothing, and says why', async () => {
    expect(failed.outcome).toBe('fail')
    const t = tools()
    const report = await signPassed(failed, PLAN, [IMAGE], { ...DEPS, exec: t.exec })
    expect(t.calls).toEqual([])
    expect(report.withheld).toBe('the gate failed (1 blocking finding), so nothing was signed')
    expect(report.images).toEqual([
      { reference: IMAGE.reference, pinned: IMAGE.pinned, signed: false, attestations: [] }
    ])
    expect(signingFailure(report)).toBeUndefined()
  })

  it('a passing verdict signs the scanned digest, then converts the same report and attests it', async () => {
    const t = tools()
    const report = await signPassed(passed, PLAN, [IMAGE], { ...DEPS, exec: t.exec })
    expect(t.calls.map(c => `${c.file} ${c.args[0]} ${c.args.at(-1)}`)).toEqual([
      `/tools/cosign sign ${IMAGE.pinned}`,
      `/tools/trivy convert /run/scan-0.json`,
      `/tools/cosign attest ${IMAGE.pinned}`,
      `/tools/trivy convert /run/scan-0.json`,
      `/tools/cosign attest ${IMAGE.pinned}`
    ])
    // The predicate cosign attaches is the file Trivy converted from the scan's report.
    expect(t.calls[1]!.args).toContain(join('/run/sigstore', 'predicate-0-vuln.json'))
    expect(t.calls[2]!.args).toContain(join('/run/sigstore', 'predicate-0-vuln.json'))
    // The password reaches the cosign calls only, in their environment.
    expect(t.calls.filter(c => c.secretEnv).map(c => c.args[0])).toEqual(['sign', 'attest', 'attest'])
    expect(t.calls.every(c => !c.args.includes('hunter2'))).toBe(true)
    expect(report).toEqual({
      images: [
        {
          reference: IMAGE.reference,
          pinned: IMAGE.pinned,
          signed: true,
          attestations: ['https://cosign.sigstore.dev/attestation/vuln/v1', 'https://cyclonedx.org/bom']
        }
      ],
      attest: ['vuln', 'sbom']
    })
    expect(signingFailure(report)).toBeUndefined()
  })

  it('no digest in the scan report: the tag is never signed instead', async () => {
    const t = tools()
    const report = await signPassed(passed, PLAN, [{ reference: IMAGE.reference, reportFile: 'r.json' }], {
      ...DEPS,
      exec: t.exec
    })
    expect(t.calls).toEqual([])
    expect(signingFailure(report)).toMatch(
      /^The gate passed, but signing did not complete: ghcr\.io\/acme\/app:1: the scan's report names no registry digest/
    )
  })

  it("cosign's refusal (a wrong password, as 3.1.3 prints it) fails the step and says what to change", async () => {
    const refusal = JSON.parse(recorded('cosign-3.1.3-sign-key-wrong-password.json')) as Answer
    const t = tools(() => refusal)
    const report = await signPassed(passed, PLAN, [IMAGE], { ...DEPS, exec: t.exec })
    expect(t.calls).toHaveLength(1)
    expect(report.images[0]).toMatchObject({ signed: false, pinned: IMAGE.pinned })
    expect(signingFailure(report)).toMatch(
      /signing failed: the key could not be decrypted: is COSIGN_PASSWORD the key's password\?/
    )
  })

  it('a predicate Trivy cannot convert: signed, not attested, and the step fails', async () => {
    const t = tools(file =>
      file === '/tools/trivy' ? { exitCode: 1, stdout: '', stderr: 'FATAL convert error' } : OK
    )
    const report = await signPassed(passed, PLAN, [IMAGE], { ...DEPS, exec: t.exec })
    expect(report.images[0]).toMatchObject({
      signed: true,
      attestations: [],
      error: 'trivy convert to vuln failed: FATAL convert error'
    })
    expect(signingFailure(report)).toContain('trivy convert to vuln failed')
  })
})
