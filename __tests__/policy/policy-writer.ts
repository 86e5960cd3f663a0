/**
 * The policy file written back from a Policy (every setting spelled out), for the parser's
 * round-trip tests: parsePolicy must read it back to an equal policy apart from `source`. Written
 * here, independently of the parser's own tables, so a key the parser misspells fails the test.
 */
import { stringify } from 'yaml'
import type { FindingKind } from '../../src/findings/model.js'
import { SEVERITIES } from '../../src/findings/severity.js'
import type { IgnoreRule, Policy } from '../../src/policy/types.js'
import type { SignatureRule } from '../../src/checks/signatures/rules.js'

const KINDS: Record<string, FindingKind> = {
  vulnerabilities: 'vuln',
  misconfigurations: 'misconfig',
  secrets: 'secret',
  lint: 'lint',
  coverage: 'coverage',
  signatures: 'signature'
}
const IGNORE_KEYS = ['id', 'package', 'path', 'image', 'target', 'reason', 'expires'] as const

function ignoreEntry(rule: IgnoreRule): Record<string, string> {
  return Object.fromEntries(IGNORE_KEYS.filter(k => rule[k] !== undefined).map(k => [k, rule[k]!]))
}

function signatureEntry(rule: SignatureRule): Record<string, unknown> {
  const signer =
    rule.signer.kind === 'key'
      ? { key: rule.signer.key }
      : {
          ...(rule.signer.identity !== undefined ? { identity: rule.signer.identity } : {}),
          ...(rule.signer.identityRegexp !== undefined
            ? { 'identity-regexp': rule.signer.identityRegexp }
            : {}),
          issuer: rule.signer.issuer
        }
  return { images: rule.images, ...signer, ...(rule.attestation ? { type: rule.attestation.name } : {}) }
}

export function stringifyPolicy(policy: Policy): string {
  const tiers: Record<string, Record<string, unknown>> = {}
  for (const [name, kind] of Object.entries(KINDS)) {
    tiers[name] = Object.fromEntries(
      SEVERITIES.map(s => {
        const t = policy.tiers[kind][s]
        return [s, t.afterDays ? { action: t.action, after: `${t.afterDays}d` } : t.action]
      })
    )
  }
  const { admission } = policy
  const doc = {
    version: 1,
    'ignore-unfixed': policy.ignoreUnfixed,
    tiers,
    ignores: policy.ignores.map(ignoreEntry),
    'base-images': { allow: policy.baseImages.allow, 'require-digest': policy.baseImages.requireDigest },
    admission: {
      'deny-privileged': admission.denyPrivileged,
      'require-limits': admission.requireLimits,
      'require-read-only-root-filesystem': admission.requireReadOnlyRootFilesystem,
      'require-network-policy': admission.requireNetworkPolicy,
      'exempt-images': admission.exemptImages ?? [],
      ...(admission.maxLimits ? { 'max-limits': admission.maxLimits } : {})
    },
    signatures: policy.signatures.map(signatureEntry),
    monitor: { 'fail-on-rebuild': policy.monitor.failOnRebuild }
  }
  return stringify(doc, { lineWidth: 0 })
}
