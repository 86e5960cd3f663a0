/**
 * The admission stage of the design document, checked on the repository's Kubernetes manifests
 * before they reach a cluster: privileged containers denied, CPU/memory limits required, and — when
 * the policy asks — read-only root filesystems and NetworkPolicy coverage. The container rules
 * judge the way Gatekeeper's library templates do (k8spspprivilegedcontainer, k8scontainerlimits,
 * k8spspreadonlyrootfilesystem), applied to every workload's pod template, not only to bare Pods.
 */
import type { Finding, Severity } from '../findings/model.js'
import { canonicalId } from '../policy/ignores.js'
import type { AdmissionPolicy } from '../policy/types.js'
import { readManifests } from './manifests.js'
import type { Container, LabelSelector, NetworkPolicy, Skipped, Workload } from './manifests.js'
import { canonicalQuantity } from './quantity.js'

/** Rule IDs of the admission rules, as they appear in SARIF and in ignores. */
export const ADMISSION_RULES = {
  privileged: 'CG-K8S-PRIVILEGED',
  cpuLimit: 'CG-K8S-CPU-LIMIT',
  memoryLimit: 'CG-K8S-MEMORY-LIMIT',
  readOnlyRootFilesystem: 'CG-K8S-READONLY-ROOTFS',
  networkPolicy: 'CG-K8S-NO-NETWORK-POLICY'
} as const
type RuleName = keyof typeof ADMISSION_RULES

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
  Object.entries(TRIVY_ADMISSION_CHECKS).map(([id, rule]) => {
    const n = id.slice(4)
    return [rule, [id, `KSV${n.replace(/^0/, '')}`, `AVD-${id}`]]
  })
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
export function isExempt(image: string, exemptImages: readonly string[] | undefined): boolean {
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

function who(c: Container, w: Workload): string {
  const group =
    c.group === 'containers'
      ? 'Container'
      : c.group === 'initContainers'
        ? 'Init container'
        : 'Ephemeral container'
  return `${group} '${c.name}' of ${w.kind} '${w.name}'`
}

/** A value Gatekeeper's `missing()` treats as absent. */
function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false
}

function containerFindings(w: Workload, c: Container, policy: AdmissionPolicy): Finding[] {
  if (isExempt(c.image, policy.exemptImages)) return []
  const out: Finding[] = []
  const whole: [number, number] = [c.startLine, c.endLine]
  const v = c.privileged?.value
  if (policy.denyPrivileged && c.privileged && (v === true || v === 'true'))
    out.push(
      finding(
        'privileged',
        w,
        `${who(c, w)} is privileged (securityContext.privileged: true)`,
        [c.privileged.line, c.privileged.line],
        c.image
      )
    )

  // Kubernetes does not allow resources on ephemeral containers, so Gatekeeper does not check them.
  if (c.group !== 'ephemeralContainers') {
    for (const resource of ['cpu', 'memory'] as const) {
      const rule = resource === 'cpu' ? 'cpuLimit' : 'memoryLimit'
      const required = policy.requireLimits.includes(resource)
      const max = policy.maxLimits?.[resource]
      const limit = c.limit[resource]
      if (!limit || absent(limit.value)) {
        if (required)
          out.push(
            finding(
              rule,
              w,
              `${who(c, w)} has no ${resource} limit (resources.limits.${resource})`,
              whole,
              c.image
            )
          )
        continue
      }
      if (!required && max === undefined) continue
      const value = canonicalQuantity(resource, limit.value)
      const at: [number, number] = [limit.line, limit.line]
      if (value === undefined)
        out.push(
          finding(
            rule,
            w,
            `${who(c, w)} has a ${resource} limit ${JSON.stringify(limit.value)} that is not a Kubernetes quantity`,
            at,
            c.image
          )
        )
      else if (max !== undefined && value > canonicalQuantity(resource, max)!)
        out.push(
          finding(
            rule,
            w,
            `${who(c, w)} has a ${resource} limit ${String(limit.value)} above the maximum of ${max}`,
            at,
            c.image
          )
        )
    }
  }

  if (policy.requireReadOnlyRootFilesystem && c.readOnlyRootFilesystem?.value !== true) {
    const at: [number, number] = c.readOnlyRootFilesystem
      ? [c.readOnlyRootFilesystem.line, c.readOnlyRootFilesystem.line]
      : whole
    out.push(
      finding(
        'readOnlyRootFilesystem',
        w,
        `${who(c, w)} does not set securityContext.readOnlyRootFilesystem: true`,
        at,
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
        `${w.kind} '${w.name}' in namespace '${w.namespace}' is not selected by any NetworkPolicy (pod labels: ${labels})`,
        [w.startLine, w.endLine]
      )
    })
}

