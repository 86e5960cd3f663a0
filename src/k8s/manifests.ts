/**
 * Kubernetes manifests read as YAML syntax trees, so every container and field keeps its line: the
 * workloads (with their pod templates) and NetworkPolicies of a multi-document file.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml'
import type { Document, Node } from 'yaml'

/** Where a pod template lives in each workload kind. */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template']
}
export const WORKLOAD_KINDS = Object.keys(POD_TEMPLATE_PATHS)
export const CONTAINER_GROUPS = ['containers', 'initContainers', 'ephemeralContainers'] as const
export type ContainerGroup = (typeof CONTAINER_GROUPS)[number]

/** A value found in the manifest and the line it is on. */
export interface Located {
  value: unknown
  line: number
}

export interface Container {
  group: ContainerGroup
  name: string
  image: string
  startLine: number
  endLine: number
  privileged?: Located
  readOnlyRootFilesystem?: Located
  /** `resources`, `resources.limits` and each limit, when written. */
  resources?: Located
  limits?: Located
  limit: { cpu?: Located; memory?: Located }
}

export interface Workload {
  file: string
  kind: string
  name: string
  /** metadata.namespace, or `default` when the manifest does not say. */
  namespace: string
  /** Lines of the workload's `metadata` (the document start when it has none). */
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

/** A document that could not be read (Helm templates before rendering, broken YAML). */
export interface Skipped {
  file: string
  line: number
  reason: string
}

export interface Manifests {
  workloads: Workload[]
  networkPolicies: NetworkPolicy[]
  skipped: Skipped[]
}

class Reader {
  constructor(
    readonly doc: Document.Parsed,
    readonly lines: LineCounter
  ) {}

  /** Follows aliases (`*name`), which manifests written by hand sometimes use. */
  deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node
  }

  get(node: unknown, key: string): unknown {
    const map = this.deref(node)
    if (!isMap(map)) return undefined
    const pair = map.items.find(p => isScalar(p.key) && p.key.value === key)
    return pair ? this.deref(pair.value) : undefined
  }

  path(node: unknown, keys: readonly string[]): unknown {
    return keys.reduce<unknown>((n, k) => this.get(n, k), node)
  }

  /** The line of a key within a mapping (the field's own line, not its value's). */
  keyLine(node: unknown, key: string): number | undefined {
    const map = this.deref(node)
    if (!isMap(map)) return undefined
    const pair = map.items.find(p => isScalar(p.key) && p.key.value === key)
    return pair ? this.line(pair.key as Node) : undefined
  }

  located(node: unknown, key: string): Located | undefined {
    const line = this.keyLine(node, key)
    if (line === undefined) return undefined
    return { value: this.js(this.get(node, key)), line }
  }

  line(node: unknown, end = false): number {
    const range = (node as Node | undefined)?.range
    if (!range) return 1
    // the node end offset points past the last character; step back so a trailing newline does not
    // count as the next line
    return this.lines.linePos(end ? Math.max(range[0], range[1] - 1) : range[0]).line
  }

  js(node: unknown): unknown {
    const n = this.deref(node)
    if (isScalar(n)) return n.value
    if (n === undefined || n === null) return undefined
    return (n as Node).toJSON()
  }

  string(node: unknown): string | undefined {
    const v = this.js(node)
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined
  }

  stringMap(node: unknown): Record<string, string> {
    const map = this.deref(node)
    const out: Record<string, string> = {}
    if (!isMap(map)) return out
    for (const p of map.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined
      const v = this.string(p.value)
      if (k !== undefined && v !== undefined) out[k] = v
    }
    return out
  }

  items(node: unknown): unknown[] {
    const seq = this.deref(node)
    return isSeq(seq) ? seq.items.map(i => this.deref(i)) : []
  }
}

