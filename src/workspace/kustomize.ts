/**
 * The kustomizations among the manifests, checked before kustomize ever runs. What the cluster
 * receives from a kustomize repository is `kustomize build <overlay>`, not its files, so each
 * kustomization in scope is rendered (scanners/kustomize.ts) and judged. Before that, every
 * kustomization it reaches is read here through the safe read and every path it names is resolved:
 *
 * - remote `resources:` (git, http) and `helmCharts:` are never fetched: the build is refused and
 *   shows as CG-NOT-CHECKED naming the kustomization and the entry;
 * - a path that leaves the workspace (`../..` or a link) refuses the build too. kustomize's own load
 *   restrictor only keeps *files* inside each kustomization's root; a directory of `resources:`
 *   may be anywhere, so it would happily build `../../../../etc/x` or follow a link out.
 *
 * The patch files named by `patches:` and friends are not manifests (a partial Deployment has no
 * limits and no image): they are judged through what kustomize makes of them, so the caller takes
 * them out of the plain manifests.
 */
import { statSync } from 'node:fs'
import { posix } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { checkToolPath, READ_LIMITS, readFileSafely } from './safe-read.js'

/** The file names kustomize looks for in a directory, in its order. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const

/** Whether a repository path is a kustomization file. */
export function isKustomization(file: string): boolean {
  return (KUSTOMIZATION_NAMES as readonly string[]).includes(posix.basename(file))
}

/** One kustomization to render: its file and its directory (what `kustomize build` is given). */
export interface KustomizeBuild {
  /** Repository-relative path of the kustomization file. */
  kustomization: string
  /** Its directory, repository-relative ('' for the root). */
  dir: string
}

/** A kustomization that is not built, and why (CG-NOT-CHECKED on its file). */
export interface KustomizeRefusal {
  kustomization: string
  line?: number
  reason: string
}

export interface KustomizePlan {
  builds: KustomizeBuild[]
  refused: KustomizeRefusal[]
  /** Patch files the kustomizations apply: not manifests on their own. */
  patchFiles: string[]
  /**
   * What each kustomization reached takes in as resources (`resources:`, `bases:`, `components:`):
   * the files, and the kustomization file of each folder. A kustomization's transformers only touch
   * what it takes in, so this tells a real `transformations` annotation from one a resource file
   * brought along (checks/kustomize.ts).
   */
  takesIn: Record<string, string[]>
}

/** Fields whose entries are paths (or URLs) kustomize loads. */
const LIST_FIELDS = [
  'resources',
  'bases',
  'components',
  'crds',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'patchesStrategicMerge'
] as const
const PATH_ITEM_FIELDS = ['patches', 'patchesJson6902', 'replacements'] as const
const DIRECTORY_FIELDS = new Set(['resources', 'bases', 'components'])
const PATCH_FIELDS = new Set(['patches', 'patchesJson6902', 'patchesStrategicMerge'])
const HELM_FIELDS = ['helmCharts', 'helmChartInflationGenerator', 'helmGlobals'] as const

/**
 * A remote entry as kustomize would fetch it: a URL (https://, ssh://, git::), an scp-style
 * `git@host:` address, or a `host.tld/org/repo` spec, or anything with a `?ref=` or `.git//`.
 */
export function isRemote(entry: string): boolean {
  return (
    /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(entry) ||
    /^git(::|@)/.test(entry) ||
    /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(:\d+)?\/[^/]/.test(entry) ||
    entry.includes('?ref=') ||
    entry.includes('.git//')
  )
}

interface Entry {
  field: string
  path: string
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
const records = (v: unknown): Array<Record<string, unknown>> =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []

/** Every path a kustomization names (inline patches and plugin configs, which hold newlines, are not paths). */
function entries(k: Record<string, unknown>): Entry[] {
  const out: Entry[] = []
  for (const field of LIST_FIELDS) for (const path of strings(k[field])) out.push({ field, path })
  for (const field of PATH_ITEM_FIELDS)
    for (const item of records(k[field]))
      if (typeof item.path === 'string') out.push({ field, path: item.path })
  const openapi = k.openapi as Record<string, unknown> | undefined
  if (openapi && typeof openapi.path === 'string') out.push({ field: 'openapi', path: openapi.path })
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    for (const gen of records(k[field])) {
      // `files:` entries may be `key=path`.
      for (const f of strings(gen.files))
        out.push({ field, path: f.includes('=') ? f.slice(f.indexOf('=') + 1) : f })
      for (const e of [...strings(gen.envs), ...(typeof gen.env === 'string' ? [gen.env] : [])])
        out.push({ field, path: e })
    }
  }
  return out.filter(e => !e.path.includes('\n') && e.path.trim() !== '')
}

