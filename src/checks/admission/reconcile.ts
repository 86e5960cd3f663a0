/**
 * One finding per problem when Trivy's config scan and the admission rules both look at a manifest.
 */
import type { Finding } from '../../findings/model.js'
import { canonicalId } from '../../findings/rule-id.js'
import { TRIVY_ADMISSION_CHECKS, type AdmissionOptions, type RuleName } from './rules.js'
import type { JudgedRange } from './manifests.js'

function ruleEnabled(rule: RuleName, policy: AdmissionOptions): boolean {
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
 * Whether the admission rules judged what a Trivy finding points at: a judged document of the same
 * file holding its line, or — for a finding without a line — a file whose every document in scope
 * was judged.
 */
function judgedByAdmission(
  f: Finding,
  judged: ReadonlyMap<string, JudgedRange[]>,
  partly: ReadonlySet<string>
): boolean {
  if (f.file === undefined) return false
  const file = normalizePath(f.file)
  const ranges = judged.get(file)
  if (!ranges) return false
  if (f.startLine === undefined) return !partly.has(file)
  return ranges.some(r => f.startLine! >= r.startLine && f.startLine! <= r.endLine)
}

/**
 * The admission policy governs its four rules wherever they appear, so a Trivy finding of a mapped
 * check (KSV-0017, KSV-0011, KSV-0018, KSV-0014, any spelling) is dropped when
 *  - the policy turns that rule off (e.g. read-only root filesystems not required): the policy
 *    allows it, Trivy's severity must not re-impose it; or
 *  - the rule is on and the admission rules judged the document Trivy's finding is in: their
 *    finding is the one kept, because it honours exemptImages and maxLimits and carries Trivy's IDs
 *    as aliases (ignores written for Trivy's IDs still apply to it).
 * Trivy's finding is kept for everything the admission rules did not judge: Helm charts Trivy
 * rendered itself, and documents they could not read (those also get a CG-NOT-CHECKED), so a
 * document that escapes one reader is still judged by the other. `notFullyJudged` names the files
 * with a document in scope that was not judged.
 */
export function reconcileTrivyAdmission(
  findings: readonly Finding[],
  judged: readonly JudgedRange[],
  policy: AdmissionOptions,
  notFullyJudged: readonly string[] = []
): Finding[] {
  const byFile = new Map<string, JudgedRange[]>()
  for (const r of judged) {
    const file = normalizePath(r.file)
    byFile.set(file, [...(byFile.get(file) ?? []), r])
  }
  const partly = new Set(notFullyJudged.map(normalizePath))
  const byId = new Map(Object.entries(TRIVY_ADMISSION_CHECKS).map(([id, rule]) => [canonicalId(id), rule]))
  return findings.filter(f => {
    if (f.tool !== 'trivy' || f.kind !== 'misconfig') return true
    const rule = [f.ruleId, ...f.aliases]
      .map(canonicalId)
      .map(id => byId.get(id))
      .find(Boolean)
    if (!rule) return true
    if (!ruleEnabled(rule, policy)) return false
    return !judgedByAdmission(f, byFile, partly)
  })
}
