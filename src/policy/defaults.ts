/**
 * The built-in policy (the design document's tiers) and the action inputs that override a policy.
 */
import { FINDING_KINDS, type FindingKind } from '../findings/model.js'
import { SEVERITIES, isAtLeastAsSevere, type Severity } from '../findings/severity.js'
import type { Policy, Tier, TierTable } from './types.js'

/** The grace period the design document gives HIGH findings before they block. */
const DEFAULT_GRACE_DAYS = 30

/** Vulnerabilities and secrets: CRITICAL blocks, HIGH blocks after 30 days, MEDIUM and UNKNOWN are
 * recorded, LOW is ignored. UNKNOWN is recorded rather than ignored because "the scanner could not
 * rate it" is not evidence that it is harmless. */
function vulnTiers(): TierTable {
  return {
    CRITICAL: { action: 'block' },
    HIGH: { action: 'block', afterDays: DEFAULT_GRACE_DAYS },
    MEDIUM: { action: 'record' },
    LOW: { action: 'ignore' },
    UNKNOWN: { action: 'record' }
  }
}

/** Misconfigurations get the same table: Trivy rates a privileged container CRITICAL/HIGH, and the
 * design document's admission stage denies exactly those. */
function misconfigTiers(): TierTable {
  return vulnTiers()
}

/** hadolint has no CRITICAL; its parser maps error → HIGH, warning → MEDIUM, info/style → LOW.
 * Lint never blocks by default: hadolint's "error" level mostly means "this will not build the way
 * you think" (DL3000-series style rules), which the build itself reveals, and the design document
 * only asks that the Dockerfile is linted and reported. A team that wants lint to gate sets
 * `lint: { HIGH: block }` or the `fail-on` input. */
function lintTiers(): TierTable {
  return {
    CRITICAL: { action: 'block' },
    HIGH: { action: 'warn' },
    MEDIUM: { action: 'record' },
    LOW: { action: 'ignore' },
    UNKNOWN: { action: 'record' }
  }
}

/** Files and documents in scope that could not be judged (CG-NOT-CHECKED, always CRITICAL): they
 * block, because an unchecked manifest may hide exactly what the other rules deny. A policy can
 * lower the tier, e.g. `coverage: { CRITICAL: warn }`. */
function coverageTiers(): TierTable {
  return vulnTiers()
}

/** Signature findings (CG-SIGNATURE-*, always CRITICAL): a signature the policy requires is
 * missing, made by someone else, or could not be verified, and each blocks like the other rules
 * the policy requires. A policy can lower the tier, e.g. `signatures: { CRITICAL: warn }`. */
function signatureTiers(): TierTable {
  return vulnTiers()
}

/** The policy in force when the repository has no policy file. A fresh value on every call, so a
 * caller may not accidentally mutate the defaults another caller sees. */
export function defaultPolicy(): Policy {
  return {
    source: 'built-in defaults',
    tiers: {
      vuln: vulnTiers(),
      secret: vulnTiers(),
      misconfig: misconfigTiers(),
      lint: lintTiers(),
      coverage: coverageTiers(),
      signature: signatureTiers()
    },
    ignoreUnfixed: true,
    ignores: [],
    baseImages: { allow: [], requireDigest: false },
    admission: {
      denyPrivileged: true,
      requireLimits: ['cpu', 'memory'],
      requireReadOnlyRootFilesystem: false,
      requireNetworkPolicy: false,
      exemptImages: []
    },
    signatures: [],
    monitor: { failOnRebuild: false }
  }
}

/** The action inputs that take precedence over the policy file (empty input = not given). */
export interface PolicyOverrides {
  failOn?: Severity
  ignoreUnfixed?: boolean
}

/**
 * Applies the `fail-on` and `ignore-unfixed` inputs. `fail-on: X` is a blunt threshold, so for every
 * finding kind: severities at or above X block at once (no grace), severities below X that used to
 * block are only recorded, and warn/record/ignore tiers below X stay as the policy wrote them.
 * Returns a new policy; the argument is not modified.
 */
export function applyOverrides(policy: Policy, overrides: PolicyOverrides): Policy {
  const { failOn, ignoreUnfixed } = overrides
  const tiers = { ...policy.tiers }
  if (failOn !== undefined) {
    for (const kind of FINDING_KINDS) tiers[kind] = thresholdTable(policy.tiers[kind], failOn)
  }
  const sources = [
    failOn !== undefined ? `fail-on=${failOn}` : '',
    ignoreUnfixed !== undefined ? `ignore-unfixed=${ignoreUnfixed}` : ''
  ]
    .filter(Boolean)
    .join(', ')
  return {
    ...policy,
    source: sources ? `${policy.source} (overridden by input ${sources})` : policy.source,
    tiers,
    ignoreUnfixed: ignoreUnfixed ?? policy.ignoreUnfixed
  }
}

function thresholdTable(table: TierTable, failOn: Severity): TierTable {
  const out = {} as TierTable
  for (const severity of SEVERITIES) {
    const tier = table[severity]
    let next: Tier
    if (isAtLeastAsSevere(severity, failOn)) next = { action: 'block' }
    else if (tier.action === 'block') next = { action: 'record' }
    else next = { ...tier }
    out[severity] = next
  }
  return out
}

/** Plural noun for a kind, used in decision rules ("CRITICAL vulnerabilities block"). */
export function kindLabel(kind: FindingKind): string {
  switch (kind) {
    case 'vuln':
      return 'vulnerabilities'
    case 'misconfig':
      return 'misconfigurations'
    case 'lint':
      return 'Dockerfile lint findings'
    case 'secret':
      return 'secrets'
    case 'coverage':
      return 'unchecked files'
    case 'signature':
      return 'signature findings'
  }
}
