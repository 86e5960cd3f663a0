/**
 * Pod specs found by their shape, for the kinds whose schema container-gate does not know: Argo
 * Rollouts, Knative Services, KEDA ScaledJobs, OpenKruise CloneSets, an operator's own resources.
 * The cluster's admission controller judges the pods such a controller creates, so a privileged
 * container in their template must not pass the gate just because the kind is unfamiliar; and what
 * still cannot be judged (images in fields that are not a pod spec: Argo Workflow templates, Tekton
 * steps) is named so that it becomes CG-NOT-CHECKED rather than a silent pass.
 */
import type { KMap, KNode } from '../../kube/documents.js'

/** A pod spec inside an object, and the pod template around it. */
export interface FoundPodSpec {
  /** The pod spec: a mapping whose `containers` is a list of mappings. */
  spec: KMap
  /** The mapping whose metadata.labels the pods get: the pod template (`{metadata, spec}`) the spec
   * is a field of, or the spec itself when it is not a field of a mapping. */
  template: KMap
  /** The template's field path in the object, as Kubernetes writes field paths (`spec.template`,
   * `objects[0].spec.template`); '' for the object itself. */
  path: string
}

export interface ShapeSearch {
  podSpecs: FoundPodSpec[]
  /** Lines of the `image:` fields outside every pod spec found. */
  strayImages: number[]
}

/** A field path as a chain from the innermost segment, so a deep object costs no copying. */
interface Segments {
  segment: string | number
  up?: Segments
}

function pathText(at: Segments | undefined): string {
  const out: Array<string | number> = []
  for (let s = at; s; s = s.up) out.unshift(s.segment)
  return out.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
}

/** A PodSpec's defining trait: `containers` is a list of mappings (Kubernetes requires at least
 * one container, but an empty list is still a pod spec with nothing to judge, not stray fields). */
export function isPodSpec(node: KMap): boolean {
  const containers = node.fields.get('containers')?.node
  return containers?.kind === 'seq' && containers.items.every(i => i.kind === 'map')
}

/**
 * Every pod spec in an object, in document order (a pod spec is not searched for others: its
 * containers are judged as a whole), and the `image:` fields left outside them. Iterative, so an
 * object nested as deeply as the YAML reader allows cannot overflow the stack here.
 */
export function findPodSpecs(root: KMap): ShapeSearch {
  const out: ShapeSearch = { podSpecs: [], strayImages: [] }
  const stack: Array<{ node: KNode; at?: Segments; parent?: KMap }> = [{ node: root }]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, at, parent } = next
    if (node.kind === 'seq') {
      for (let i = node.items.length - 1; i >= 0; i--)
        stack.push({ node: node.items[i]!, at: { segment: i, up: at } })
      continue
    }
    if (node.kind !== 'map') continue
    if (isPodSpec(node)) {
      // The spec of a template (`template: {metadata, spec}`): the pods' labels are the template's.
      out.podSpecs.push(
        parent && typeof at?.segment === 'string'
          ? { spec: node, template: parent, path: pathText(at.up) }
          : { spec: node, template: node, path: pathText(at) }
      )
      continue
    }
    const fields = [...node.fields]
    for (let i = fields.length - 1; i >= 0; i--) {
      const [key, f] = fields[i]!
      // Labels and annotations are text for people and controllers, never a pod spec or an image
      // the object runs.
      if (key === 'metadata') continue
      if (key === 'image' && f.node.kind === 'scalar' && f.node.value !== null)
        out.strayImages.push(f.keyLine)
      stack.push({ node: f.node, at: { segment: key, up: at }, parent: node })
    }
  }
  // Found outermost field first; reported by line, each once (an alias can repeat a field).
  out.strayImages = [...new Set(out.strayImages)].sort((a, b) => a - b)
  return out
}
