/**
 * The policy end to end on real scans of the Debian fixture image (CVE-2019-18224 CRITICAL in
 * libidn2-0, fixed; CVE-2019-18276 LOW in bash, no fix): the inputs that override the policy, an
 * explicit ignore with an expiry in the policy file, and monitor mode's rebuild signal.
 */
import { describe, expect, it } from '@jest/globals'
import { blockingRules, expectSoundReports } from './helpers/checks.js'
import { e2eEnv, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()
const debian = () => env.fixtures.images['debian-vuln']!.reference
const imageOnly = { dockerfile: '', 'config-path': '' }

/** A policy file ignoring the CRITICAL until (inclusive) the given day. */
const ignoreUntil = (expires: string) => `version: 1
ignores:
  - id: CVE-2019-18224
    package: libidn2-0
    reason: idn2_to_ascii_4i is not reachable from this service; upgrade tracked in #7
    expires: ${expires}
`

describe('policy', () => {
  it('blocks unfixed LOW vulnerabilities too with ignore-unfixed false and fail-on LOW', async () => {
    const ns = namespace('strict')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: {
        ...offlineInputs(env, ns),
        ...imageOnly,
        image: debian(),
        'ignore-unfixed': 'false',
        'fail-on': 'LOW'
      }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)
    expect(r.outputs).toMatchObject({ 'blocking-count': '2', critical: '1', low: '1' })
    expect(blockingRules(await expectSoundReports(r))).toEqual(['CVE-2019-18224', 'CVE-2019-18276'])
  })

  it('passes while an explained ignore in .github/container-gate.yml is in force, and blocks once it expired', async () => {
    const ns = namespace('ignore')
    const inputs = { ...offlineInputs(env, ns), ...imageOnly, image: debian() }
    const current = await runAction(env, {
      mirrorNamespace: ns,
      inputs,
      files: { '.github/container-gate.yml': ignoreUntil('2099-12-31') }
    })
    expect(current.exitCode === 0 ? 'zero' : transcript(current)).toBe('zero')
    expect(current.outputs).toMatchObject({ verdict: 'pass', 'blocking-count': '0' })
    const ignored = (await expectSoundReports(current)).findings.find(f => f.ruleId === 'CVE-2019-18224')
    expect(ignored?.decision).toMatchObject({ action: 'ignore', suppressedBy: expect.anything() })

    const expired = await runAction(env, {
      mirrorNamespace: ns,
      reuse: current.dirs,
      inputs,
      files: { '.github/container-gate.yml': ignoreUntil('2020-01-01') }
    })
    expect(expired.outputs.verdict ?? transcript(expired)).toBe('fail')
    expect(expired.exitCode).not.toBe(0)
    expect(blockingRules(await expectSoundReports(expired))).toEqual(['CVE-2019-18224'])
  })

  it('says a rebuild is required in monitor mode for a fixable CRITICAL in OS packages, and not for a clean image', async () => {
    const ns = namespace('monitor')
    const vulnerable = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: debian(), mode: 'monitor' }
    })
    // monitor.fail-on-rebuild defaults to false: the signal is the output, not a red step.
    expect(vulnerable.exitCode === 0 ? 'zero' : transcript(vulnerable)).toBe('zero')
    expect(vulnerable.outputs['rebuild-required']).toBe('true')
    await expectSoundReports(vulnerable)

    const clean = await runAction(env, {
      mirrorNamespace: ns,
      reuse: vulnerable.dirs,
      inputs: {
        ...offlineInputs(env, ns),
        ...imageOnly,
        image: env.fixtures.images['alpine-clean']!.reference,
        mode: 'monitor'
      }
    })
    expect(clean.exitCode === 0 ? 'zero' : transcript(clean)).toBe('zero')
    expect(clean.outputs).toMatchObject({ 'rebuild-required': 'false', verdict: 'pass' })
    await expectSoundReports(clean)
  })
})
