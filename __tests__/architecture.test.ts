/**
 * The pipeline's order is enforced, not only written down: the lint rule refuses an import that
 * runs backwards (so no folder cycle can pass it either), and scripts/import-graph.mjs fails on a
 * backwards edge, on a cycle between folders and on a folder in no layer.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'
// @ts-expect-error: the project's ESLint configuration is plain JavaScript
import config from '../eslint.config.js'
// @ts-expect-error: the layer list is plain JavaScript, shared with the lint rule and the script
import { ENTRIES, FOUNDATION, STAGES } from '../scripts/architecture.mjs'

const ROOT = resolve(process.cwd())
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config })

/** The no-restricted-imports messages for a module at `file` (relative to src/) importing `specifier`. */
async function refusals(file: string, specifier: string): Promise<string[]> {
  const code = `import * as imported from '${specifier}'\nexport const used = imported\n`
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'src', file) })
  return result!.messages.filter(m => m.ruleId === 'no-restricted-imports').map(m => m.message)
}

/** How a module in `from` (a folder, or a file at the top of src/) names a module of `to`. */
function place(unit: string): { file: string; prefix: string } {
  return unit.endsWith('.ts') ? { file: unit, prefix: './' } : { file: `${unit}/x.ts`, prefix: '../' }
}
const target = (unit: string) => (unit.endsWith('.ts') ? unit.replace(/\.ts$/, '.js') : `${unit}/y.js`)

describe('the lint rule keeps imports flowing forward', () => {
  it('refuses a deliberately backwards import: the policy importing the GitHub client', async () => {
    expect(await refusals('policy/x.ts', '../github/client.js')).toEqual([
      "'../github/client.js' import is restricted from being used by a pattern. src/policy may import only the foundation and its own or earlier stages: sign, report, github, fleet, index.ts, main.ts, deliver.ts, fleet-main.ts, post.ts come after it (docs/ARCHITECTURE.md)."
    ])
    expect(await refusals('checks/admission/x.ts', '../../report/sarif.js')).toHaveLength(1)
    expect(await refusals('findings/x.ts', '../inputs/read.js')).toHaveLength(1)
    expect(await refusals('errors.ts', './main.js')).toHaveLength(1)
  })

  it('accepts the forward import of the same pair', async () => {
    expect(await refusals('github/x.ts', '../policy/types.js')).toEqual([])
    expect(await refusals('checks/base-images/x.ts', '../../inputs/read.js')).toEqual([])
    expect(await refusals('main.ts', './github/publish.js')).toEqual([])
  })

  it('refuses one side of every possible cycle between two folders', async () => {
    const units: string[] = [...FOUNDATION, ...STAGES, ...ENTRIES]
    const open: string[] = []
    for (const a of units)
      for (const b of units) {
        if (a >= b || (ENTRIES.includes(a) && ENTRIES.includes(b))) continue
        const there = await refusals(place(a).file, place(a).prefix + target(b))
        const back = await refusals(place(b).file, place(b).prefix + target(a))
        if (there.length === 0 && back.length === 0) open.push(`${a} <-> ${b}`)
      }
    // Between foundation modules a cycle is left to scripts/import-graph.mjs (tested below).
    expect(open.filter(pair => !pair.split(' <-> ').every(u => FOUNDATION.includes(u)))).toEqual([])
  })
})

describe('scripts/import-graph.mjs', () => {
  let tree: string | undefined
  afterEach(() => {
    if (tree) rmSync(tree, { recursive: true, force: true })
    tree = undefined
  })

  function graph(files: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
    tree = mkdtempSync(join(tmpdir(), 'cg-graph-'))
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true })
      writeFileSync(join(tree, path), text)
    }
    const run = spawnSync(process.execPath, ['scripts/import-graph.mjs', '--root', tree], {
      encoding: 'utf8'
    })
    return { status: run.status, stdout: run.stdout, stderr: run.stderr }
  }

  it('prints the graph and passes when imports flow forward', () => {
    const r = graph({
      'errors.ts': 'export class E {}\n',
      'policy/types.ts': "import { E } from '../errors.js'\nexport type T = E\n",
      'github/alerts.ts': "import type { T } from '../policy/types.js'\nexport type A = T\n"
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('errors.ts -> (nothing)\npolicy -> errors.ts\ngithub -> policy\n')
  })

  it('fails on a backwards import', () => {
    const r = graph({
      'policy/types.ts': "import { client } from '../github/client.js'\nexport const c = client\n",
      'github/client.ts': 'export const client = 1\n'
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'backwards: src/policy/types.ts imports ../github/client.js: policy comes before github in the pipeline'
    )
  })

  it('fails on a cycle between folders, even where the layers allow both edges', () => {
    const r = graph({
      'findings/model.ts': "import { p } from '../oci/platform.js'\nexport const m = p\n",
      'oci/platform.ts':
        "import type { M } from '../findings/model.js'\nexport const p = 1\nexport type X = M\n",
      'checks/run.ts': "import { r } from './admission/rules.js'\nexport const run = r\n",
      'checks/admission/rules.ts': "import { run } from '../run.js'\nexport const r = run\n"
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('cycle between folders: findings <-> oci')
    expect(r.stderr).toContain('cycle between folders: checks <-> checks/admission')
  })

  it('fails on a folder that belongs to no layer', () => {
    const r = graph({ 'helpers/x.ts': 'export const x = 1\n' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('src/helpers/x.ts belongs to no layer')
  })

  it('passes on the real tree, and docs/ARCHITECTURE.md shows its graph', () => {
    const run = spawnSync(process.execPath, ['scripts/import-graph.mjs', '--doc', 'docs/ARCHITECTURE.md'], {
      encoding: 'utf8'
    })
    expect(run.stderr).toBe('import-graph: no cycle, no backwards import\n')
    expect(run.status).toBe(0)
  })
})
