// Writes the inputs/outputs tables of README.md from action.yml (between the INPUTS markers), so
// the README and the contract cannot drift. `--check` exits non-zero when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8'))
const cell = text =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|')
const rows = [
  '## Inputs',
  '',
  '| input | default | description |',
  '|---|---|---|',
  ...Object.entries(action.inputs).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.default === '' ? '_empty_' : `\`${cell(i.default).replace(/`/g, "'")}\``} | ${cell(i.description)} |`
  ),
  '',
  '## Outputs',
  '',
  '| output | description |',
  '|---|---|',
  ...Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`)
]
const start = '<!-- INPUTS:START (generated from action.yml by scripts/readme-table.mjs) -->'
const end = '<!-- INPUTS:END -->'
const readme = readFileSync('README.md', 'utf8')
const block = `${start}\n${rows.join('\n')}\n${end}`
const next = readme.includes(start)
  ? readme.replace(new RegExp(`${escape(start)}[\\s\\S]*?${escape(end)}`), block)
  : readme.replace('<!-- INPUTS -->', block)
function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error(
      "README.md's inputs/outputs tables differ from action.yml: run 'node scripts/readme-table.mjs'."
    )
    process.exit(1)
  }
  console.log('README tables match action.yml.')
} else {
  writeFileSync('README.md', next)
}
