/**
 * Which of the kustomizations' patch files no build shows. A patch file is not a manifest on its own
 * (a partial Deployment has no limits and no image), so it is judged through the builds that apply
 * it; but kustomize applies a patch whose `target:` selects nothing without a word, and a file named
 * as a patch is then judged nowhere. A pull request could name its privileged Deployment as a patch
 * to nothing and keep it out of every check, while `kubectl apply -f` on the folder (or any other
 * way the file reaches the cluster) still deploys it.
 *
 * So a patch file counts as applied only when every object it holds shows in some build: an object
 * of the same kind that has every field the patch writes, with the patch's values (list items
 * matched by `name`, as strategic merge matches containers). Anything else is judged as the plain
 * manifest it is. Pure: the texts are given.
 */
import { readKubeDocuments, type KNode } from '../kube/documents.js'
import { documentObjects, type KubeObject } from '../kube/objects.js'
import type { RenderedBuild } from './kustomize.js'

const nameOf = (node: KNode): unknown =>
  node.kind === 'map' && node.fields.get('name')?.node.kind === 'scalar'
    ? (node.fields.get('name')!.node as { value: unknown }).value
    : undefined

/** Whether `built` has everything `patch` writes. `$` directives (`$patch`, `$setElementOrder`) and
 * null (a deletion) are instructions, not content; the object's own name and namespace are left to
 * namePrefix, nameSuffix and namespace, which rename what they patch. `at` is the map's path. */
function shows(built: KNode, patch: KNode, at = ''): boolean {
  if (patch.kind === 'scalar')
    return patch.value === null || (built.kind === 'scalar' && built.value === patch.value)
  if (patch.kind === 'map') {
    if (built.kind !== 'map') return false
    return [...patch.fields].every(([key, field]) => {
      if (key.startsWith('$') || (at === 'metadata' && (key === 'name' || key === 'namespace'))) return true
      const there = built.fields.get(key)?.node
      if (field.node.kind === 'scalar' && field.node.value === null) return true
      return there !== undefined && shows(there, field.node, at === '' ? key : `${at}.${key}`)
    })
  }
  if (built.kind !== 'seq') return false
  return patch.items.every(item => {
    if (item.kind === 'map' && [...item.fields.keys()].some(k => k.startsWith('$'))) return true
    const name = nameOf(item)
    const candidates = name === undefined ? built.items : built.items.filter(b => nameOf(b) === name)
    return candidates.some(b => shows(b, item, `${at}[]`))
  })
}

function objectsOf(text: string): KubeObject[] {
  return readKubeDocuments(text).flatMap(d => documentObjects(d.root).objects)
}

/**
 * The patch files (repository paths) with an object no build shows: they are judged as manifests.
 * A patch file with no Kubernetes object (a JSON6902 list of operations) cannot be applied on its
 * own and is never among them.
 */
export function unappliedPatchFiles(
  patches: ReadonlyArray<{ path: string; text: string }>,
  builds: readonly RenderedBuild[]
): string[] {
  const built = builds.flatMap(b => objectsOf(b.text))
  return patches
    .filter(({ text }) =>
      objectsOf(text).some(p => !built.some(b => b.kind === p.kind && shows(b.node, p.node)))
    )
    .map(p => p.path)
}
