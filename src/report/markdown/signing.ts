/**
 * What the signing stage did, as the summary and the comment both say it: signed and attested
 * (each image by the digest scanned), withheld because the gate failed, or failed. Pure.
 */
import type { SigningReport } from '../../sign/run.js'
import { rowsOf, textBlock, type Block } from './assemble.js'
import { escapeInline } from './escape.js'

const TYPE_NAMES: Record<string, string> = {
  'https://cosign.sigstore.dev/attestation/vuln/v1': 'vuln',
  'https://cyclonedx.org/bom': 'sbom (CycloneDX)'
}

function attestationsCell(types: readonly string[]): string {
  return types.length === 0 ? '—' : types.map(t => escapeInline(TYPE_NAMES[t] ?? t, 100)).join(', ')
}

/** The signing block, or undefined when `sign` was off. */
export function signingBlock(report: SigningReport | undefined): Block | undefined {
  if (!report) return undefined
  if (report.withheld)
    return textBlock(
      `\n#### Signatures\n\n🚫 **Not signed**: ${escapeInline(report.withheld, 300)}. Images that fail the gate carry no signature${report.attest.length ? ' and no attestation' : ''}, so the registry and admission policies that require one refuse them.\n`
    )
  const failed = report.images.filter(i => i.error).length
  const head =
    `\n#### Signatures\n\n${failed === 0 ? '✅ Every scanned image is signed by the digest that was scanned.' : `❌ **Signing did not complete for ${failed} image${failed === 1 ? '' : 's'}**: the step fails.`}\n\n` +
    '| Image | Signed digest | Attestations | Result |\n|---|---|---|---|\n'
  return {
    head,
    rows: rowsOf(report.images, i => {
      const result = i.error ? `❌ ${escapeInline(i.error, 300)}` : '✅ signed'
      return `| ${escapeInline(i.reference, 200)} | ${i.pinned && i.signed ? escapeInline(i.pinned, 300) : '—'} | ${attestationsCell(i.attestations)} | ${result} |`
    }),
    moreLabel: n => `${n} more images`
  }
}
