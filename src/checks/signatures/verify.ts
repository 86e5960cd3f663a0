/**
 * Running the verifications: the installed cosign, argv arrays, the scrubbed environment plus only
 * what a key reference needs, a few at a time. Each image is verified once per rule however many
 * Dockerfile lines pull it; "no signatures found" for an image the registry was not proven to have
 * is followed by `cosign tree`, which tells a missing image from an unsigned one.
 */
import type { Exec } from '../../tools/exec.js'
import { treeArgs, verifyArgs } from './cosign-args.js'
import type { FailedCheck } from './findings.js'
import { existenceOutcome, verifyOutcome, type VerifyOutcome } from './outcome.js'
import type { VerificationSettings } from './prepare.js'
import type { SignatureRule } from './rules.js'
import type { PlannedCheck } from './targets.js'

export interface VerifyDeps {
  exec: Exec
  /** The installed cosign. */
  cosign: string
  settings: VerificationSettings
  /** cosign calls at a time: they wait on the registry, not the CPU. */
  concurrency?: number
}

export interface VerifyResults {
  failed: FailedCheck[]
  /** Checks that verified, for the log: "image (rule)". */
  verified: string[]
}

/** Runs `work` on every item, at most `limit` at a time, results in order. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

function verifier(deps: VerifyDeps) {
  const { settings } = deps
  const verifications = new Map<string, Promise<VerifyOutcome>>()
  const existence = new Map<string, Promise<'exists' | VerifyOutcome>>()
  const exists = (image: string) => {
    let known = existence.get(image)
    if (!known) {
      known = deps.exec(deps.cosign, treeArgs(image)).then(existenceOutcome)
      existence.set(image, known)
    }
    return known
  }
  const verifyOnce = async (target: PlannedCheck['target'], rule: SignatureRule): Promise<VerifyOutcome> => {
    const keyFile = rule.signer.kind === 'key' ? settings.keyFiles.get(rule.signer.key) : undefined
    const secretEnv = rule.signer.kind === 'key' ? settings.keyEnv.get(rule.signer.key) : undefined
    const args = verifyArgs(rule, target.image, settings.trust, keyFile)
    const run = await deps.exec(deps.cosign, args, secretEnv ? { secretEnv } : {})
    const outcome = verifyOutcome(run, { attestation: rule.attestation, digest: target.digest })
    // cosign says "unsigned" about an image the registry lacks: a tag it resolved exists; a digest may not.
    if (outcome.status !== 'unsigned' || target.knownToExist || !target.digest) return outcome
    const found = await exists(target.image)
    return found === 'exists' ? outcome : found
  }
  return (target: PlannedCheck['target'], rule: SignatureRule): Promise<VerifyOutcome> => {
    const key = `${target.image}\u0000${settings.rules.indexOf(rule)}`
    let pending = verifications.get(key)
    if (!pending) {
      pending = verifyOnce(target, rule)
      verifications.set(key, pending)
    }
    return pending
  }
}

/** Verifies every planned image against each of its rules. */
export async function verifyPlanned(
  checks: readonly PlannedCheck[],
  deps: VerifyDeps
): Promise<VerifyResults> {
  const verify = verifier(deps)
  const pairs = checks.flatMap(check => check.rules.map(rule => ({ target: check.target, rule })))
  const outcomes = await inPool(pairs, deps.concurrency ?? 4, pair => verify(pair.target, pair.rule))
  const results: VerifyResults = { failed: [], verified: [] }
  pairs.forEach(({ target, rule }, i) => {
    const outcome = outcomes[i]!
    if (outcome.status === 'verified') results.verified.push(`${target.image} (${rule.source})`)
    else results.failed.push({ target, rule, outcome })
  })
  return results
}
