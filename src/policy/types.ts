/**
 * The policy's vocabulary and the Verdict it produces. The Verdict is a plain value: it drives the
 * outputs, the SARIF levels, the summary and the pull-request comment, so every reporter shows the
 * same decisions.
 */
import type { Finding, FindingKind } from '../findings/model.js'
import type { Severity, SeverityCounts } from '../findings/severity.js'
import type { AdmissionOptions } from '../checks/admission/rules.js'
import type { BaseImageOptions } from '../checks/base-images/rules.js'
import type { SignatureRule } from '../checks/signatures/rules.js'

/** What a severity tier does with a finding. */
export type TierAction = 'block' | 'warn' | 'record' | 'ignore'

export interface Tier {
  action: TierAction
  /** For `block` only: days of grace, counted from the finding's clock, before it blocks. */
  afterDays?: number
}

/** One tier table per finding kind: each severity maps to a tier. */
export type TierTable = Record<Severity, Tier>

export interface IgnoreRule {
  /** Rule or advisory ID (any alias matches). */
  id: string
  package?: string
  path?: string
  image?: string
  target?: string
  reason: string
  /** YYYY-MM-DD; the entry stops applying after this day (UTC). */
  expires?: string
  /** Where the entry was written, for messages: ".github/container-gate.yml:12", ".trivyignore:3". */
  source: string
  /** Package URL scope (from `.trivyignore.yaml` `purls`); a purl without `@version` matches every version. */
  purl?: string
  /** Finding kinds the entry applies to (`.trivyignore.yaml` lists are per kind); absent means every kind. */
  kinds?: FindingKind[]
}

interface MonitorPolicy {
  /** Whether a monitor run fails the step when a rebuild is required. */
  failOnRebuild: boolean
}

export interface Policy {
  /** Where the policy came from: a file path or "built-in defaults". */
  source: string
  tiers: Record<FindingKind, TierTable>
  ignoreUnfixed: boolean
  ignores: IgnoreRule[]
  baseImages: BaseImageOptions
  admission: AdmissionOptions
  /** Who must have signed (or attested) which images (`signatures:`); empty: no signature is required. */
  signatures: SignatureRule[]
  monitor: MonitorPolicy
}

/** Facts from outside the findings that decisions depend on. */
export interface EvaluationContext {
  mode: 'gate' | 'monitor'
  /** First time this repository saw a finding (its code-scanning alert's created_at), by findingKey. */
  firstSeen?: ReadonlyMap<string, string>
}

export type DecisionAction = 'block' | 'warn' | 'record' | 'ignore'

export interface Deadline {
  /** Which date the grace period counted from. */
  clock: 'first-seen' | 'published' | 'now'
  clockDate: string
  /** YYYY-MM-DD on which the finding starts to block. */
  blocksOn: string
  /** Whole days until blocksOn (0 or negative once it blocks). */
  daysLeft: number
}

export interface Decision {
  finding: Finding
  action: DecisionAction
  /** A short human reason: "CRITICAL vulnerabilities block", "HIGH past its 30-day deadline". */
  rule: string
  deadline?: Deadline
  /** Set when an explicit ignore (policy file, .trivyignore) or ignore-unfixed suppressed it. */
  suppressedBy?: { source: string; reason: string; expires?: string }
}

export interface Verdict {
  outcome: 'pass' | 'fail'
  /** One line for the step's error or success message. */
  reason: string
  /** Every finding, decided; suppressed ones included (action 'ignore' with suppressedBy). */
  decisions: Decision[]
  blocking: Decision[]
  warnings: Decision[]
  /** Counts by severity over the findings that were not suppressed. */
  counts: SeverityCounts
  expiredIgnores: IgnoreRule[]
  /** Monitor mode: a base (OS) package has a CRITICAL vulnerability with a fix. */
  rebuildRequired: boolean
  /** The mode it was decided in (absent: gate), so the headline says what the outcome means. */
  mode?: EvaluationContext['mode']
}
