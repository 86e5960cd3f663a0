/**
 * The Kubernetes objects of a document, found the way kubectl finds them (k8s.io/cli-runtime's
 * resource builder and k8s.io/apimachinery's unstructured decoding):
 *
 * - a document whose top level has an `items` key is a list, whatever its kind: kubectl creates
 *   the items, never the document itself (`items: null` creates nothing);
 * - items written without apiVersion and kind take them from the list (`kind: PodList` makes its
 *   items Pods, with the list's apiVersion);
 * - items that are lists themselves are expanded too (after the plain items, as kubectl orders them);
 * - anything without a kind is not a Kubernetes object; an object (not a list) also needs an
 *   apiVersion, or no cluster accepts it.
 */
import { jsonText, type KMap, type KNode } from './documents.js'

export interface KubeObject {
  apiVersion: string
  kind: string
  /** metadata.namespace as written ('' when absent). */
  namespace: string
  /** metadata.name ('' when absent). */
  name: string
  node: KMap
  /** apiVersion and kind kubectl took from the enclosing typed list (PodList items). */
  inferred?: boolean
}

export interface DocumentObjects {
  /** Whether the document is a Kubernetes object or list at all (has a kind). */
  isObject: boolean
  objects: KubeObject[]
  /** Why kubectl cannot read the document's objects, and where. */
  error?: { line: number; message: string }
}

/** A field's value when it is a string ('' otherwise), as unstructured.GetKind and friends read it. */
function stringField(node: KNode | undefined, key: string): string {
  if (node?.kind !== 'map') return ''
  const value = node.fields.get(key)?.node
  return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : ''
}

function toObject(node: KMap, inferred?: { apiVersion: string; kind: string }): KubeObject {
  const metadata = node.fields.get('metadata')?.node
  return {
    apiVersion: inferred?.apiVersion ?? stringField(node, 'apiVersion'),
    kind: inferred?.kind ?? stringField(node, 'kind'),
    namespace: stringField(metadata, 'namespace'),
    name: stringField(metadata, 'name'),
    node,
    ...(inferred ? { inferred: true } : {})
  }
}

/** A list's items as mappings, or the error kubectl gives for them. */
function listItems(items: KNode, what: string): KMap[] | { line: number; message: string } {
  if (items.kind === 'scalar' && items.value === null) return []
  if (items.kind !== 'seq') return { line: items.line, message: `${what} is not a list` }
  const bad = items.items.find(i => i.kind !== 'map')
  if (bad) return { line: bad.line, message: `an entry of ${what} is not an object` }
  return items.items as KMap[]
}

/** The objects kubectl would create from a document's root. */
export function documentObjects(root: KNode | undefined): DocumentObjects {
  const kind = stringField(root, 'kind')
  if (root?.kind !== 'map' || kind === '') return { isObject: false, objects: [] }
  const items = root.fields.get('items')?.node
  if (!items) {
    const object = toObject(root)
    return object.apiVersion ? { isObject: true, objects: [object] } : { isObject: false, objects: [] }
  }
  const first = listItems(items, 'items')
  if (!Array.isArray(first)) return { isObject: true, objects: [], error: first }
  const apiVersion = stringField(root, 'apiVersion')
  const itemKind = kind.endsWith('List') ? kind.slice(0, -'List'.length) : kind
  const queue: Array<{ node: KMap; inferred?: { apiVersion: string; kind: string } }> = first.map(node =>
    stringField(node, 'kind') === '' && stringField(node, 'apiVersion') === ''
      ? { node, inferred: { apiVersion, kind: itemKind } }
      : { node }
  )
  const objects: KubeObject[] = []
  for (let i = 0; i < queue.length; i++) {
    const { node, inferred } = queue[i]!
    const nested = node.fields.get('items')?.node
    if (nested?.kind === 'seq') {
      const more = listItems(nested, 'a nested list')
      if (!Array.isArray(more)) return { isObject: true, objects: [], error: more }
      queue.push(...more.map(n => ({ node: n })))
      continue
    }
    const object = toObject(node, inferred)
    // kubectl refuses an item without apiVersion or kind; nothing is created from it.
    if (object.apiVersion && object.kind) objects.push(object)
  }
  return { isObject: true, objects }
}

/** The object as kubectl sends it: JSON, with the apiVersion and kind a typed list gave it. */
export function objectJson(object: KubeObject): string {
  const json = jsonText(object.node)
  if (!object.inferred) return json
  const fields = [...object.node.fields.keys()].filter(k => k !== 'apiVersion' && k !== 'kind')
  const rest = fields.map(k => `${JSON.stringify(k)}:${jsonText(object.node.fields.get(k)!.node)}`)
  return `{${[`"apiVersion":${JSON.stringify(object.apiVersion)}`, `"kind":${JSON.stringify(object.kind)}`, ...rest].join(',')}}`
}
