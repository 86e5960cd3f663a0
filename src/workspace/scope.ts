/**
 * Which repository files each check reads, from the inputs: the Dockerfiles, the manifests (and
 * the Helm chart templates among them, which are not manifests until rendered), the Gatekeeper
 * policies; and the `image-input` paths, checked before Trivy opens them. An explicit glob that
 * matches nothing is the user's to fix.
 */
import { checkDockerfilePairings } from './pairing.js'
import { posix } from 'node:path'
import { ConfigurationError } from '../errors.js'
import type { Inputs } from '../inputs/read.js'
import {
  DEFAULT_DOCKERFILE_GLOBS,
  globsWithoutMatch,
  listFiles,
  matchGlobs,
  yamlFilesUnder
} from './files.js'
import { isKustomization, planKustomizations, type KustomizePlan } from './kustomize.js'
import { checkToolPath, refusedRead } from './safe-read.js'

function unmatched(input: string, glob: string, example: string): ConfigurationError {
  return new ConfigurationError(
    `Input '${input}' has a glob that matches no file: ${JSON.stringify(glob)}. Globs are matched against repository-relative paths (for example ${example}); leave the input at its default to check whatever exists.`
  )
}

/** Dockerfiles in scope (hadolint and the base-image rules): explicit globs must each match; the
 * default globs may match nothing. */
function resolveDockerfiles(inputs: Inputs, files: readonly string[]): string[] {
  const globs = inputs.dockerfiles ?? []
  if (globs.length === 0) return []
  if (globs.join('\n') !== DEFAULT_DOCKERFILE_GLOBS.join('\n')) {
    const missing = globsWithoutMatch(files, globs)
    if (missing.length > 0)
      throw unmatched('dockerfile', missing[0]!, 'Dockerfile, docker/*.Dockerfile, **/Dockerfile')
  }
  return matchGlobs(files, globs)
}

/**
 * The kustomizations to build: those among the manifests, and each folder's `Kustomization` (no
 * extension), which kustomize reads like a kustomization.yaml but no YAML glob matches. It is in
 * scope where that folder's kustomization.yaml would be: an overlay must not escape the build (and
 * its inline patches the admission rules) by its file name.
 */
function kustomizationsInScope(
  inputs: Inputs,
  files: readonly string[],
  manifests: readonly string[]
): string[] {
  const bare = files.filter(f => posix.basename(f) === 'Kustomization')
  const byYamlName = new Map(bare.map(f => [posix.join(posix.dirname(f), 'kustomization.yaml'), f]))
  const names = [...byYamlName.keys()]
  const covered = inputs.manifests
    ? matchGlobs(names, inputs.manifests)
    : yamlFilesUnder(names, inputs.configPaths)
  return [...manifests.filter(isKustomization), ...covered.map(name => byYamlName.get(name)!)].sort()
}

/** Manifests for the admission rules: the `manifests` globs, else every YAML file under config-path. */
function resolveManifests(inputs: Inputs, files: readonly string[]): string[] {
  if (inputs.manifests) {
    const missing = globsWithoutMatch(files, inputs.manifests)
    if (missing.length > 0) throw unmatched('manifests', missing[0]!, 'k8s/*.yaml, deploy/**/*.yml')
    return matchGlobs(files, inputs.manifests)
  }
  return yamlFilesUnder(files, inputs.configPaths)
}

/** The cluster's Gatekeeper policy files: every glob of `gatekeeper-policies` must match a file. */
function resolveGatekeeperPolicies(inputs: Inputs, files: readonly string[]): string[] {
  const globs = inputs.gatekeeperPolicies ?? []
  if (globs.length === 0) return []
  const missing = globsWithoutMatch(files, globs)
  if (missing.length > 0)
    throw unmatched('gatekeeper-policies', missing[0]!, 'gatekeeper/*.yaml, policies/**/constraint.yaml')
  return matchGlobs(files, globs)
}

