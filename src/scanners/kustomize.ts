/**
 * `kustomize build` of each kustomization in scope (workspace/kustomize.ts checked it first): what
 * the cluster receives, for the admission rules and gator to judge like any manifest.
 *
 * Each build runs in a wrapper kustomization under this run's folder that names the target as its
 * only resource and asks for `buildMetadata: [originAnnotations, transformerAnnotations]`: every
 * object then says which file it came from (`config.kubernetes.io/origin`) and which
 * kustomizations' patches changed it (`alpha.config.kubernetes.io/transformations`), so a finding
 * lands on the file a reviewer changes. kustomize runs with argv only, the scrubbed environment, an
 * empty PATH and a dead proxy (no git, no helm, nothing fetched even if an entry slipped past the
 * plan), and without `--enable-alpha-plugins` / `--enable-exec` (no plugins, no KRM functions).
 * A build that fails or prints more than a manifest may hold is CG-NOT-CHECKED, never a pass.
 */
import { mkdir, realpath, writeFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { parse } from 'yaml'
import { readKubeDocuments, type KNode } from '../kube/documents.js'
import type { Exec } from '../tools/exec.js'
import type { KustomizeBuild, KustomizeRefusal } from '../workspace/kustomize.js'
import { formatBytes } from '../workspace/safe-read.js'

/** The annotations the wrapper asks for; they are not part of what the cluster would receive. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin'
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations'

/** One object of a build, as kustomize printed it, and where it came from. */
export interface RenderedObject {
  /** Its lines in the build's output. */
  startLine: number
  endLine: number
  /** The repository file it came from (origin path), when it came from one in the workspace. */
  origin?: string
  /** Repository-relative kustomization files whose patches changed it, in the order applied. */
  patchedIn: string[]
}

/** One kustomization's build. */
export interface RenderedBuild {
  build: KustomizeBuild
  /** kustomize's output: YAML documents, each with its build annotations. */
  text: string
  objects: RenderedObject[]
}

/** The name a build's output goes by where a file path is expected (never a real file: a space). */
export function buildLabel(build: RenderedBuild): string {
  return `kustomize build ${build.build.dir || '.'}`
}

export interface Rendered {
  builds: RenderedBuild[]
  /** Builds that failed or printed too much. */
  failed: KustomizeRefusal[]
  /** Patch files no build shows (kustomize-patches.ts): judged as the manifests they are. */
  unappliedPatches?: string[]
}

/** The wrapper kustomization: the target (relative: kustomize refuses absolute roots) and metadata. */
export function wrapperKustomization(wrapperDir: string, targetDir: string): string {
  const target = relative(wrapperDir, targetDir).split(sep).join('/')
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `  - ${JSON.stringify(target)}`,
    'buildMetadata: [originAnnotations, transformerAnnotations]',
    ''
  ].join('\n')
}

/** `kustomize build <wrapper>`: load restrictor left at its default (root only), no plugins. */
export function kustomizeBuildArgs(wrapperDir: string): string[] {
  return ['build', wrapperDir]
}

/** Environment on top of the scrubbed one: nothing on PATH (git, helm) and no way out by proxy. */
export const KUSTOMIZE_ENV: Readonly<Record<string, string>> = {
  PATH: '',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  ALL_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: ''
}

/** The builtin transformers of `patches:` and of the deprecated `patchesJson6902:` and
 * `patchesStrategicMerge:`, which kustomize 5.8.2 still runs under their own names. */
const PATCH_TRANSFORMERS: ReadonlySet<unknown> = new Set([
  'PatchTransformer',
  'PatchJson6902Transformer',
  'PatchStrategicMergeTransformer'
])

const get = (node: KNode | undefined, key: string) =>
  node?.kind === 'map' ? node.fields.get(key)?.node : undefined
const text = (node: KNode | undefined) =>
  node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined

/** A path kustomize wrote relative to the wrapper, as a repository path (undefined when outside). */
function repositoryPath(fromWrapper: string, wrapperDir: string, workspace: string): string | undefined {
  const rel = relative(workspace, resolve(wrapperDir, fromWrapper))
  if (rel === '' || rel.startsWith('..') || resolve(workspace, rel) !== resolve(wrapperDir, fromWrapper))
    return undefined
  return rel.split(sep).join('/')
}

function annotationYaml(value: string | undefined): unknown {
  if (value === undefined) return undefined
  try {
    return parse(value)
  } catch {
    return undefined
  }
}

/**
 * The objects of a build's output with their origin and the kustomizations that patched them.
 * Pure: the paths in the annotations are relative to the wrapper folder.
 */
