/**
 * The admission stage of the design document, checked on the repository's Kubernetes manifests
 * before they reach a cluster: privileged containers denied, CPU/memory limits required, and — when
 * the policy asks — read-only root filesystems and NetworkPolicy coverage. The container rules
 * judge the way Gatekeeper's library templates do (k8spspprivilegedcontainer, k8scontainerlimits,
 * k8spspreadonlyrootfilesystem), applied to every workload's pod template, not only to bare Pods.
 */
import type { Finding } from '../../findings/model.js'
import { olderCheckIds } from '../../findings/rule-id.js'
import type { Severity } from '../../findings/severity.js'
import { notCheckedFinding } from '../../findings/coverage.js'
import type { KNode } from '../../kube/documents.js'
import { readManifests } from './manifests.js'
import type {
  Container,
  DuplicateKey,
  JudgedRange,
  LabelSelector,
  NetworkPolicy,
  Workload
} from './manifests.js'
import { compareQuantities, quantityFromText } from './quantity.js'
import { jsonFloat } from '../../kube/yaml11.js'

/** The admission rules a policy file sets (`admission:`); the policy reads them into this. */
export interface AdmissionOptions {
  denyPrivileged: boolean
  requireLimits: Array<'cpu' | 'memory'>
  requireReadOnlyRootFilesystem: boolean
  requireNetworkPolicy: boolean
  /** Container images the container rules do not apply to, with Gatekeeper's `exemptImages` meaning:
   * an exact image, or a prefix when the entry ends in `*`. */
  exemptImages?: string[]
  /** Highest limits allowed (Gatekeeper `k8scontainerlimits` parameters): `cpu: 2`, `memory: 1Gi`. */
  maxLimits?: { cpu?: string; memory?: string }
}

/** Rule IDs of the admission rules, as they appear in SARIF and in ignores. */
export const ADMISSION_RULES = {
  privileged: 'CG-K8S-PRIVILEGED',
  cpuLimit: 'CG-K8S-CPU-LIMIT',
  memoryLimit: 'CG-K8S-MEMORY-LIMIT',
  readOnlyRootFilesystem: 'CG-K8S-READONLY-ROOTFS',
  networkPolicy: 'CG-K8S-NO-NETWORK-POLICY'
} as const
/** A key written twice in one mapping of a manifest. */
export const DUPLICATE_KEY_RULE = 'CG-YAML-DUPLICATE-KEY'
export type RuleName = keyof typeof ADMISSION_RULES

/**
 * Trivy's Kubernetes checks that cover the same rules, by their Trivy ≥ 0.69 IDs (older spellings —
 * KSV017, AVD-KSV-0017 — compare equal through canonicalId). NetworkPolicy coverage has no Trivy
 * counterpart. See reconcileTrivyAdmission for which of the two findings is kept.
 */
export const TRIVY_ADMISSION_CHECKS: Readonly<Record<string, Exclude<RuleName, 'networkPolicy'>>> = {
  'KSV-0017': 'privileged',
  'KSV-0011': 'cpuLimit',
  'KSV-0018': 'memoryLimit',
  'KSV-0014': 'readOnlyRootFilesystem'
}

const TRIVY_ALIASES: Partial<Record<RuleName, string[]>> = Object.fromEntries(
  Object.entries(TRIVY_ADMISSION_CHECKS).map(([id, rule]) => [rule, [id, ...olderCheckIds(id)]])
)

/**
 * Every admission rule is CRITICAL: the cluster's admission controller refuses these workloads
 * outright, so a gate that only warned (HIGH's default grace period) would let through manifests that
 * cannot be deployed. The policy switches each rule on or off instead of grading it.
 */
const RULE_TEXT: Record<RuleName, { severity: Severity; title: string; description: string }> = {
  privileged: {
    severity: 'CRITICAL',
    title: 'Privileged container',
    description:
      'Privileged containers share the host namespaces and devices; the admission policy denies them (init and ephemeral containers included).'
  },
  cpuLimit: {
    severity: 'CRITICAL',
    title: 'CPU limit missing or too high',
    description:
      'Every container must set resources.limits.cpu (within the policy maximum) so one workload cannot starve the node.'
  },
  memoryLimit: {
    severity: 'CRITICAL',
    title: 'Memory limit missing or too high',
    description:
      'Every container must set resources.limits.memory (within the policy maximum) so one workload cannot exhaust the node.'
  },
  readOnlyRootFilesystem: {
    severity: 'CRITICAL',
    title: 'Root filesystem is writable',
    description:
      'Containers must set securityContext.readOnlyRootFilesystem: true so an intruder cannot tamper with the image.'
  },
  networkPolicy: {
    severity: 'CRITICAL',
    title: 'No NetworkPolicy selects the workload',
    description:
      'Every workload must be selected by a NetworkPolicy in its namespace, so traffic to and from it is restricted.'
  }
}