/** A Helm chart's templates among the manifests, and whether Trivy's config scan renders the chart. */
export interface ChartTemplates {
  /** The chart's folder (holding Chart.yaml), repository-relative; '' for the repository root. */
  chart: string
  templates: string[]
  rendered: boolean
}

/**
 * Separates Helm chart templates (files under a `templates/` folder with a Chart.yaml next to it)
 * from the manifests the admission rules read: a template is not a manifest until rendered. Trivy's
 * config scan renders the charts under its config paths; a chart outside them is not rendered.
 */
export function splitHelmCharts(
  manifests: readonly string[],
  files: readonly string[],
  configPaths: readonly string[]
): { manifests: string[]; charts: ChartTemplates[] } {
  const roots = files
    .filter(f => posix.basename(f) === 'Chart.yaml')
    .map(f => posix.dirname(f))
    .map(d => (d === '.' ? '' : d))
    .sort((a, b) => b.length - a.length)
  const prefixes = configPaths.map(p => p.replace(/^\.\/?/, '').replace(/\/$/, ''))
  const covers = (chart: string) => prefixes.some(p => p === '' || chart === p || chart.startsWith(`${p}/`))
  const charts = new Map<string, ChartTemplates>()
  const plain: string[] = []
  for (const file of manifests) {
    const chart = roots.find(r => file.startsWith(r === '' ? 'templates/' : `${r}/templates/`))
    if (chart === undefined) {
      plain.push(file)
      continue
    }
    const entry = charts.get(chart) ?? { chart, templates: [], rendered: covers(chart) }
    entry.templates.push(file)
    charts.set(chart, entry)
  }
  return { manifests: plain, charts: [...charts.values()] }
}

/**
 * The `image-input` paths, checked before Trivy opens them: relative ones (and absolute ones inside
 * the workspace) must stay inside it once links are followed, and each must be a file (a
 * `docker save` tarball) or a directory (an OCI layout).
 */
export function checkImageInputs(inputs: Inputs, workspace: string): void {
  checkDockerfilePairings(inputs, workspace)
  for (const file of inputs.imageInputs) {
    const checked = checkToolPath(file, { workspace, scope: 'given-path' })
    if (!checked.ok)
      throw refusedRead(
        `Input 'image-input': ${JSON.stringify(file)}`,
        checked,
        'Expected a docker save tarball or an OCI image layout directory.'
      )
  }
}

/** The repository files in scope, by what reads them. */
export interface Scope {
  /** Dockerfiles for the base-image rules (and hadolint, unless it is off). */
  dockerfiles: string[]
  /** Manifests for the admission rules and gator; chart templates, kustomization files and the patch
   * files kustomizations apply are not among them. */
  manifests: string[]
  charts: ChartTemplates[]
  /** The kustomizations among the manifests' files: what to build, what was refused and why. */
  kustomize: KustomizePlan
  gatekeeperPolicies: string[]
}

/** Lists the workspace (only when an input needs its files) and resolves every input's files. */
export async function resolveScope(inputs: Inputs, workspace: string): Promise<Scope> {
  const needsFiles =
    inputs.dockerfiles !== undefined ||
    inputs.manifests !== undefined ||
    inputs.gatekeeperPolicies !== undefined ||
    inputs.configPaths.length > 0
  const files = needsFiles ? await listFiles(workspace) : []
  // Chart templates are judged through Trivy's rendering, not read as manifests.
  const { manifests, charts } = splitHelmCharts(resolveManifests(inputs, files), files, inputs.configPaths)
  // What the cluster receives from a kustomization is its build: each is rendered and judged, its
  // patch files only through that build. The resources it names stay manifests of their own.
  const kustomize = planKustomizations(kustomizationsInScope(inputs, files, manifests), workspace)
  const notManifests = new Set(kustomize.patchFiles)
  return {
    dockerfiles: resolveDockerfiles(inputs, files),
    manifests: manifests.filter(f => !isKustomization(f) && !notManifests.has(f)),
    charts,
    kustomize,
    gatekeeperPolicies: resolveGatekeeperPolicies(inputs, files)
  }
}
