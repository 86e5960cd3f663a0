/**
 * The policy file (`.github/container-gate.yml` by default): parsed and validated into a Policy.
 * Everything not written in the file keeps its built-in default, so a file may hold one setting.
 */
import { isMap, isScalar } from 'yaml'
import type { Node } from 'yaml'
import type { FindingKind } from '../findings/model.js'
import { SEVERITIES, type Severity } from '../findings/severity.js'
import { compileImagePattern, isImagePattern } from '../oci/image-ref.js'
import { quantityFromText } from '../checks/admission/quantity.js'
import { defaultPolicy } from './defaults.js'
import type { AdmissionOptions } from '../checks/admission/rules.js'
import type { IgnoreRule, Policy, Tier, TierAction } from './types.js'
import { isIsoDate } from './days.js'
import { parseSignatureRules } from './signatures.js'
import { YamlSource, describe, suggest } from './yaml-source.js'

/** Where the action looks for a policy when the `policy` input is empty. */
export const DEFAULT_POLICY_PATH = '.github/container-gate.yml'

const TOP_KEYS = [
  'version',
  'ignore-unfixed',
  'tiers',
  'ignores',
  'base-images',
  'admission',
  'signatures',
  'monitor'
] as const
/** The policy file's name for each finding kind. */
const KIND_KEYS: Record<string, FindingKind> = {
  vulnerabilities: 'vuln',
  misconfigurations: 'misconfig',
  secrets: 'secret',
  lint: 'lint',
  coverage: 'coverage',
  signatures: 'signature'
}
const ACTIONS: readonly TierAction[] = ['block', 'warn', 'record', 'ignore']
const IGNORE_KEYS = ['id', 'package', 'path', 'image', 'target', 'reason', 'expires'] as const
const BASE_IMAGE_KEYS = ['allow', 'require-digest'] as const
const ADMISSION_KEYS = [
  'deny-privileged',
  'require-limits',
  'require-read-only-root-filesystem',
  'require-network-policy',
  'exempt-images',
  'max-limits'
] as const
const LIMITS = ['cpu', 'memory'] as const
const GRACE = /^(\d{1,4})d$/

function parseTier(src: YamlSource, node: unknown, what: string): Tier {
  let actionNode: unknown = node
  let afterNode: unknown
  if (isMap(node)) {
    for (const { key, value } of src.entries(node, what, ['action', 'after'])) {
      if (key === 'action') actionNode = value
      else afterNode = value
    }
    if (actionNode === node) throw src.error(node as Node, `${what} needs an action (${ACTIONS.join(', ')})`)
  }
  const word =
    isScalar(actionNode) && typeof actionNode.value === 'string'
      ? actionNode.value.trim().toLowerCase()
      : undefined
  if (!word || !ACTIONS.includes(word as TierAction)) {
    const hint = word ? suggest(word, ACTIONS) : undefined
    throw src.error(
      actionNode as Node,
      `${what} has the action ${describe(actionNode)}, which does not exist.${hint ? ` Did you mean '${hint}'?` : ''} Accepted: ${ACTIONS.join(', ')}, or { action: block, after: 30d }.`
    )
  }
  const action = word as TierAction
  if (afterNode === undefined) return { action }
  if (action !== 'block')
    throw src.error(afterNode as Node, `${what}: 'after' only applies to the action block, not ${action}`)
  const text = isScalar(afterNode) ? String(afterNode.value).trim() : ''
  const m = GRACE.exec(text)
  if (!m)
    throw src.error(
      afterNode as Node,
      `${what}.after is ${describe(afterNode)}; write a number of days such as 30d (0d to 9999d)`
    )
  const days = Number(m[1])
  return days > 0 ? { action, afterDays: days } : { action }
}

function parseTiers(src: YamlSource, node: unknown, policy: Policy): void {
  for (const { key, value } of src.entries(node, 'tiers', Object.keys(KIND_KEYS))) {
    const kind = KIND_KEYS[key]!
    if (!isMap(value))
      throw src.error(value as Node, `tiers.${key} must map severities (${SEVERITIES.join(', ')}) to actions`)
    for (const pair of value.items) {
      const keyNode = pair.key as Node
      const word = isScalar(keyNode) ? String(keyNode.value).toUpperCase() : ''
      if (!SEVERITIES.includes(word as Severity)) {
        const hint = suggest(word, SEVERITIES)
        throw src.error(
          keyNode,
          `tiers.${key} has the severity ${describe(keyNode)}, which does not exist.${hint ? ` Did you mean '${hint}'?` : ''} Accepted: ${SEVERITIES.join(', ')}.`
        )
      }
      policy.tiers[kind][word as Severity] = parseTier(src, pair.value, `tiers.${key}.${word}`)
    }
  }
}

