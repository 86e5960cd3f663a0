/**
 * gator (Gatekeeper's CLI): the cluster's own ConstraintTemplates and Constraints applied to the
 * repository's manifests with `gator test`. Everything here is pure: argv, staging the objects gator
 * reads and parsing its JSON (checking the policy files and explaining gator's failures:
 * gator-policies.ts).
 *
 * What gator 3.23.0 does (recorded in __fixtures__/recorded/gator-3.23.0-*.json):
 * - `gator test --output json --filename=<file>...` prints `null` when nothing is violated, else an
 *   array of {target, msg, constraint, enforcementAction, violatingObject, trace}; the violating
 *   object is echoed as written (no namespace is defaulted), with no file or line.
 * - It exits 1 when a `deny` constraint is violated and 0 for warn/dryrun only: data, not the verdict.
 * - Any YAML document without apiVersion (a workflow, a compose file) aborts the whole run ("resource
 *   has no version"), and `kind: List` is not expanded. So the manifests are not handed to gator as
 *   they are: their Kubernetes objects are staged into one file (see stageObjects).
 * - A broken template or a constraint without its template aborts with a message naming the
 *   template or constraint, never the file: explainGatorFailure maps the name back to the file.
 */
import { ToolError } from '../errors.js'
import type { Finding } from '../findings/model.js'
import type { Severity } from '../findings/severity.js'
import { readKubeDocuments } from '../kube/documents.js'
import { documentObjects, objectJson } from '../kube/objects.js'
import { isObject, obj, objects, parseJson, str, type JsonObject } from './json-input.js'

/** A workspace file and its text, as runScans reads it. */
export interface SourceText {
  path: string
  text: string
  /** A kustomize build's output: its objects carry build annotations the cluster would not see. */
  built?: boolean
}

/** The annotations kustomize's buildMetadata adds (scanners/kustomize.ts asks for them). */
const BUILD_ANNOTATIONS = ['config.kubernetes.io/origin', 'alpha.config.kubernetes.io/transformations']

/** An object of a build without the build annotations, so a policy judges what `kustomize build`
 * without them would send to the cluster. */
function withoutBuildMetadata(json: string): string {
  const value = JSON.parse(json) as { metadata?: { annotations?: Record<string, unknown> } }
  const annotations = value.metadata?.annotations
  if (!annotations) return json
  for (const name of BUILD_ANNOTATIONS) delete annotations[name]
  if (Object.keys(annotations).length === 0) delete value.metadata!.annotations
  return JSON.stringify(value)
}

/** `gator test` over the policy files and the staged objects; JSON on stdout. */
export function gatorTestArgs(policyFiles: readonly string[], objectsFile: string): string[] {
  // `--filename=<path>` rather than two arguments: a file named like a flag stays a file name.
  return ['test', '--output', 'json', ...[...policyFiles, objectsFile].map(f => `--filename=${f}`)]
}

/** deny: the cluster refuses the object; warn: it admits it with a warning; dryrun: audit only. */
const ACTION_SEVERITY: Record<string, Severity> = { deny: 'CRITICAL', warn: 'MEDIUM', dryrun: 'LOW' }

/** A Kubernetes object of the manifests, where a violation of it is reported. */
export interface ObjectRef {
  file: string
  kind: string
  /** metadata.namespace as written ('' when absent: gator does not default it either). */
  namespace: string
  name: string
  /** The object's `metadata` block (the object's first line when it has none). */
  startLine: number
  endLine: number
  /** The staged object as canonical JSON: gator echoes it back, which tells apart objects of the
   * same kind, namespace and name in several files (staging and production overlays). */
  content: string
}

/** The objects gator tests, as one YAML stream, and where each one is in the manifests. */
export interface StagedObjects {
  yaml: string
  objects: ObjectRef[]
}

/** Objects compared by content: JSON with sorted keys. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map(k => [k, sort(v[k])])
          )
        : v
  return JSON.stringify(sort(value))
}

/**
 * The Kubernetes objects of the manifests, one JSON document each (YAML is a superset), read as
 * kubectl reads them (kube/documents.ts: YAML 1.1 scalars, merge keys, last of duplicate keys, lists
 * flattened with kubectl's rules) so gator judges what the cluster would receive. Documents that are
 * not Kubernetes objects and documents that cannot be read are left out (the admission rules report
 * the latter as CG-NOT-CHECKED), and Gatekeeper's own objects are left to the policy files.
 */
export function stageObjects(manifests: readonly SourceText[]): StagedObjects {
  const docs: string[] = []
  const refs: ObjectRef[] = []
  for (const file of manifests) {
    for (const doc of readKubeDocuments(file.text)) {
      for (const object of documentObjects(doc.root).objects) {
        // The cluster's policies come from the gatekeeper-policies files; a template or constraint
        // among the manifests would otherwise become a policy of its own.
        if (object.apiVersion.split('/')[0]!.endsWith('gatekeeper.sh')) continue
        const json = file.built ? withoutBuildMetadata(objectJson(object)) : objectJson(object)
        const metadata = object.node.fields.get('metadata')
        refs.push({
          file: file.path,
          kind: object.kind,
          namespace: object.namespace,
          name: object.name,
          startLine: metadata?.keyLine ?? object.node.line,
          endLine: metadata ? Math.max(metadata.keyLine, metadata.node.endLine) : object.node.line,
          content: canonicalJson(JSON.parse(json))
        })
        docs.push(json)
      }
    }
  }
  return { yaml: docs.map(d => `${d}\n`).join('---\n'), objects: refs }
}