/** Gatekeeper's exemptImages: an exact image, or a prefix when the entry ends in `*`. */
function isExempt(image: string, exemptImages: readonly string[] | undefined): boolean {
  return (exemptImages ?? []).some(e => (e.endsWith('*') ? image.startsWith(e.slice(0, -1)) : image === e))
}

function finding(
  rule: RuleName,
  w: Workload,
  message: string,
  lines: [number, number],
  image?: string
): Finding {
  const text = RULE_TEXT[rule]
  return {
    tool: 'container-gate',
    kind: 'misconfig',
    ruleId: ADMISSION_RULES[rule],
    aliases: TRIVY_ALIASES[rule] ?? [],
    severity: text.severity,
    title: text.title,
    description: text.description,
    message,
    target: w.file,
    subject: w.file,
    file: w.file,
    startLine: lines[0],
    endLine: lines[1],
    ...(image ? { image } : {})
  }
}

/** A workload as messages name it: `Rollout 'web' (spec.template)` when its pod template was found by
 * shape, since one object of such a kind may hold several. */
function named(w: Workload): string {
  return `${w.kind} '${w.name}'${w.template ? ` (${w.template})` : ''}`
}

function who(c: Container, w: Workload): string {
  const group =
    c.group === 'containers'
      ? 'Container'
      : c.group === 'initContainers'
        ? 'Init container'
        : 'Ephemeral container'
  return `${group} '${c.name}' of ${named(w)}`
}

/** The text Kubernetes parses as a quantity: a string as written, a YAML number as kubectl sends it
 * in JSON. Undefined for what Gatekeeper's `missing()` treats as absent ("", false). */
export function quantityText(node: KNode): string | undefined {
  if (node.kind !== 'scalar') return JSON.stringify(node.kind === 'map' ? {} : [])
  const v = node.value
  if (v === '' || v === false || v === null) return undefined
  if (typeof v === 'number') return jsonFloat(v)
  // kubectl's JSON handling keeps integers within int64 and turns larger ones into floats.
  if (typeof v === 'bigint' && (v > INT64_MAX || v < -INT64_MAX - 1n)) return jsonFloat(Number(v))
  return String(v)
}
const INT64_MAX = 2n ** 63n - 1n

function limitFindings(w: Workload, c: Container, policy: AdmissionOptions): Finding[] {
  const out: Finding[] = []
  for (const resource of ['cpu', 'memory'] as const) {
    const rule = resource === 'cpu' ? 'cpuLimit' : 'memoryLimit'
    const required = policy.requireLimits.includes(resource)
    const max = policy.maxLimits?.[resource]
    const limit = c.limit[resource]
    const text = limit && quantityText(limit.node)
    if (!limit || text === undefined) {
      if (required)
        out.push(
          finding(
            rule,
            w,
            `${who(c, w)} has no ${resource} limit (resources.limits.${resource})`,
            [c.line, c.line],
            c.image
          )
        )
      continue
    }
    if (!required && max === undefined) continue
    const value = quantityFromText(text)
    const at: [number, number] = [limit.line, limit.line]
    if (value === undefined)
      out.push(
        finding(
          rule,
          w,
          `${who(c, w)} has a ${resource} limit ${JSON.stringify(text)} that is not a Kubernetes quantity`,
          at,
          c.image
        )
      )
    else if (max !== undefined && compareQuantities(value, quantityFromText(max)!) > 0)
      out.push(
        finding(
          rule,
          w,
          `${who(c, w)} has a ${resource} limit ${text} above the maximum of ${max}`,
          at,
          c.image
        )
      )
  }
  return out
}

/** securityContext.privileged as the API server reads it: true, false/absent, or not a boolean (the
 * API server refuses the object; Gatekeeper's rule treats any value but false as privileged). */
function privilegedFinding(w: Workload, c: Container): Finding | undefined {
  const p = c.privileged
  if (!p || (p.node.kind === 'scalar' && p.node.value === false)) return undefined
  const at: [number, number] = [p.line, p.line]
  if (p.node.kind === 'scalar' && p.node.value === true)
    return finding(
      'privileged',
      w,
      `${who(c, w)} is privileged (securityContext.privileged: true)`,
      at,
      c.image
    )
  const written =
    p.node.kind === 'scalar'
      ? JSON.stringify(p.node.value)
      : `a ${p.node.kind === 'map' ? 'mapping' : 'list'}`
  return finding(
    'privileged',
    w,
    `${who(c, w)} has securityContext.privileged ${written}, which is not a boolean: Kubernetes refuses the object and Gatekeeper treats it as privileged; write true or false`,
    at,
    c.image
  )
}

