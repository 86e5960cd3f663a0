/**
 * Kubernetes manifests read as kubectl reads them (kube/documents.ts, kube/objects.ts), keeping every
 * container's and field's line: the workloads (with their pod templates) and NetworkPolicies of a
 * multi-document file, what could not be read or judged, and keys written twice.
 */
import { readKubeDocuments, type KNode } from '../../kube/documents.js'
import { documentObjects, type KubeObject } from '../../kube/objects.js'
import { findPodSpecs, isPodSpec } from './pod-specs.js'

/** Where a pod template lives in each workload kind whose schema is known. Other kinds' pod
 * templates are found by their shape (pod-specs.ts). */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template']
}
/** API groups of the kinds above (`extensions` and `apps/v1beta*` as older clusters serve them). */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'extensions', 'batch'])
/**
 * Kinds whose look-alike fields are not pod specs, left out of the search by shape: their objects
 * create no pods. ConfigMap and Secret data is text whose keys are file names; an AdmissionReview
 * is a webhook's request, never stored (Gatekeeper's samples wrap a Pod in one); Kyverno's policies
 * hold patterns of pods (`privileged: "false"`, `name: "*"`), not pods.
 */
const NO_PODS_KINDS = new Set(['ConfigMap', 'Secret']) // the core group's only: a CRD may reuse the names
const NO_PODS_GROUPS = [/^admission\.k8s\.io$/, /(^|\.)kyverno\.io$/]
/** Stray image lines named in one CG-NOT-CHECKED message, at most. */
const LINES_SHOWN = 10
const CONTAINER_GROUPS = ['containers', 'initContainers', 'ephemeralContainers'] as const
export type ContainerGroup = (typeof CONTAINER_GROUPS)[number]

/** A field found in the manifest (its value as kubectl reads it) and the line of its key. */
interface Located {
  node: KNode
  line: number
}

export interface Container {
  group: ContainerGroup
  name: string
  image: string
  /** Where a reviewer looks for the container: its `name:` line, else the item's first line. */
  line: number
  startLine: number
  endLine: number
  privileged?: Located
  readOnlyRootFilesystem?: Located
  limit: { cpu?: Located; memory?: Located }
  /** A container without an image in a pod spec found by shape (a kind container-gate does not
   * know): a change to a container its controller makes (prometheus-operator's spec.containers),
   * so what it sets is judged and what it leaves out is the controller's to fill. */
  patch?: true
}

export interface Workload {
  file: string
  kind: string
  name: string
  /** For a kind whose pod templates were found by their shape: the template's field path
   * (`spec.template`), which messages name since such an object may have several; '' when the pod
   * spec is the object itself. Absent for the known workload kinds. */
  template?: string
  /** metadata.namespace, or `default` when the manifest does not say. */
  namespace: string
  /** Lines of the workload's `metadata` (the object's first line when it has none). */
  startLine: number
  endLine: number
  podLabels: Record<string, string>
  containers: Container[]
}

export interface LabelSelector {
  matchLabels: Record<string, string>
  matchExpressions: Array<{ key: string; operator: string; values: string[] }>
}

export interface NetworkPolicy {
  file: string
  name: string
  namespace: string
  line: number
  podSelector: LabelSelector
}

/** A document in scope that could not be judged, and why: it could not be read, or it holds images
 * in fields that are not a pod spec container-gate can find. */
interface NotChecked {
  file: string
  line: number
  reason: string
  cause: 'unreadable' | 'unknown-field'
}

/** A key written twice in one mapping: kubectl keeps the last value. */
export interface DuplicateKey {
  file: string
  key: string
  line: number
  valueLine: number
  firstLine: number
}

/** Lines of a document that was read as Kubernetes objects and judged. */
export interface JudgedRange {
  file: string
  startLine: number
  endLine: number
}

export interface Manifests {
  workloads: Workload[]
  networkPolicies: NetworkPolicy[]
  notChecked: NotChecked[]
  duplicates: DuplicateKey[]
  judged: JudgedRange[]
}

const field = (node: KNode | undefined, key: string) =>
  node?.kind === 'map' ? node.fields.get(key) : undefined
const get = (node: KNode | undefined, key: string) => field(node, key)?.node
const path = (node: KNode | undefined, keys: readonly string[]) =>
  keys.reduce<KNode | undefined>((n, k) => get(n, k), node)

function located(node: KNode | undefined, key: string): Located | undefined {
  const f = field(node, key)
  if (!f || (f.node.kind === 'scalar' && f.node.value === null)) return undefined
  return { node: f.node, line: f.keyLine }
}

/** A scalar as text the way a message shows it; undefined for mappings, sequences and null. */
function scalarText(node: KNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined
  return typeof node.value === 'string' ? node.value : String(node.value)
}

function stringMap(node: KNode | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (node?.kind !== 'map') return out
  for (const [k, f] of node.fields) {
    const v = scalarText(f.node)
    if (v !== undefined) out[k] = v
  }
  return out
}

const items = (node: KNode | undefined): KNode[] => (node?.kind === 'seq' ? node.items : [])