export interface AdmissionResult {
  findings: Finding[]
  /** Documents that are not valid YAML, e.g. Helm templates before rendering: not checked. */
  skipped: Skipped[]
  /** The files that were checked, for reconcileTrivyAdmission. */
  files: string[]
}

/**
 * Checks manifests (paths relative to the repository) against the admission policy. NetworkPolicy
 * coverage is judged across all the given files together, so a policy may live in another file than
 * the workloads it covers; a manifest without `metadata.namespace` is taken to be in `default`.
 */
export function checkManifests(
  manifests: ReadonlyArray<{ path: string; text: string }>,
  policy: AdmissionPolicy
): AdmissionResult {
  const workloads: Workload[] = []
  const networkPolicies: NetworkPolicy[] = []
  const skipped: Skipped[] = []
  for (const { path, text } of manifests) {
    const read = readManifests(path, text)
    workloads.push(...read.workloads)
    networkPolicies.push(...read.networkPolicies)
    skipped.push(...read.skipped)
  }
  const findings = workloads.flatMap(w => w.containers.flatMap(c => containerFindings(w, c, policy)))
  if (policy.requireNetworkPolicy) findings.push(...networkPolicyFindings(workloads, networkPolicies))
  return { findings, skipped, files: manifests.map(m => m.path) }
}

/** The admission findings of the given manifests (see checkManifests). */
export function admissionFindings(
  manifests: ReadonlyArray<{ path: string; text: string }>,
  policy: AdmissionPolicy
): Finding[] {
  return checkManifests(manifests, policy).findings
}

function ruleEnabled(rule: RuleName, policy: AdmissionPolicy): boolean {
  switch (rule) {
    case 'privileged':
      return policy.denyPrivileged
    case 'cpuLimit':
      return policy.requireLimits.includes('cpu') || policy.maxLimits?.cpu !== undefined
    case 'memoryLimit':
      return policy.requireLimits.includes('memory') || policy.maxLimits?.memory !== undefined
    case 'readOnlyRootFilesystem':
      return policy.requireReadOnlyRootFilesystem
    case 'networkPolicy':
      return policy.requireNetworkPolicy
  }
}

const normalizePath = (p: string) => p.replace(/^\.\//, '')

/**
 * One finding per problem when Trivy's config scan and these rules both look at a manifest. The
 * admission policy governs its four rules wherever they appear, so a Trivy finding of a mapped check
 * (KSV-0017, KSV-0011, KSV-0018, KSV-0014, any spelling) is dropped when
 *  - the policy turns that rule off (e.g. read-only root filesystems not required): the policy
 *    allows it, Trivy's severity must not re-impose it; or
 *  - the rule is on and checkManifests read the same file: our finding is the one kept, because it
 *    honours exemptImages and maxLimits and carries Trivy's IDs as aliases (ignores written for
 *    Trivy's IDs still apply to it).
 * Trivy's finding is kept for files only Trivy read (Helm charts it rendered itself). Everything else
 * passes through unchanged.
 */
export function reconcileTrivyAdmission(
  findings: readonly Finding[],
  checkedFiles: readonly string[],
  policy: AdmissionPolicy
): Finding[] {
  const checked = new Set(checkedFiles.map(normalizePath))
  const byId = new Map(Object.entries(TRIVY_ADMISSION_CHECKS).map(([id, rule]) => [canonicalId(id), rule]))
  return findings.filter(f => {
    if (f.tool !== 'trivy' || f.kind !== 'misconfig') return true
    const rule = [f.ruleId, ...f.aliases]
      .map(canonicalId)
      .map(id => byId.get(id))
      .find(Boolean)
    if (!rule) return true
    if (!ruleEnabled(rule, policy)) return false
    return !(f.file !== undefined && checked.has(normalizePath(f.file)))
  })
}