/** The container rules on one container of a workload. */
export function containerFindings(w: Workload, c: Container, policy: AdmissionOptions): Finding[] {
  if (isExempt(c.image, policy.exemptImages)) return []
  const out: Finding[] = []
  const privileged = policy.denyPrivileged ? privilegedFinding(w, c) : undefined
  if (privileged) out.push(privileged)
  // A patch (manifests.ts) is judged on what it sets: privileged, limits above the maximum; what it
  // leaves out (limits, readOnlyRootFilesystem) is the controller's container to supply.
  const required = c.patch ? { ...policy, requireLimits: [] } : policy
  // Kubernetes does not allow resources on ephemeral containers, so Gatekeeper does not check them.
  if (c.group !== 'ephemeralContainers') out.push(...limitFindings(w, c, required))
  const ro = c.readOnlyRootFilesystem
  const readOnly = ro?.node.kind === 'scalar' && ro.node.value === true
  if (policy.requireReadOnlyRootFilesystem && !readOnly && !(c.patch && !ro)) {
    const line = ro ? ro.line : c.line
    out.push(
      finding(
        'readOnlyRootFilesystem',
        w,
        `${who(c, w)} does not set securityContext.readOnlyRootFilesystem: true`,
        [line, line],
        c.image
      )
    )
  }
  return out
}

/** Whether a label selector selects a pod with these labels (an empty selector selects every pod). */
export function selects(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key)
    const ok =
      e.operator === 'In'
        ? has && e.values.includes(labels[e.key]!)
        : e.operator === 'NotIn'
          ? !has || !e.values.includes(labels[e.key]!)
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : false
    if (!ok) return false
  }
  return true
}

function networkPolicyFindings(
  workloads: readonly Workload[],
  policies: readonly NetworkPolicy[]
): Finding[] {
  return workloads
    .filter(w => !policies.some(p => p.namespace === w.namespace && selects(p.podSelector, w.podLabels)))
    .map(w => {
      const labels =
        Object.entries(w.podLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || 'none'
      return finding(
        'networkPolicy',
        w,
        `${named(w)} in namespace '${w.namespace}' is not selected by any NetworkPolicy (pod labels: ${labels})`,
        [w.startLine, w.endLine]
      )
    })
}

export interface AdmissionResult {
  /** Rule findings, duplicate keys, and CG-NOT-CHECKED for what could not be judged. */
  findings: Finding[]
  /** The documents that were judged, for reconcileTrivyAdmission. */
  judged: JudgedRange[]
}

/** Subject (SARIF category) of the admission family's findings. */
export const ADMISSION_SUBJECT = 'admission'

function duplicateFinding(d: DuplicateKey): Finding {
  return {
    tool: 'container-gate',
    kind: 'misconfig',
    ruleId: DUPLICATE_KEY_RULE,
    aliases: [],
    severity: 'CRITICAL',
    title: 'Key written twice in one mapping',
    description:
      "YAML forbids duplicate keys. kubectl keeps the last value (the admission rules judge that one), but strict decoding (the API server's strict field validation of a YAML body, sigs.k8s.io/yaml in strict mode) refuses the object, and other tools may keep the first: what is deployed depends on the tool. Remove one of them.",
    message: `'${d.key}' is written twice in one mapping (lines ${d.firstLine} and ${d.line}): kubectl applies the last value, strict YAML decoding refuses the object`,
    target: d.file,
    subject: ADMISSION_SUBJECT,
    file: d.file,
    startLine: d.line,
    endLine: d.line
  }
}

/**
 * Checks manifests (paths relative to the repository; text decoded with decodeManifest) against the
 * admission policy. NetworkPolicy coverage is judged across all the given files together, so a
 * policy may live in another file than the workloads it covers; a manifest without
 * `metadata.namespace` is taken to be in `default`. Documents that are not Kubernetes objects are
 * left out quietly; documents in scope that cannot be read become CG-NOT-CHECKED.
 */
export function checkManifests(
  manifests: ReadonlyArray<{ path: string; text: string }>,
  policy: AdmissionOptions
): AdmissionResult {
  const workloads: Workload[] = []
  const networkPolicies: NetworkPolicy[] = []
  const other: Finding[] = []
  const judged: JudgedRange[] = []
  for (const { path, text } of manifests) {
    const read = readManifests(path, text)
    workloads.push(...read.workloads)
    networkPolicies.push(...read.networkPolicies)
    judged.push(...read.judged)
    other.push(...read.duplicates.map(duplicateFinding))
    for (const n of read.notChecked)
      other.push(notCheckedFinding({ ...n, check: 'the admission rules', subject: ADMISSION_SUBJECT }))
  }
  const findings = workloads.flatMap(w => w.containers.flatMap(c => containerFindings(w, c, policy)))
  if (policy.requireNetworkPolicy) findings.push(...networkPolicyFindings(workloads, networkPolicies))
  return { findings: [...findings, ...other], judged }
}
