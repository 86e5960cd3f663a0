// The folder-level import graph of src/: prints it, and exits non-zero on an import that runs
// backwards through the pipeline (scripts/architecture.mjs), on a cycle between folders, or on a
// folder or top-level file that belongs to no layer. Run by npm test.
//
//   node scripts/import-graph.mjs [--root src] [--doc docs/ARCHITECTURE.md [--write]]
//
// A node is a folder (checks, checks/admission) or a file at the top of src/ (main.ts); an edge
// A -> B says a module in A imports one in B (type-only imports included: types flow forward too).
// With --doc, the graph printed in that file (between the import-graph markers) must be this one;
// --write updates it.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { ENTRIES, FOUNDATION, STAGES, UNITS, mayImport, unitOf } from './architecture.mjs'

function option(name) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}
const root = resolve(option('root') ?? 'src')
const doc = option('doc')

function sourceFiles(dir) {
  return readdirSync(dir).flatMap(name => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return name.endsWith('.ts') ? [full] : []
  })
}

const posix = path => path.split(sep).join('/')
/** The graph node of a file: its folder under src/, or the file's own name at the top. */
const nodeOf = rel => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : rel)

const problems = []
const edges = new Map()
for (const file of sourceFiles(root)) {
  const rel = posix(relative(root, file))
  if (!UNITS.includes(unitOf(rel))) problems.push(`src/${rel} belongs to no layer (scripts/architecture.mjs)`)
  const from = nodeOf(rel)
  if (!edges.has(from)) edges.set(from, new Set())
  const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles
  for (const { fileName } of imports) {
    if (!fileName.startsWith('.')) continue
    const target = posix(relative(root, resolve(dirname(file), fileName.replace(/\.js$/, '.ts'))))
    if (target.startsWith('..')) continue
    const to = nodeOf(target)
    if (to === from) continue
    edges.get(from).add(to)
    if (!mayImport(unitOf(rel), unitOf(target)))
      problems.push(
        `backwards: src/${rel} imports ${fileName}: ${unitOf(rel)} comes before ${unitOf(target)} in the pipeline`
      )
  }
}

/** Tarjan's strongly connected components: any with more than one node is a cycle. */
function cycles() {
  let index = 0
  const found = []
  const state = new Map()
  const stack = []
  const visit = node => {
    state.set(node, { index, low: index, onStack: true })
    index++
    stack.push(node)
    for (const next of edges.get(node) ?? []) {
      if (!state.has(next)) {
        visit(next)
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low)
      } else if (state.get(next).onStack)
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index)
    }
    if (state.get(node).low === state.get(node).index) {
      const component = []
      let member
      do {
        member = stack.pop()
        state.get(member).onStack = false
        component.push(member)
      } while (member !== node)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const node of edges.keys()) if (!state.has(node)) visit(node)
  return found
}
for (const cycle of cycles()) problems.push(`cycle between folders: ${cycle.join(' <-> ')}`)

const order = [...FOUNDATION, ...STAGES, ...ENTRIES]
const rank = node => {
  const i = order.indexOf(unitOf(node))
  return i < 0 ? order.length : i
}
const byLayer = (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)
const graph = [...edges.keys()]
  .sort(byLayer)
  .map(node => `${node} -> ${[...edges.get(node)].sort(byLayer).join(', ') || '(nothing)'}`)
  .join('\n')

process.stdout.write(`${graph}\n`)
const START = '<!-- import-graph:start (node scripts/import-graph.mjs --doc docs/ARCHITECTURE.md --write) -->'
const END = '<!-- import-graph:end -->'
if (doc) {
  const text = readFileSync(doc, 'utf8')
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  const block = `${START}\n\n\`\`\`text\n${graph}\n\`\`\`\n\n${END}`
  if (a < 0 || b < a) problems.push(`${doc} has no import-graph markers`)
  else if (text.slice(a, b + END.length) !== block) {
    if (process.argv.includes('--write'))
      writeFileSync(doc, text.slice(0, a) + block + text.slice(b + END.length))
    else problems.push(`${doc} shows another graph: run node scripts/import-graph.mjs --doc ${doc} --write`)
  }
}
if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`import-graph: ${problem}\n`)
  process.exit(1)
}
process.stderr.write('import-graph: no cycle, no backwards import\n')