export function parseBuildOutput(
  output: string,
  where: { wrapperDir: string; workspace: string }
): RenderedObject[] {
  const objects: RenderedObject[] = []
  for (const doc of readKubeDocuments(output)) {
    if (!doc.root) continue
    const annotations = get(get(doc.root, 'metadata'), 'annotations')
    const origin = annotationYaml(text(get(annotations, ORIGIN_ANNOTATION))) as { path?: unknown } | undefined
    const steps = annotationYaml(text(get(annotations, TRANSFORMATIONS_ANNOTATION)))
    const patchedIn = (Array.isArray(steps) ? steps : [])
      .filter(s => PATCH_TRANSFORMERS.has(s?.configuredBy?.kind) && typeof s.configuredIn === 'string')
      .map(s => repositoryPath(s.configuredIn as string, where.wrapperDir, where.workspace))
      .filter((p): p is string => p !== undefined)
    const originPath =
      typeof origin?.path === 'string'
        ? repositoryPath(origin.path, where.wrapperDir, where.workspace)
        : undefined
    objects.push({
      startLine: doc.startLine,
      endLine: doc.endLine,
      ...(originPath ? { origin: originPath } : {}),
      patchedIn
    })
  }
  return objects
}

/** kustomize's own words for a failed build: its `Error:` lines, else the end of its stderr, with the
 * runner's folders taken out (the workspace's paths read as repository paths). */
export function buildError(
  stderr: string,
  exitCode: number,
  dirs: { workspace: string; wrapperDir: string }
): string {
  const lines = stderr
    .replaceAll(`${dirs.wrapperDir}/`, '')
    .replaceAll(`${dirs.workspace}/`, '')
    .split('\n')
    .filter(l => l.trim() !== '')
  const errors = lines.filter(l => l.startsWith('Error:'))
  const said = (errors.length > 0 ? errors : lines.slice(-3)).join(' ').slice(0, 1000)
  return said ? `kustomize failed (exit ${exitCode}): ${said}` : `kustomize failed with exit code ${exitCode}`
}

export interface RenderContext {
  kustomize: string
  workspace: string
  /** This run's private folder: wrappers go in a kustomize/ folder under it. */
  runDir: string
  exec: Exec
  /** Most bytes of output taken from one build (the manifest size limit). */
  maxBytes: number
}

async function renderOne(
  build: KustomizeBuild,
  n: number,
  context: RenderContext
): Promise<RenderedBuild | KustomizeRefusal> {
  // Real paths on both sides, so the relative path from the wrapper and the origins kustomize
  // writes back agree even when the runner's temp folder or workspace is reached through a link.
  const made = join(context.runDir, 'kustomize', String(n))
  await mkdir(made, { recursive: true })
  const wrapperDir = await realpath(made)
  const workspace = await realpath(context.workspace)
  await writeFile(
    join(wrapperDir, 'kustomization.yaml'),
    wrapperKustomization(wrapperDir, resolve(workspace, build.dir))
  )
  const refuse = (reason: string): KustomizeRefusal => ({
    kustomization: build.kustomization,
    reason: `kustomize build ${build.dir || '.'}: ${reason}`
  })
  let result
  try {
    result = await context.exec(context.kustomize, kustomizeBuildArgs(wrapperDir), {
      cwd: context.workspace,
      env: { ...KUSTOMIZE_ENV },
      maxOutputBytes: context.maxBytes
    })
  } catch (error) {
    // The exec wrapper refuses output over the limit rather than holding it; anything else (no
    // kustomize binary) is ours, not the repository's.
    if (error instanceof Error && error.message.includes('printed more than'))
      return refuse(`its output is larger than the ${formatBytes(context.maxBytes)} limit for a manifest`)
    throw error
  }
  if (result.exitCode !== 0)
    return refuse(buildError(result.stderr, result.exitCode, { workspace, wrapperDir }))
  return {
    build,
    text: result.stdout,
    objects: parseBuildOutput(result.stdout, { wrapperDir, workspace })
  }
}

/** Builds each kustomization in turn (kustomize is quick; its output is held in memory). */
export async function renderKustomizations(
  builds: readonly KustomizeBuild[],
  context: RenderContext
): Promise<Rendered> {
  const rendered: Rendered = { builds: [], failed: [] }
  let n = 0
  for (const build of builds) {
    const one = await renderOne(build, ++n, context)
    if ('text' in one) rendered.builds.push(one)
    else rendered.failed.push(one)
  }
  return rendered
}