/** The annotations kustomize writes for buildMetadata (scanners/kustomize.ts), by key or as a JSON
 * pointer segment (`~1` for `/`). */
const BUILD_METADATA = /kubernetes\.io(?:\/|~1)(?:origin|transformations)/

/**
 * Whether YAML text writes kustomize's build metadata annotations, which place a build's findings:
 * `commonAnnotations`, a patch or a replacement naming one replaces what kustomize wrote (even
 * under a key escaped as `config.kubernetes.io\u002Forigin`), and would put an object's findings
 * on any file, one whose path the policy ignores. Read raw, then decoded (keys and strings, and the
 * inline YAML of multi-line strings: inline patches).
 */
export function writesBuildMetadata(text: string, depth = 0): boolean {
  if (BUILD_METADATA.test(text)) return true
  if (depth > 2) return false
  let values: unknown[]
  try {
    values = parseAllDocuments(text).map(d => d.toJS({ maxAliasCount: 100 }) as unknown)
  } catch {
    return false
  }
  const strings: string[] = []
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v)
    else if (Array.isArray(v)) v.forEach(collect)
    else if (v && typeof v === 'object')
      for (const [k, inner] of Object.entries(v)) {
        strings.push(k)
        collect(inner)
      }
  }
  values.forEach(collect)
  return strings.some(
    t =>
      BUILD_METADATA.test(t.replaceAll('\\', '')) || (t.includes('\n') && writesBuildMetadata(t, depth + 1))
  )
}

const METADATA_REASON =
  "writes kustomize's build metadata annotation (config.kubernetes.io/origin or alpha.config.kubernetes.io/transformations), which container-gate reads to place a build's findings"

/** Files a kustomization names whose content becomes transformations (patches, plugin configs). */
const CONTENT_FIELDS = new Set([
  'patches',
  'patchesJson6902',
  'patchesStrategicMerge',
  'transformers',
  'generators',
  'replacements'
])

/** The first line of a kustomization that mentions the text, for the finding's location. */
function lineOf(text: string, needle: string): number | undefined {
  const i = text.split('\n').findIndex(l => l.includes(needle))
  return i < 0 ? undefined : i + 1
}

interface Walk {
  workspace: string
  seen: Set<string>
  problems: KustomizeRefusal[]
  patchFiles: Set<string>
  takesIn: Map<string, Set<string>>
  /** Kustomizations reached through `transformers:` or `generators:`: their resources are configs. */
  configsOf: Set<string>
}

/** The kustomization file of a directory, when it has one: any of the names that exists, even one
 * the safe read will refuse (a link out of the workspace, to /dev/zero), since kustomize reads it. */
function kustomizationIn(dir: string, workspace: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const file = dir === '' ? name : `${dir}/${name}`
    const checked = checkToolPath(file, { workspace, scope: 'workspace' })
    if (checked.ok || checked.problem !== 'missing') return file
  }
  return undefined
}

function checkEntry(entry: Entry, from: string, text: string, walk: Walk): void {
  const at = { kustomization: from, line: lineOf(text, entry.path) }
  const what = `${entry.field} entry ${JSON.stringify(entry.path)}`
  if (isRemote(entry.path)) {
    walk.problems.push({ ...at, reason: `${what} in ${from} is remote: container-gate does not fetch it` })
    return
  }
  const dir = posix.dirname(from) === '.' ? '' : posix.dirname(from)
  const target = posix.normalize(posix.join(dir, entry.path))
  if (posix.isAbsolute(entry.path) || target === '..' || target.startsWith('../')) {
    walk.problems.push({ ...at, reason: `${what} in ${from} is outside the workspace` })
    return
  }
  const checked = checkToolPath(target, { workspace: walk.workspace, scope: 'workspace' })
  // A missing path is kustomize's to report (a build failure, with its message).
  if (!checked.ok && checked.problem === 'missing') return
  if (!checked.ok) {
    walk.problems.push({ ...at, reason: `${what} in ${from} ${checked.detail}` })
    return
  }
  if (PATCH_FIELDS.has(entry.field)) walk.patchFiles.add(target)
  // A folder among `transformers:` or `generators:` is a kustomization whose resources are plugin
  // configs: followed like a base, and its files read like the configs they are.
  const folder = statSync(checked.realPath).isDirectory()
  if (!folder && (CONTENT_FIELDS.has(entry.field) || walk.configsOf.has(from))) {
    const read = readFileSafely(target, {
      workspace: walk.workspace,
      maxBytes: READ_LIMITS.source,
      scope: 'workspace'
    })
    if (!read.ok) walk.problems.push({ ...at, reason: `${what} in ${from}: ${target} ${read.detail}` })
    else if (writesBuildMetadata(read.text))
      walk.problems.push({ ...at, reason: `${target} ${METADATA_REASON}` })
  }
  const inner = folder ? kustomizationIn(target === '.' ? '' : target, walk.workspace) : undefined
  if (DIRECTORY_FIELDS.has(entry.field)) {
    const taken = walk.takesIn.get(from) ?? new Set<string>()
    walk.takesIn.set(from, taken.add(inner ?? target))
  }
  if (!inner || !(DIRECTORY_FIELDS.has(entry.field) || CONTENT_FIELDS.has(entry.field))) return
  if (CONTENT_FIELDS.has(entry.field) || walk.configsOf.has(from)) walk.configsOf.add(inner)
  visit(inner, walk)
}

