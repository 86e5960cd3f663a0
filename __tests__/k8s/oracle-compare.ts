/**
 * The differential comparison: what Kubernetes reads from each manifest (e2e/cmd/k8s-oracle, built
 * from kubectl's and client-go's own code) against what the action reads and judges, per file,
 * object, container and rule. Used by the unit test (on the oracle's recorded output) and the e2e
 * test (on its live output).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { containerFindings, quantityText } from '../../src/checks/admission/rules.js'
import { decodeManifest, readKubeDocuments, type KNode } from '../../src/kube/documents.js'
import { readManifests, type Container } from '../../src/checks/admission/manifests.js'
import { documentObjects } from '../../src/kube/objects.js'
import { quantityFromText } from '../../src/checks/admission/quantity.js'
import { exactDecimal } from '../helpers/quantity.js'
import type { AdmissionOptions } from '../../src/checks/admission/rules.js'

export interface OracleContainer {
  group: string
  name: string
  image: string
  privileged: boolean | null
  readOnlyRootFilesystem: boolean | null
  limits?: Record<string, { canonical: string; exact: string }>
  error?: string
}
export interface OracleObject {
  apiVersion: string
  kind: string
  namespace: string
  name: string
  decodeError?: string
  strictError?: string
  containers?: OracleContainer[]
  containersFrom?: 'typed' | 'template'
}
export interface OracleFile {
  path: string
  objects: OracleObject[]
  errors?: string[]
  documents?: Array<{ line: number; strictError?: string; error?: string }>
}
export interface OracleReport {
  oracle: string
  versions: Record<string, string>
  files: OracleFile[]
}

/** One point where the action reads or judges differently from Kubernetes. */
export interface Disagreement {
  file: string
  /** What differs: "object Pod/ns/name", "Pod//x containers[0] privileged", "rule ...". */
  what: string
  oracle: unknown
  action: unknown
}

/** A disagreement that is understood, with the reason; `what` matches Disagreement.what. */
export interface Explained {
  file: string | RegExp
  what: string | RegExp
  reason: string
}

/** Every rule on, so each container reading is judged. */
const ALL_RULES: AdmissionOptions = {
  denyPrivileged: true,
  requireLimits: ['cpu', 'memory'],
  requireReadOnlyRootFilesystem: true,
  requireNetworkPolicy: false
}

type Reading = boolean | null | 'not a boolean'

function boolReading(node: KNode | undefined): Reading {
  if (!node || (node.kind === 'scalar' && node.value === null)) return null
  return node.kind === 'scalar' && typeof node.value === 'boolean' ? node.value : 'not a boolean'
}

function limitReading(node: KNode | undefined): string | null {
  if (!node) return null
  const text = quantityText(node)
  if (text === undefined) return null
  const q = quantityFromText(text)
  return q ? exactDecimal(q) : 'not a quantity'
}

function expectedRules(c: OracleContainer): string[] {
  const rules: string[] = []
  if (c.privileged === true) rules.push('CG-K8S-PRIVILEGED')
  if (c.group !== 'ephemeralContainers') {
    if (!c.limits?.cpu) rules.push('CG-K8S-CPU-LIMIT')
    if (!c.limits?.memory) rules.push('CG-K8S-MEMORY-LIMIT')
  }
  if (c.readOnlyRootFilesystem !== true) rules.push('CG-K8S-READONLY-ROOTFS')
  return rules.sort()
}

function compareContainer(
  out: Disagreement[],
  file: string,
  at: string,
  o: OracleContainer,
  a: Container,
  rules: string[]
): void {
  const push = (what: string, oracle: unknown, action: unknown) => {
    if (JSON.stringify(oracle) !== JSON.stringify(action))
      out.push({ file, what: `${at} ${what}`, oracle, action })
  }
  if (o.error) {
    // Kubernetes refuses the object; the action must not pass the container.
    if (rules.length === 0)
      out.push({ file, what: `${at} refused by Kubernetes`, oracle: o.error, action: 'no finding' })
    return
  }
  push('group', o.group, a.group)
  push('name', o.name, a.name === '(unnamed)' ? '' : a.name)
  push('image', o.image, a.image)
  push('privileged', o.privileged, boolReading(a.privileged?.node))
  push('readOnlyRootFilesystem', o.readOnlyRootFilesystem, boolReading(a.readOnlyRootFilesystem?.node))
  for (const r of ['cpu', 'memory'] as const)
    push(`limits.${r}`, o.limits?.[r]?.exact ?? null, limitReading(a.limit[r]?.node))
  push('rules', expectedRules(o), rules)
}

