// scripts/workflow-lint/lint.mjs finds the workflows the documentation shows by their ```yaml
// fences; a fence it misread would silently take a README example out of the linters' sight.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
// @ts-expect-error -- plain ESM script, no type declarations
import { yamlBlocks } from '../scripts/workflow-lint/lint.mjs'

interface Block {
  line: number
  text: string
}
const blocks = (markdown: string): Block[] => yamlBlocks(markdown)

describe('yamlBlocks', () => {
  it('returns each yaml/yml block with the line its content starts on', () => {
    const md = [
      '# t',
      '```yaml',
      'a: 1',
      '```',
      'text',
      '~~~~yml',
      'b: |',
      '  ```',
      '~~~~',
      '```sh',
      'c',
      '```'
    ].join('\n')
    expect(blocks(md)).toEqual([
      { line: 3, text: 'a: 1\n' },
      { line: 7, text: 'b: |\n  ```\n' }
    ])
  })

  it('refuses an unclosed fence instead of linting half a block', () => {
    expect(() => blocks('```yaml\non: push\n')).toThrow(/unclosed ```yaml block at line 1/)
  })

  it("finds the README's workflows, each line where the README has it", () => {
    const readme = readFileSync('README.md', 'utf8')
    const lines = readme.split('\n')
    const workflows = blocks(readme).filter(b => 'jobs' in (parse(b.text) ?? {}))
    expect(workflows.length).toBeGreaterThanOrEqual(1)
    for (const b of workflows) expect(lines[b.line - 1]).toBe(b.text.split('\n')[0])
  })
})
