/**
 * What the summary and the pull-request comment say about signing (issue 12): signed by the
 * scanned digest and attested, withheld because the gate failed, or failed after a pass; image
 * names and cosign's errors are untrusted text, shown and never obeyed.
 */
import { describe, expect, it } from '@jest/globals'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { renderComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import type { SigningReport } from '../../src/sign/run.js'

const verdict = evaluate([], defaultPolicy(), { mode: 'gate' }, new Date('2026-12-01T00:00:00Z'))
const PINNED = `ghcr.io/acme/app@sha256:${'c'.repeat(64)}`
const both = (signing: SigningReport) => [
  renderSummary(verdict, { signing }),
  renderComment(verdict, { marker: '<!-- container-gate:x -->', signing })
]

describe('the signing block of the summary and the comment', () => {
  it('signed and attested: the digest and the attestation kinds', () => {
    for (const text of both({
      images: [
        {
          reference: 'ghcr.io/acme/app:1',
          pinned: PINNED,
          signed: true,
          attestations: ['https://cosign.sigstore.dev/attestation/vuln/v1', 'https://cyclonedx.org/bom']
        }
      ],
      attest: ['vuln', 'sbom']
    })) {
      expect(text).toContain('✅ Every scanned image is signed by the digest that was scanned.')
      expect(text).toContain('vuln, sbom (CycloneDX)')
      expect(text).toContain('c'.repeat(64))
    }
  })

  it('withheld: the gate failed, nothing was signed, and it says so', () => {
    for (const text of both({
      withheld: 'the gate failed (2 blocking findings), so nothing was signed',
      images: [{ reference: 'ghcr.io/acme/app:1', pinned: PINNED, signed: false, attestations: [] }],
      attest: ['vuln']
    })) {
      expect(text).toContain(
        '🚫 **Not signed**: the gate failed (2 blocking findings), so nothing was signed.'
      )
      expect(text).toContain('no signature and no attestation')
      expect(text).not.toContain('✅ signed')
    }
  })

  it("failed after a pass: the image and cosign's error, escaped", () => {
    for (const text of both({
      images: [
        {
          reference: 'ghcr.io/acme/app:1',
          pinned: PINNED,
          signed: false,
          attestations: [],
          error: 'signing failed: <img src=x onerror=alert(1)> @octocat [x](https://evil.example)'
        }
      ],
      attest: []
    })) {
      expect(text).toContain('❌ **Signing did not complete for 1 image**: the step fails.')
      expect(text).not.toContain('<img')
      expect(text).not.toContain('](https://evil.example)')
      expect(text).not.toMatch(/(^|[^`\w])@octocat/)
    }
  })

  it('sign off: no block at all', () => {
    expect(renderSummary(verdict, {})).not.toContain('#### Signatures')
  })
})