function readContainer(r: Reader, node: unknown, group: ContainerGroup): Container {
  const securityContext = r.get(node, 'securityContext')
  const resources = r.get(node, 'resources')
  const limits = r.get(resources, 'limits')
  const container: Container = {
    group,
    name: r.string(r.get(node, 'name')) ?? '(unnamed)',
    image: r.string(r.get(node, 'image')) ?? '',
    startLine: r.line(node),
    endLine: r.line(node, true),
    limit: {}
  }
  const privileged = r.located(securityContext, 'privileged')
  if (privileged) container.privileged = privileged
  const ro = r.located(securityContext, 'readOnlyRootFilesystem')
  if (ro) container.readOnlyRootFilesystem = ro
  const res = r.located(node, 'resources')
  if (res) container.resources = res
  const lim = r.located(resources, 'limits')
  if (lim) container.limits = lim
  for (const resource of ['cpu', 'memory'] as const) {
    const l = r.located(limits, resource)
    if (l) container.limit[resource] = l
  }
  return container
}

function readSelector(r: Reader, node: unknown): LabelSelector {
  return {
    matchLabels: r.stringMap(r.get(node, 'matchLabels')),
    matchExpressions: r.items(r.get(node, 'matchExpressions')).map(e => ({
      key: r.string(r.get(e, 'key')) ?? '',
      operator: r.string(r.get(e, 'operator')) ?? '',
      values: r.items(r.get(e, 'values')).map(v => r.string(v) ?? '')
    }))
  }
}

function readObject(r: Reader, file: string, node: unknown, out: Manifests): void {
  const kind = r.string(r.get(node, 'kind')) ?? ''
  const metadata = r.get(node, 'metadata')
  const name = r.string(r.get(metadata, 'name')) ?? '(unnamed)'
  const namespace = r.string(r.get(metadata, 'namespace')) || 'default'
  // `kind: List` (kubectl get -o yaml) holds its objects in items.
  if (kind === 'List' || (kind.endsWith('List') && isSeq(r.get(node, 'items')))) {
    for (const item of r.items(r.get(node, 'items'))) readObject(r, file, item, out)
    return
  }
  if (kind === 'NetworkPolicy') {
    out.networkPolicies.push({
      file,
      name,
      namespace,
      line: r.line(node),
      podSelector: readSelector(r, r.path(node, ['spec', 'podSelector']))
    })
    return
  }
  const templatePath = POD_TEMPLATE_PATHS[kind]
  if (!templatePath) return
  const template = templatePath.length ? r.path(node, templatePath) : node
  const spec = r.get(template, 'spec')
  const metadataLine = r.keyLine(node, 'metadata')
  out.workloads.push({
    file,
    kind,
    name,
    namespace,
    startLine: metadataLine ?? r.line(node),
    endLine: metadataLine !== undefined ? r.line(metadata, true) : r.line(node),
    podLabels: r.stringMap(r.path(template, ['metadata', 'labels'])),
    containers: CONTAINER_GROUPS.flatMap(group =>
      r.items(r.get(spec, group)).map(c => readContainer(r, c, group))
    )
  })
}

/** Reads every document of a manifest file. Never throws: documents that are not valid YAML (Helm
 * templates before rendering, for one) are listed as skipped with their line. */
export function readManifests(file: string, text: string): Manifests {
  const out: Manifests = { workloads: [], networkPolicies: [], skipped: [] }
  const lines = new LineCounter()
  let docs: Document.Parsed[]
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false }) as Document.Parsed[]
  } catch (error) {
    out.skipped.push({ file, line: 1, reason: (error as Error).message })
    return out
  }
  if (!Array.isArray(docs)) return out
  for (const doc of docs) {
    const [first] = doc.errors
    if (first) {
      out.skipped.push({
        file,
        line: lines.linePos(first.pos[0]).line,
        reason: first.message.split('\n')[0]!
      })
      continue
    }
    // Helm and other Go templates often parse as (meaningless) YAML; judging them would report
    // workloads that do not exist. They are checked once rendered (Trivy config renders charts).
    const [start, end] = doc.range
    const template = text.slice(start, end).indexOf('{{')
    if (template >= 0) {
      out.skipped.push({
        file,
        line: lines.linePos(start + template).line,
        reason: 'a template ({{ … }}); render it first'
      })
      continue
    }
    readObject(new Reader(doc, lines), file, doc.contents, out)
  }
  return out
}