/** Lines of the keys strict YAML decoding refuses (sigs.k8s.io/yaml's YAMLToJSONStrict). */
function strictDuplicateLines(f: OracleFile): number[] {
  return (f.documents ?? []).flatMap(d =>
    [...(d.strictError ?? '').matchAll(/line (\d+): key .* already set in map/g)].map(
      m => d.line + Number(m[1]) - 1
    )
  )
}

/** kubectl's errors for documents without a kind, or that are not mappings. */
function notAnObject(error: string): boolean {
  const causes = [...error.matchAll(/unable to decode "[^"]*": (.{0,40})/g)].map(m => m[1]!)
  return (
    causes.length > 0 &&
    causes.every(c => c.startsWith("Object 'Kind' is missing") || c.startsWith('json: cannot unmarshal'))
  )
}

/** Compares one file of the oracle's report with the action's reading of the same bytes. */
export function compareFile(corpusRoot: string, f: OracleFile): Disagreement[] {
  const out: Disagreement[] = []
  const text = decodeManifest(readFileSync(join(corpusRoot, f.path)))
  const objects = readKubeDocuments(text).flatMap(d => documentObjects(d.root).objects)
  const read = readManifests(f.path, text)
  const workloads = [...read.workloads]
  const key = (o: { kind: string; namespace: string; name: string }) => `${o.kind}/${o.namespace}/${o.name}`
  const unmatched = [...objects]
  for (const o of f.objects) {
    const i = unmatched.findIndex(a => key(a) === key(o))
    if (i < 0) {
      out.push({ file: f.path, what: `object ${key(o)}`, oracle: 'read', action: 'not read' })
      continue
    }
    unmatched.splice(i, 1)
    if (!o.containers) continue
    const w = workloads.find(x => x.kind === o.kind && x.name === (o.name || '(unnamed)'))
    if (!w) {
      out.push({ file: f.path, what: `workload ${key(o)}`, oracle: 'workload', action: 'not a workload' })
      continue
    }
    workloads.splice(workloads.indexOf(w), 1)
    if (o.containers.length !== w.containers.length)
      out.push({
        file: f.path,
        what: `${key(o)} containers`,
        oracle: o.containers.length,
        action: w.containers.length
      })
    o.containers.forEach((c, i) => {
      const a = w.containers[i]
      if (!a) return
      const rules = containerFindings(w, a, ALL_RULES)
        .map(f => f.ruleId)
        .sort()
      compareContainer(out, f.path, `${key(o)} ${a.group}[${i}]`, c, a, rules)
    })
  }
  for (const a of unmatched)
    out.push({ file: f.path, what: `object ${key(a)}`, oracle: 'not read', action: 'read' })
  const refused = (f.errors ?? []).length > 0
  // Images in fields of a kind the action does not know (an Argo CronWorkflow's templates) are
  // CG-NOT-CHECKED too, but kubectl reads those objects: only what the action could not read compares.
  const unread = read.notChecked.filter(n => n.cause === 'unreadable')
  if (refused !== unread.length > 0)
    out.push({
      file: f.path,
      // kubectl -f also refuses YAML that is no Kubernetes object at all (a workflow, a bare list)
      what: (f.errors ?? []).every(notAnObject) ? 'file refused (not a Kubernetes object)' : 'file refused',
      oracle: f.errors ?? [],
      action: unread.map(n => n.reason)
    })
  const strict = strictDuplicateLines(f).sort((x, y) => x - y)
  const duplicates = read.duplicates.map(d => d.valueLine).sort((x, y) => x - y)
  if (JSON.stringify(strict) !== JSON.stringify(duplicates))
    out.push({ file: f.path, what: 'duplicate keys', oracle: strict, action: duplicates })
  return out
}

export function isExplained(d: Disagreement, explained: readonly Explained[]): Explained | undefined {
  const matches = (m: string | RegExp, s: string) => (typeof m === 'string' ? m === s : m.test(s))
  return explained.find(e => matches(e.file, d.file) && matches(e.what, d.what))
}

/** Every disagreement of a report, and the explanations none of them used (stale entries). */
export function compareReport(
  corpusRoot: string,
  report: OracleReport,
  explained: readonly Explained[]
): {
  unexplained: Disagreement[]
  explainedCount: number
  unused: Explained[]
  compared: Record<string, number>
} {
  const all = report.files.flatMap(f => compareFile(corpusRoot, f))
  const used = new Set<Explained>()
  const unexplained = all.filter(d => {
    const e = isExplained(d, explained)
    if (e) used.add(e)
    return !e
  })
  const objects = report.files.flatMap(f => f.objects)
  const containers = objects.flatMap(o => o.containers ?? [])
  return {
    unexplained,
    explainedCount: all.length - unexplained.length,
    unused: explained.filter(e => !used.has(e)),
    compared: { files: report.files.length, objects: objects.length, containers: containers.length }
  }
}
