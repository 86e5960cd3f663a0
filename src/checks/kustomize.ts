/**
 * Findings on a kustomize build put back on the files a reviewer changes. The admission rules (and
 * gator) judge the build's output like any manifest; a finding at a line of that output is moved:
 *
 * - to the line of the same field in the file the object came from (its origin annotation), when
 *   that file already says what the build says (the base is the cause);
 * - else to the `patches:` of the last kustomization whose patches changed the object (the overlay
 *   is the cause: a JSON6902 or strategic-merge patch that made the container privileged);
 * - else, the honest best, to the object in its origin file (or to the kustomization built when
 *   the object came from no file, a generator's ConfigMap).
 *
 * Pure: the origin and kustomization texts are given.
 */
import type { Finding } from '../findings/model.js'
import { readKubeDocuments, type KNode } from '../kube/documents.js'
import { documentObjects, type KubeObject } from '../kube/objects.js'
import { buildLabel, type RenderedBuild, type RenderedObject } from '../scanners/kustomize.js'

export { buildLabel }

/** A step of a path in an object: a key, or a list item by its `name` (containers) or index. */
type Step = { key: string } | { name: string } | { index: number }

const scalar = (node: KNode | undefined) => (node?.kind === 'scalar' ? node.value : undefined)

function stepOf(item: KNode, index: number): Step {
  const name = item.kind === 'map' ? scalar(item.fields.get('name')?.node) : undefined
  return typeof name === 'string' ? { name } : { index }
}

/** The path to the deepest key or item written at `line` of the document. */
export function pathAtLine(node: KNode, line: number): Step[] | undefined {
  if (node.kind === 'map') {
    for (const [key, f] of node.fields) {
      if (line < f.keyLine || line > Math.max(f.keyLine, f.node.endLine)) continue
      const deeper = f.node.kind === 'scalar' ? undefined : pathAtLine(f.node, line)
      if (deeper) return [{ key }, ...deeper]
      if (f.keyLine === line) return [{ key }]
    }
  }
  if (node.kind === 'seq') {
    for (const [i, item] of node.items.entries()) {
      if (line < item.line || line > item.endLine) continue
      const deeper = pathAtLine(item, line)
      return [stepOf(item, i), ...(deeper ?? [])]
    }
  }
  return undefined
}

/** The node at a path and the line it is written on (its key's, for a field). */
export function follow(root: KNode, steps: readonly Step[]): { node: KNode; line: number } | undefined {
  let at: { node: KNode; line: number } = { node: root, line: root.line }
  for (const step of steps) {
    const node = at.node
    if ('key' in step) {
      const f = node.kind === 'map' ? node.fields.get(step.key) : undefined
      if (!f) return undefined
      at = { node: f.node, line: f.keyLine }
    } else {
      if (node.kind !== 'seq') return undefined
      const item =
        'name' in step
          ? node.items.find(i => i.kind === 'map' && scalar(i.fields.get('name')?.node) === step.name)
          : node.items[step.index]
      if (!item) return undefined
      at = { node: item, line: item.line }
    }
  }
  return at
}

/** The object in the origin file the rendered one came from: same kind, and the same name or one a
 * prefix or suffix (namePrefix, nameSuffix) turned into the rendered name. */
function originObject(text: string, kind: string, name: string): KubeObject | undefined {
  const all = readKubeDocuments(text).flatMap(d => documentObjects(d.root).objects)
  const sameKind = all.filter(o => o.kind === kind)
  return (
    sameKind.find(o => o.name === name) ??
    sameKind.find(o => o.name !== '' && name.includes(o.name)) ??
    (sameKind.length === 1 ? sameKind[0] : undefined)
  )
}

/** The line of a kustomization's patch list, where an overlay's patches are written. */
function patchesLine(text: string): number {
  const i = text.split('\n').findIndex(l => /^(patches|patchesJson6902|patchesStrategicMerge)\s*:/.test(l))
  return i < 0 ? 1 : i + 1
}

/** Where a finding at a line of one rendered object belongs in the repository, and why. */
interface Place {
  file: string
  line: number
  how: string
}

function sameValue(a: KNode, b: KNode): boolean {
  if (a.kind !== 'scalar' || b.kind !== 'scalar') return a.kind === b.kind
  return a.value === b.value
}

/** What placing reads: the repository texts, and what each kustomization takes in (workspace/kustomize.ts). */
export interface PlacingSources {
  texts: ReadonlyMap<string, string>
  takesIn: Readonly<Record<string, readonly string[]>>
}

/** Whether `from` takes `to` in, itself or through the kustomizations it takes in. */
function takesIn(graph: PlacingSources['takesIn'], from: string, to: string): boolean {
  const seen = new Set<string>()
  const queue = [from]
  while (queue.length > 0) {
    const at = queue.pop()!
    if (at === to) return true
    if (seen.has(at)) continue
    seen.add(at)
    queue.push(...(graph[at] ?? []))
  }
  return false
}

/**
 * The overlay as the cause: the `patches:` of the last kustomization whose patches ran over it.
 * kustomize appends to a `transformations` annotation the resource file already carries, so an
 * entry counts only when that kustomization takes in the object's origin file (a kustomization's
 * patches touch nothing else): a resource cannot name a kustomization it was never built by, say
 * one whose path the policy ignores, and have its findings put there.
 */
