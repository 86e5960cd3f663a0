/**
 * The headline: one sentence counting what blocks by kind and place, the same in the summary, the
 * comment, the log's verdict block and the step's error. Verdicts come from the real pipeline on
 * the repository's examples (reports recorded from Trivy 0.74.0 and hadolint 2.15.1, the example
 * Deployment, Dockerfile and policy), decided by evaluate() with a fixed clock.
 */
import { describe, expect, it } from '@jest/globals'
import type { Finding } from '../../src/findings/model.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { headline, shortImage, shortenPath } from '../../src/report/headline.js'
import { NOW, demoFindings, demoPolicy, demoVerdict } from '../helpers/demo-verdict.js'

describe('headline', () => {
  it("counts the demo's blocking findings by why they block and where, as the issue asks", async () => {
    expect(headline(await demoVerdict())).toBe(
      '5 findings block: 3 admission-rule violations in examples/k8s/deployment.yaml, ' +
        '1 base-image rule violation in examples/app/Dockerfile, ' +
        '1 fixable CRITICAL vulnerability in debian-vuln:1'
    )
  })

  it('with fail-on HIGH, the lint error joins as its own kind', async () => {
    expect(headline(await demoVerdict({ failOn: 'HIGH' }))).toBe(
      '6 findings block: 3 admission-rule violations in examples/k8s/deployment.yaml, ' +
        '1 base-image rule violation in examples/app/Dockerfile, ' +
        '1 fixable CRITICAL vulnerability in debian-vuln:1, ' +
        '1 HIGH Dockerfile lint finding in examples/app/Dockerfile'
    )
  })

  it('names no finding ID, so nothing is ever cut in the middle of one', async () => {
    const verdict = await demoVerdict()
    for (const d of verdict.decisions) expect(headline(verdict)).not.toContain(d.finding.ruleId)
  })

  it('in monitor mode says whether a rebuild is due, and for which image', async () => {
    expect(headline(await demoVerdict({}, 'monitor'))).toBe(
      'Rebuild required: 1 fixable CRITICAL vulnerability in the base (OS) packages of debian-vuln:1'
    )
  })

  it('when nothing blocks, says what warns and when it starts to block', async () => {
    const policy = await demoPolicy()
    const findings = (await demoFindings(policy)).filter(f => f.severity !== 'CRITICAL')
    expect(headline(evaluate(findings, policy, { mode: 'gate' }, NOW))).toBe(
      'No finding blocks: 1 warning (no deadline — warns only), 3 recorded, 3 ignored'
    )
    expect(headline(evaluate([], policy, { mode: 'gate' }, NOW))).toBe('No finding blocks: nothing was found')
  })

  it('many places of one kind become a count; two images with the same short name are named in full', async () => {
    const policy = await demoPolicy()
    const [vuln] = (await demoFindings(policy)).filter(f => f.kind === 'vuln' && f.severity === 'CRITICAL')
    const at = (subject: string): Finding => ({ ...vuln!, subject, image: subject })
    const three = [at('ghcr.io/a/app:1'), at('ghcr.io/b/app:1'), at('ghcr.io/c/web:1')]
    expect(headline(evaluate(three, policy, { mode: 'gate' }, NOW))).toBe(
      '3 findings block: 3 fixable CRITICAL vulnerabilities in 3 images'
    )
    expect(headline(evaluate(three.slice(0, 2), policy, { mode: 'gate' }, NOW))).toBe(
      '2 findings block: 2 fixable CRITICAL vulnerabilities in ghcr.io/a/app:1 and ghcr.io/b/app:1'
    )
  })
})

describe('places', () => {
  it('a long path keeps its last whole segments; a digest its first 12 digits', () => {
    const deep = `${'very-long-directory-name/'.repeat(6)}charts/web/templates/deployment.yaml`
    // 25 characters more would pass 60: the directory above charts/ is left out whole.
    expect(shortenPath(deep)).toBe('…/charts/web/templates/deployment.yaml')
    expect(Array.from(shortenPath(deep)).length).toBeLessThanOrEqual(60)
    expect(shortImage(`ghcr.io/acme/app@sha256:${'0123456789abcdef'.repeat(4)}`)).toBe(
      'app@sha256:0123456789ab…'
    )
    const unbroken = 'x'.repeat(200)
    expect(shortenPath(unbroken)).toMatch(/^x{29}…x{30}$/)
  })
})