const SEVERITY_ORDER: Severity[] = ['CRITICAL', 'MEDIUM', 'LOW']

/**
 * What the admission webhook does for a `scoped` constraint: the most severe action listed for the
 * validation.gatekeeper.sh enforcement point (or `*`). None listed: the webhook does not act.
 */
function scopedSeverity(constraint: JsonObject): { severity: Severity; action: string } {
  const actions = objects(obj(constraint, 'spec') ?? {}, 'scopedEnforcementActions')
    .filter(a =>
      objects(a, 'enforcementPoints').some(p =>
        ['validation.gatekeeper.sh', '*'].includes(str(p, 'name') ?? '')
      )
    )
    .map(a => str(a, 'action') ?? '')
    .filter(a => a in ACTION_SEVERITY)
  const best = SEVERITY_ORDER.find(s => actions.some(a => ACTION_SEVERITY[a] === s))
  if (!best) return { severity: 'LOW', action: 'none at admission' }
  return { severity: best, action: actions.find(a => ACTION_SEVERITY[a] === best)! }
}

function severityOf(action: string, constraint: JsonObject): { severity: Severity; effective: string } {
  if (action === 'scoped') {
    const scoped = scopedSeverity(constraint)
    return { severity: scoped.severity, effective: scoped.action }
  }
  // indexPolicies refuses other actions; one gator invents later is treated as deny, so a gate
  // never passes silently what the cluster might refuse.
  return { severity: ACTION_SEVERITY[action] ?? 'CRITICAL', effective: action }
}

const objectKey = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`

/**
 * Finds the manifest object a violation is about. Objects with the same kind, namespace and name
 * (overlays in several files) are told apart by content, since gator echoes the object it judged;
 * identical objects take turns, so each copy gets its own finding.
 */
function objectLocator(
  refs: readonly ObjectRef[]
): (object: JsonObject, key: string, violation: string) => ObjectRef | undefined {
  const byKey = new Map<string, ObjectRef[]>()
  for (const ref of refs) {
    const key = objectKey(ref.kind, ref.namespace, ref.name)
    byKey.set(key, [...(byKey.get(key) ?? []), ref])
  }
  const used = new Map<string, Set<ObjectRef>>()
  return (object, key, violation) => {
    const group = byKey.get(key) ?? []
    const content = canonicalJson(object)
    const same = group.filter(r => r.content === content)
    const candidates = same.length > 0 ? same : group
    const taken = used.get(violation) ?? new Set<ObjectRef>()
    used.set(violation, taken)
    const ref = candidates.find(r => !taken.has(r)) ?? candidates[0]
    if (ref) taken.add(ref)
    return ref
  }
}

/**
 * Parses `gator test --output json` into Findings: one per violation, located at the violating
 * object's metadata in the manifests (matched by kind, namespace and name).
 */
export function parseGatorReport(text: string, file: string, objectRefs: readonly ObjectRef[]): Finding[] {
  const report = parseJson(text, file)
  if (report === null) return []
  const shape = 'expected null or an array of {msg, constraint, enforcementAction, violatingObject}'
  if (!Array.isArray(report)) throw new ToolError(`${file} is not gator test JSON output: ${shape}.`)
  const locate = objectLocator(objectRefs)
  const findings = new Map<string, Finding>()
  report.forEach((entry, i) => {
    const constraint = isObject(entry) ? obj(entry, 'constraint') : undefined
    const kind = constraint && str(constraint, 'kind')
    const name = constraint && str(obj(constraint, 'metadata') ?? {}, 'name')
    const msg = isObject(entry) ? str(entry, 'msg') : undefined
    if (!isObject(entry) || !constraint || !kind || !name || msg === undefined) {
      throw new ToolError(
        `${file} is not gator test JSON output: entry ${i} has no constraint kind, name or msg; ${shape}.`
      )
    }
    const action =
      str(entry, 'enforcementAction') ?? str(obj(constraint, 'spec') ?? {}, 'enforcementAction') ?? 'deny'
    const { severity, effective } = severityOf(action, constraint)
    const object = obj(entry, 'violatingObject') ?? {}
    const meta = obj(object, 'metadata') ?? {}
    const objKind = str(object, 'kind') ?? ''
    const namespace = str(meta, 'namespace') ?? ''
    const objName = str(meta, 'name') ?? ''
    const ruleId = `${kind}/${name}`
    const ref = locate(object, objectKey(objKind, namespace, objName), `${ruleId}\u0000${msg}`)
    const target = `${objKind}/${namespace ? `${namespace}/` : ''}${objName}`
    const how = action === 'scoped' ? `scoped: ${effective} at admission` : action
    const finding: Finding = {
      tool: 'gator',
      kind: 'misconfig',
      ruleId,
      // The template's kind as well, so one ignore can cover every constraint of a template.
      aliases: [kind],
      severity,
      title: msg,
      description: `Gatekeeper constraint ${ruleId} (enforcementAction ${how}) on ${target}: ${msg}`,
      message: msg,
      status: action,
      target,
      subject: 'gatekeeper',
      ...(ref ? { file: ref.file, startLine: ref.startLine, endLine: ref.endLine } : {})
    }
    // The same object defined twice in one place (gator reports it twice) is one finding here;
    // the same message on objects in different files stays one finding per file.
    findings.set([ruleId, target, msg, ref?.file ?? '', ref?.startLine ?? ''].join('\u0000'), finding)
  })
  return [...findings.values()]
}