/** Reads one kustomization and checks every path it names, following directories into theirs. */
function visit(file: string, walk: Walk): void {
  if (walk.seen.has(file)) return
  walk.seen.add(file)
  const read = readFileSafely(file, {
    workspace: walk.workspace,
    maxBytes: READ_LIMITS.source,
    scope: 'workspace'
  })
  if (!read.ok) {
    walk.problems.push({ kustomization: file, reason: `${file} ${read.detail}` })
    return
  }
  // kustomize builds YAML a strict parser refuses (a repeated key takes its last value; of several
  // documents the first is read), so what cannot be read here one way is not built at all: the
  // entries it names would go unchecked.
  const docs = [...parseAllDocuments(read.text)]
  const [doc] = docs
  if (!doc) return
  const error = doc.errors[0]
  if (docs.length > 1 || error) {
    const why = error
      ? `is not YAML that reads one way (${error.message.split('\n')[0]})`
      : 'holds more than one YAML document'
    walk.problems.push({
      kustomization: file,
      reason: `${file} ${why}: kustomize would read it otherwise than it reads here`
    })
    return
  }
  let k: unknown
  try {
    k = doc.toJS({ maxAliasCount: 100 })
  } catch {
    // An alias bomb: kustomize's parser would expand it; nothing is built from it.
    walk.problems.push({ kustomization: file, reason: `${file} expands YAML aliases past 100: not built` })
    return
  }
  if (!k || typeof k !== 'object' || Array.isArray(k)) return
  if (writesBuildMetadata(read.text))
    walk.problems.push({ kustomization: file, reason: `${file} ${METADATA_REASON}` })
  const fields = k as Record<string, unknown>
  for (const field of HELM_FIELDS) {
    if (fields[field] === undefined) continue
    walk.problems.push({
      kustomization: file,
      line: lineOf(read.text, `${field}:`),
      reason: `${field} in ${file}: container-gate does not fetch or render Helm charts through kustomize`
    })
  }
  for (const entry of entries(fields)) checkEntry(entry, file, read.text, walk)
}

/**
 * The kustomizations to build and those refused: a build is refused when anything it reaches is
 * remote, a Helm chart, outside the workspace, or unreadable. Reads files, never runs anything.
 */
export function planKustomizations(kustomizations: readonly string[], workspace: string): KustomizePlan {
  const plan: KustomizePlan = { builds: [], refused: [], patchFiles: [], takesIn: {} }
  const patchFiles = new Set<string>()
  const takesIn = new Map<string, Set<string>>()
  for (const kustomization of kustomizations) {
    const walk: Walk = { workspace, seen: new Set(), problems: [], patchFiles, takesIn, configsOf: new Set() }
    visit(kustomization, walk)
    const dir = posix.dirname(kustomization) === '.' ? '' : posix.dirname(kustomization)
    if (walk.problems.length === 0) plan.builds.push({ kustomization, dir })
    for (const p of walk.problems)
      // On the kustomization holding the entry, at its line: that is what the author changes.
      plan.refused.push({
        kustomization: p.kustomization,
        ...(p.line !== undefined ? { line: p.line } : {}),
        reason: `kustomize build ${dir || '.'} was not run: ${p.reason}`
      })
  }
  plan.patchFiles = [...patchFiles].sort()
  plan.takesIn = Object.fromEntries([...takesIn].map(([k, taken]) => [k, [...taken].sort()]))
  return plan
}
