// The pipeline's layers: the one list eslint.config.js (no-restricted-imports per folder),
// scripts/import-graph.mjs (npm test) and docs/ARCHITECTURE.md are held to.
//
// A unit is a folder at the top of src/ or a file there. A stage may import the foundation and its
// own or earlier stages, never a later one; the foundation imports only the foundation; the entry
// points import anything and nothing but an entry point imports them.

/** Imported by any stage; imports no stage. */
export const FOUNDATION = [
  'errors.ts',
  'log.ts',
  'invisible.ts',
  'runner-state.ts',
  'workflow-commands.ts',
  'v8-heap.ts',
  'findings',
  'oci',
  'kube'
]

/** The pipeline, in order. */
export const STAGES = [
  'inputs',
  'workspace',
  'tools',
  'scanners',
  'checks',
  'policy',
  'sign',
  'report',
  'github',
  'fleet'
]

/** What the runner runs: dispatch, the main step (and what it leaves behind), the fleet modes' step, the post step. */
export const ENTRIES = ['index.ts', 'main.ts', 'deliver.ts', 'fleet-main.ts', 'post.ts']

export const UNITS = [...FOUNDATION, ...STAGES, ...ENTRIES]

/** The top-level unit of a path relative to src/ ('checks/admission/rules.ts' -> 'checks'). */
export function unitOf(relativePath) {
  const [first] = relativePath.split('/')
  return first
}

/** The units `unit` must not import, in pipeline order. */
export function forbiddenFor(unit) {
  if (ENTRIES.includes(unit)) return []
  if (FOUNDATION.includes(unit)) return [...STAGES, ...ENTRIES]
  const stage = STAGES.indexOf(unit)
  if (stage < 0) throw new Error(`src/${unit} is in no layer of scripts/architecture.mjs`)
  return [...STAGES.slice(stage + 1), ...ENTRIES]
}

/** Whether a module of `from` may import one of `to`. */
export function mayImport(from, to) {
  return !forbiddenFor(from).includes(to)
}
