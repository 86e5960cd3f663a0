/**
 * The cluster's Gatekeeper policy files (the `gatekeeper-policies` input), checked before gator runs
 * so a mistake names its file and line, and gator's failures mapped back to those files: gator
 * names only the template or constraint it refused.
 */
import { LineCounter, isMap, isScalar, parseAllDocuments } from 'yaml'
import type { Document, Node } from 'yaml'
import { ConfigurationError } from '../errors.js'
import type { SourceText } from './gator.js'

const INPUT = 'gatekeeper-policies'

/** Gatekeeper's enforcement actions (constraint spec.enforcementAction). */
const ENFORCEMENT_ACTIONS = ['deny', 'warn', 'dryrun', 'scoped'] as const

/** Where a template or constraint is defined. */
interface PolicyLocation {
  file: string
  line: number
}

/** The policy files' templates (by metadata.name) and constraints (by `Kind/name`). */
export interface PolicyIndex {
  templates: Map<string, PolicyLocation>
  constraints: Map<string, PolicyLocation>
}

function lineOf(lines: LineCounter, node: unknown): number {
  const range = (node as Node | undefined)?.range
  return range ? lines.linePos(range[0]).line : 1
}

function mapGet(node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined
  return node.items.find(p => isScalar(p.key) && p.key.value === key)?.value
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined
}

function readDocuments(source: SourceText): {
  docs: Document.Parsed[]
  lines: LineCounter
  error?: { line: number; message: string }
} {
  const lines = new LineCounter()
  const parsed = parseAllDocuments(source.text, { lineCounter: lines, uniqueKeys: false })
  const docs = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[]
  for (const doc of docs) {
    const [first] = doc.errors
    if (first)
      return {
        docs,
        lines,
        error: { line: lines.linePos(first.pos[0]).line, message: first.message.split('\n')[0]! }
      }
  }
  return { docs, lines }
}

const policyError = (file: string, line: number, what: string) =>
  new ConfigurationError(`Input '${INPUT}': ${file}:${line} ${what}`)

/** A constraint as indexed, to check that its template is among the files. */
interface IndexedConstraint {
  kind: string
  name: string
  at: PolicyLocation
}

/**
 * One document of a policy file: a Gatekeeper object, or an error naming the file and line. Adds a
 * template (and the kind its CRD defines) or a constraint to the index.
 */
function indexDocument(
  root: unknown,
  at: PolicyLocation,
  into: { index: PolicyIndex; templateKinds: Set<string>; constraints: IndexedConstraint[] }
): void {
  const apiVersion = scalarString(mapGet(root, 'apiVersion'))
  const kind = scalarString(mapGet(root, 'kind'))
  const name = scalarString(mapGet(mapGet(root, 'metadata'), 'name')) ?? ''
  const group = apiVersion?.includes('/') ? apiVersion.split('/')[0]! : ''
  if (!apiVersion || !kind || !group.endsWith('gatekeeper.sh')) {
    throw policyError(
      at.file,
      at.line,
      `holds ${kind ? `a ${kind} (${apiVersion ?? 'no apiVersion'})` : 'a document without apiVersion and kind'}: expected only Gatekeeper ConstraintTemplates (templates.gatekeeper.sh) and Constraints (constraints.gatekeeper.sh). Objects to check belong in 'manifests'.`
    )
  }
  if (group === 'templates.gatekeeper.sh' && kind === 'ConstraintTemplate') {
    into.index.templates.set(name, at)
    const crdKind = scalarString(
      mapGet(mapGet(mapGet(mapGet(mapGet(root, 'spec'), 'crd'), 'spec'), 'names'), 'kind')
    )
    if (crdKind) into.templateKinds.add(crdKind)
  } else if (group === 'constraints.gatekeeper.sh') {
    const action = scalarString(mapGet(mapGet(root, 'spec'), 'enforcementAction'))
    if (action !== undefined && !(ENFORCEMENT_ACTIONS as readonly string[]).includes(action)) {
      throw policyError(
        at.file,
        at.line,
        `constraint ${kind}/${name} has enforcementAction ${JSON.stringify(action)}: Gatekeeper accepts ${ENFORCEMENT_ACTIONS.join(', ')}.`
      )
    }
    into.index.constraints.set(`${kind}/${name}`, at)
    into.constraints.push({ kind, name, at })
  }
}

/**
 * Checks the policy files before gator runs, so a mistake names its file and line: every document
 * must be a Gatekeeper object (templates.gatekeeper.sh, constraints.gatekeeper.sh, ...), every
 * constraint must have its template among the files and a known enforcementAction.
 */
export function indexPolicies(files: readonly SourceText[]): PolicyIndex {
  const into = {
    index: { templates: new Map(), constraints: new Map() } as PolicyIndex,
    templateKinds: new Set<string>(),
    constraints: [] as IndexedConstraint[]
  }
  for (const file of files) {
    const { docs, lines, error } = readDocuments(file)
    if (error) throw policyError(file.path, error.line, `is not valid YAML: ${error.message}`)
    const roots = docs.map(doc => doc.contents).filter(root => root !== null && root !== undefined)
    for (const root of roots) indexDocument(root, { file: file.path, line: lineOf(lines, root) }, into)
    if (roots.length === 0) throw policyError(file.path, 1, 'holds no ConstraintTemplate or Constraint.')
  }
  for (const c of into.constraints) {
    if (!into.templateKinds.has(c.kind)) {
      throw policyError(
        c.at.file,
        c.at.line,
        `constraint ${c.kind}/${c.name} has no ConstraintTemplate defining kind ${c.kind} in the ${INPUT} files: add the template's file (the cluster has both).`
      )
    }
  }
  return into.index
}

const where = (at: PolicyLocation) => `${at.file}:${at.line}`

/**
 * Turns the stderr of a gator run that printed no report into an error naming the policy file:
 * gator names only the template or constraint. Undefined when the message is not one of those.
 */
export function explainGatorFailure(stderr: string, policies: PolicyIndex): Error | undefined {
  const template = /adding template "([^"]*)": ([^\n]*(?:\n\t[^\n]*)*)/.exec(stderr)
  if (template) {
    const at = policies.templates.get(template[1]!)
    return new ConfigurationError(
      `Input '${INPUT}': gator refused the ConstraintTemplate "${template[1]}"${at ? ` in ${where(at)}` : ''}: ${template[2]!.trim()}`
    )
  }
  const constraint = /adding constraint "([^"]*)": ([^\n]*)/.exec(stderr)
  if (constraint) {
    const at = [...policies.constraints.entries()].find(([key]) => key.endsWith(`/${constraint[1]}`))?.[1]
    return new ConfigurationError(
      `Input '${INPUT}': gator refused the constraint "${constraint[1]}"${at ? ` in ${where(at)}` : ''}: ${constraint[2]!.trim()}`
    )
  }
  const file = /(?:reading file|stat on path) "([^"]*)": ([^\n]*)/.exec(stderr)
  const policyFiles = new Set(
    [...policies.templates.values(), ...policies.constraints.values()].map(a => a.file)
  )
  if (file && policyFiles.has(file[1]!)) {
    return new ConfigurationError(`Input '${INPUT}': gator could not read ${file[1]}: ${file[2]!.trim()}`)
  }
  return undefined
}
