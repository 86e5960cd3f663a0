/**
 * The signature work of a run, as main.ts's steps: settle before any scan what verification and
 * signing will use (every file checked, every secret located), have cosign installed with the
 * scanners, read which digest each scan scanned, and after the verdict sign and attest what passed.
 */
import { join } from 'node:path'
import { prepareVerification, type VerificationSettings } from '../checks/signatures/prepare.js'
import type { SignatureRule } from '../checks/signatures/rules.js'
import { describeTrust } from '../checks/signatures/trust.js'
import type { InstallableTool } from '../findings/model.js'
import type { Inputs } from '../inputs/read.js'
import { log } from '../log.js'
import type { Verdict } from '../policy/types.js'
import type { ScanOutcome } from '../scanners/run.js'
import {
  scannedImages,
  type ScannedImageInput,
  type ScannedRegistryImage
} from '../scanners/scanned-images.js'
import { execTool } from '../tools/exec.js'
import type { RunPaths } from '../workspace/run-dirs.js'
import { prepareSigning, type SigningPlan } from './prepare.js'
import { signPassed, type SigningReport } from './run.js'

/** What the run's signature work was settled to be. */
export interface Sigstore {
  verification: VerificationSettings
  signing?: SigningPlan
  /** ['cosign'] when anything runs it. */
  tools: InstallableTool[]
}

/** Checks every signature input and rule (and the files and secrets they name) before any scan. */
export function prepareSigstore(
  inputs: Inputs,
  policyRules: readonly SignatureRule[],
  paths: RunPaths,
  env: Readonly<Record<string, string | undefined>> = process.env
): Sigstore {
  const context = { workspace: paths.workspace, dir: join(paths.outDir, 'sigstore'), env }
  const verification = prepareVerification(policyRules, inputs.signing, context)
  const signing = prepareSigning(inputs.signing, inputs.images, verification.trust, context)
  const used = verification.rules.length > 0 || signing !== undefined
  if (verification.rules.length > 0) log.info(describeTrust(verification.trust))
  if (signing)
    log.info(
      `When the gate passes, each scanned image is signed by its scanned digest (${signing.key ? 'with cosign-key' : "keyless, with the workflow's OIDC identity"})${signing.attest.length ? ` and attested (${signing.attest.join(', ')})` : ''}.`
    )
  return { verification, ...(signing ? { signing } : {}), tools: used ? ['cosign'] : [] }
}

/** The images the scans covered, with the digest each report names; read only when signatures are in play. */
export async function sigstoreImages(
  sigstore: Sigstore,
  outcomes: readonly ScanOutcome[]
): Promise<{ registry: ScannedRegistryImage[]; inputs: ScannedImageInput[] }> {
  if (sigstore.tools.length === 0) return { registry: [], inputs: [] }
  return scannedImages(outcomes)
}

/** Signs and attests the scanned images when the verdict passed; undefined when `sign` is off. */
export async function signIfPassed(
  sigstore: Sigstore,
  verdict: Verdict,
  images: readonly ScannedRegistryImage[],
  run: { tools: Partial<Record<InstallableTool, string>>; paths: RunPaths }
): Promise<SigningReport | undefined> {
  const plan = sigstore.signing
  if (!plan) return undefined
  const cosign = run.tools.cosign
  const trivy = run.tools.trivy
  if (!cosign || !trivy) throw new Error('cosign and Trivy were not installed for signing.')
  const report = await signPassed(verdict, plan, images, {
    exec: execTool,
    cosign,
    trivy,
    dir: join(run.paths.outDir, 'sigstore')
  })
  if (report.withheld) log.info(`Not signed: ${report.withheld}.`)
  for (const image of report.images.filter(i => i.signed))
    log.info(
      `Signed ${image.pinned}${image.attestations.length ? ` and attested ${image.attestations.join(', ')}` : ''}`
    )
  return report
}