function parseIgnore(src: YamlSource, node: unknown, index: number): IgnoreRule {
  const what = `ignores[${index}]`
  const rule: Partial<IgnoreRule> = { source: src.where(node as Node) }
  for (const { key, value } of src.entries(node, what, IGNORE_KEYS)) {
    const text = src.string(value, `${what}.${key}`)
    if (key === 'expires' && !isIsoDate(text))
      throw src.error(value as Node, `${what}.expires is ${describe(value)}; write a date as YYYY-MM-DD`)
    Object.assign(rule, { [key]: text })
  }
  if (!rule.id) throw src.error(node as Node, `${what} needs an id (CVE-…, GHSA-…, DS-0002, DL3008, CG-…)`)
  if (!rule.reason)
    throw src.error(node as Node, `${what} (${rule.id}) needs a reason: say why it is safe to ignore`)
  return rule as IgnoreRule
}

function parseAdmission(src: YamlSource, node: unknown, admission: AdmissionOptions): void {
  for (const { key, value } of src.entries(node, 'admission', ADMISSION_KEYS)) {
    if (key === 'deny-privileged') admission.denyPrivileged = src.boolean(value, `admission.${key}`)
    else if (key === 'require-read-only-root-filesystem')
      admission.requireReadOnlyRootFilesystem = src.boolean(value, `admission.${key}`)
    else if (key === 'require-network-policy')
      admission.requireNetworkPolicy = src.boolean(value, `admission.${key}`)
    else if (key === 'exempt-images')
      admission.exemptImages = src
        .sequence(value, `admission.${key}`)
        .map(item => src.string(item, `admission.${key} entry`))
    else if (key === 'max-limits') {
      const max: { cpu?: string; memory?: string } = {}
      for (const e of src.entries(value, `admission.${key}`, LIMITS)) {
        const text = isScalar(e.value) && e.value.value !== null ? String(e.value.value).trim() : ''
        const resource = e.key as 'cpu' | 'memory'
        if (quantityFromText(text) === undefined)
          throw src.error(
            e.value as Node,
            `admission.max-limits.${resource} is ${describe(e.value)}, not a Kubernetes quantity (${resource === 'cpu' ? '2, 0.5 or 500m' : '512Mi, 1Gi or 1G'})`
          )
        max[resource] = text
      }
      admission.maxLimits = max
    } else {
      const limits = new Set<'cpu' | 'memory'>()
      for (const item of src.sequence(value, `admission.${key}`)) {
        const word = isScalar(item) ? String(item.value) : ''
        if (!LIMITS.includes(word as 'cpu'))
          throw src.error(item as Node, `admission.${key} accepts cpu and memory, not ${describe(item)}`)
        limits.add(word as 'cpu')
      }
      admission.requireLimits = LIMITS.filter(l => limits.has(l))
    }
  }
}

/**
 * Parses and validates a policy file. `file` is the path used in messages (repository-relative).
 * Throws ConfigurationError, naming file and line, for anything it cannot accept; never anything else.
 */
export function parsePolicy(text: string, file: string): Policy {
  const src = new YamlSource(file, text)
  const doc = src.parse()
  const policy = defaultPolicy()
  policy.source = file
  const root = doc.contents
  if (root === null || (isScalar(root) && root.value === null)) return policy
  src.noAliases(root)
  for (const { key, value } of src.entries(root, 'the policy file', TOP_KEYS)) {
    switch (key) {
      case 'version':
        if (!isScalar(value) || value.value !== 1)
          throw src.error(value as Node, `version must be 1, not ${describe(value)}`)
        break
      case 'ignore-unfixed':
        policy.ignoreUnfixed = src.boolean(value, key)
        break
      case 'tiers':
        parseTiers(src, value, policy)
        break
      case 'ignores':
        policy.ignores = src.sequence(value, key).map((item, i) => parseIgnore(src, item, i))
        break
      case 'base-images':
        for (const entry of src.entries(value, 'base-images', BASE_IMAGE_KEYS)) {
          if (entry.key === 'require-digest')
            policy.baseImages.requireDigest = src.boolean(entry.value, 'base-images.require-digest')
          else
            policy.baseImages.allow = src.sequence(entry.value, 'base-images.allow').map(item => {
              const pattern = src.string(item, 'base-images.allow entry')
              const compiled = compileImagePattern(pattern)
              if (!isImagePattern(compiled))
                throw src.error(
                  item as Node,
                  `base-images.allow pattern '${pattern}' can never match an image: ${compiled.error}`
                )
              return pattern
            })
        }
        break
      case 'admission':
        parseAdmission(src, value, policy.admission)
        break
      case 'signatures':
        policy.signatures = parseSignatureRules(src, value)
        break
      case 'monitor':
        for (const entry of src.entries(value, 'monitor', ['fail-on-rebuild']))
          policy.monitor.failOnRebuild = src.boolean(entry.value, 'monitor.fail-on-rebuild')
        break
    }
  }
  return policy
}