function readContainer(node: KNode, group: ContainerGroup): Container {
  const securityContext = get(node, 'securityContext')
  const limits = path(node, ['resources', 'limits'])
  const nameField = field(node, 'name')
  const container: Container = {
    group,
    name: scalarText(nameField?.node) ?? '(unnamed)',
    image: scalarText(get(node, 'image')) ?? '',
    line: nameField?.keyLine ?? node.line,
    startLine: node.line,
    endLine: node.endLine,
    limit: {}
  }
  const privileged = located(securityContext, 'privileged')
  if (privileged) container.privileged = privileged
  const ro = located(securityContext, 'readOnlyRootFilesystem')
  if (ro) container.readOnlyRootFilesystem = ro
  for (const resource of ['cpu', 'memory'] as const) {
    const l = located(limits, resource)
    if (l) container.limit[resource] = l
  }
  return container
}

function readSelector(node: KNode | undefined): LabelSelector {
  return {
    matchLabels: stringMap(get(node, 'matchLabels')),
    matchExpressions: items(get(node, 'matchExpressions')).map(e => ({
      key: scalarText(get(e, 'key')) ?? '',
      operator: scalarText(get(e, 'operator')) ?? '',
      values: items(get(e, 'values')).map(v => scalarText(v) ?? '')
    }))
  }
}

/** Every container of a pod spec; in one found by shape, those without an image are patches. */
function podContainers(spec: KNode | undefined, foundByShape: boolean): Container[] {
  return CONTAINER_GROUPS.flatMap(group =>
    items(get(spec, group)).map(node => {
      const container = readContainer(node, group)
      return foundByShape && !container.image ? { ...container, patch: true as const } : container
    })
  )
}

function readObject(file: string, object: KubeObject, out: Manifests): void {
  const { node, kind } = object
  const name = object.name || '(unnamed)'
  const namespace = object.namespace || 'default'
  if (kind === 'NetworkPolicy') {
    out.networkPolicies.push({
      file,
      name,
      namespace,
      line: node.line,
      podSelector: readSelector(path(node, ['spec', 'podSelector']))
    })
    return
  }
  const metadata = field(node, 'metadata')
  const workload = (
    template: KNode | undefined,
    spec: KNode | undefined,
    templatePath?: string
  ): Workload => ({
    file,
    kind,
    name,
    ...(templatePath === undefined ? {} : { template: templatePath }),
    namespace,
    startLine: metadata?.keyLine ?? node.line,
    endLine: metadata ? Math.max(metadata.keyLine, metadata.node.endLine) : node.line,
    podLabels: stringMap(path(template, ['metadata', 'labels'])),
    containers: podContainers(spec, templatePath !== undefined)
  })
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : ''
  const templatePath = POD_TEMPLATE_PATHS[kind]
  if (templatePath) {
    const template = templatePath.length ? path(node, templatePath) : node
    const spec = get(template, 'spec')
    // A kind of the same name in another API group (Volcano's batch.volcano.sh Job keeps its pod
    // templates under spec.tasks) is searched by shape unless its pod spec is where ours is.
    if (BUILT_IN_GROUPS.has(group) || (spec?.kind === 'map' && isPodSpec(spec))) {
      out.workloads.push(workload(template, spec))
      return
    }
  }
  if ((group === '' && NO_PODS_KINDS.has(kind)) || NO_PODS_GROUPS.some(g => g.test(group))) return
  // Any other kind may be a controller that creates pods from a template (the cluster judges those
  // pods), so every pod spec in it is judged, and images outside them are reported as not judged.
  const found = findPodSpecs(node)
  for (const p of found.podSpecs) out.workloads.push(workload(p.template, p.spec, p.path))
  const stray = found.strayImages
  if (stray.length === 0) return
  const shown = stray.slice(0, LINES_SHOWN).join(', ')
  const more = stray.length > LINES_SHOWN ? ` and ${stray.length - LINES_SHOWN} more` : ''
  out.notChecked.push({
    file,
    line: stray[0]!,
    cause: 'unknown-field',
    reason: `${kind} '${name}' has images (line${stray.length > 1 ? 's' : ''} ${shown}${more}) in fields container-gate does not know as a pod template (a pod spec's \`containers:\` list), so their containers were not judged; review them and ignore this finding with a reason, or take the file out of scope`
  })
}

/** The reason a document could not be read, in words a reviewer can act on. */
function unreadable(text: string, message: string): string {
  if (text.includes('{{'))
    return `an unrendered template ({{ … }}) outside a Helm chart, which is not valid YAML (${message}): render it and check the output, or put it in a chart (a templates/ folder next to Chart.yaml) that Trivy's config scan renders`
  return `kubectl cannot read it: ${message}`
}

/**
 * Reads every document of a manifest file (the file decoded with decodeManifest). Never throws:
 * what cannot be read is listed in notChecked with its line; the rest is still read.
 */
export function readManifests(file: string, text: string): Manifests {
  const out: Manifests = { workloads: [], networkPolicies: [], notChecked: [], duplicates: [], judged: [] }
  const lines = text.split('\n')
  for (const doc of readKubeDocuments(text)) {
    if (doc.error) {
      const docText = lines.slice(doc.startLine - 1, doc.endLine).join('\n')
      out.notChecked.push({
        file,
        line: doc.error.line,
        cause: 'unreadable',
        reason: unreadable(docText, doc.error.message)
      })
    }
    const found = documentObjects(doc.root)
    if (!found.isObject) continue
    if (found.error)
      out.notChecked.push({
        file,
        line: found.error.line,
        cause: 'unreadable',
        reason: `kubectl cannot read it: ${found.error.message}`
      })
    for (const d of doc.duplicates) out.duplicates.push({ file, ...d })
    out.judged.push({ file, startLine: doc.startLine, endLine: doc.endLine })
    for (const object of found.objects) readObject(file, object, out)
  }
  return out
}