function patcherPlace(
  rendered: RenderedObject,
  build: RenderedBuild,
  sources: PlacingSources
): Place | undefined {
  const { texts } = sources
  const real = (patcher: string) =>
    rendered.origin !== undefined
      ? takesIn(sources.takesIn, patcher, rendered.origin)
      : takesIn(sources.takesIn, build.build.kustomization, patcher)
  const patcher = rendered.patchedIn.filter(real).at(-1)
  const text = patcher === undefined ? undefined : texts.get(patcher)
  if (patcher === undefined || text === undefined) return undefined
  return {
    file: patcher,
    line: patchesLine(text),
    how: `from ${rendered.origin ?? 'a generator'}, as patched by ${patcher}`
  }
}

type Located = { rendered: RenderedObject; root: KNode; kind: string; name: string }

/** The repository place of a finding at `line` of a rendered object (see the module comment). */
function place(build: RenderedBuild, object: Located, line: number, sources: PlacingSources): Place {
  const { texts } = sources
  const { rendered, root } = object
  const originText = rendered.origin === undefined ? undefined : texts.get(rendered.origin)
  const source = originText === undefined ? undefined : originObject(originText, object.kind, object.name)
  const steps = pathAtLine(root, line)
  const here = steps && follow(root, steps)
  const there = source && steps ? follow(source.node, steps) : undefined
  if (rendered.origin && here && there && sameValue(here.node, there.node))
    return { file: rendered.origin, line: there.line, how: `from ${rendered.origin}` }
  const patched = patcherPlace(rendered, build, sources)
  if (patched) return patched
  if (rendered.origin)
    return { file: rendered.origin, line: source?.node.line ?? 1, how: `from ${rendered.origin}` }
  return { file: build.build.kustomization, line: 1, how: `made by ${build.build.kustomization}` }
}

/** The repository files the placing reads: origins and the kustomizations that patched. */
export function filesToPlace(builds: readonly RenderedBuild[]): string[] {
  const files = builds.flatMap(b => b.objects.flatMap(o => [...(o.origin ? [o.origin] : []), ...o.patchedIn]))
  return [...new Set(files)].sort()
}

/** A finding's line in a build's output, and the object there. */
function objectsOf(build: RenderedBuild, graph: PlacingSources['takesIn']): Located[] {
  const docs = readKubeDocuments(build.text)
  return build.objects.flatMap(said => {
    const root = docs.find(d => d.startLine === said.startLine)?.root
    const found = root ? documentObjects(root).objects[0] : undefined
    // The origin annotation is kustomize's until a transformer writes over it (`commonAnnotations`
    // can name any file): a file the build never took in is not where the object came from.
    const { origin, ...rest } = said
    const rendered: RenderedObject =
      origin !== undefined && takesIn(graph, build.build.kustomization, origin) ? said : rest
    return root && found ? [{ rendered, root, kind: found.kind, name: found.name }] : []
  })
}

/**
 * The findings on builds' outputs (file = buildLabel), each moved to its place in the repository.
 * A finding the plain files already have (same rule, file and line) is dropped, and so is a second
 * one at the same place from another build: the base's missing limit is one finding, not one per
 * overlay.
 */
export function placeRenderedFindings(
  findings: readonly Finding[],
  builds: readonly RenderedBuild[],
  sources: PlacingSources,
  plain: readonly Finding[]
): Finding[] {
  const byLabel = new Map(
    builds.map(b => [buildLabel(b), { build: b, objects: objectsOf(b, sources.takesIn) }])
  )
  const key = (f: Finding) => [f.tool, f.ruleId, f.file ?? '', f.startLine ?? ''].join('\u0000')
  const seen = new Set(plain.map(key))
  const out: Finding[] = []
  for (const finding of findings) {
    const entry = finding.file === undefined ? undefined : byLabel.get(finding.file)
    if (!entry) {
      out.push(finding)
      continue
    }
    const line = finding.startLine ?? 1
    const object = entry.objects.find(o => line >= o.rendered.startLine && line <= o.rendered.endLine)
    let at: Place = object
      ? place(entry.build, object, line, sources)
      : { file: entry.build.build.kustomization, line: 1, how: `made by ${entry.build.build.kustomization}` }
    // A gator violation is about the whole object, whose metadata the origin file always has: when
    // the origin file does not show the violation itself, a patch that changed the object caused it.
    const atOrigin = [finding.tool, finding.ruleId, at.file, at.line].join('\u0000')
    if (finding.tool === 'gator' && object && !seen.has(atOrigin))
      at = patcherPlace(object.rendered, entry.build, sources) ?? at
    const moved: Finding = {
      ...finding,
      file: at.file,
      target: at.file,
      startLine: at.line,
      endLine: at.line,
      message: `${finding.message ?? finding.title} (in ${buildLabel(entry.build)}, ${at.how})`
    }
    if (moved.subject === finding.file) moved.subject = at.file
    if (seen.has(key(moved))) continue
    seen.add(key(moved))
    out.push(moved)
  }
  return out
}
