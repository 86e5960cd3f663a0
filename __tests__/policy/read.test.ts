import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigurationError } from '../../src/errors.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { readPolicy } from '../../src/policy/read.js'

let workspace: string
beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'cg-policy-'))
})
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true })
})

describe('readPolicy', () => {
  it('without a policy file or input gives the built-in defaults', async () => {
    expect(await readPolicy(undefined, workspace)).toEqual(defaultPolicy())
    expect(await readPolicy('  ', workspace)).toEqual(defaultPolicy())
  })

  it('reads .github/container-gate.yml by default', async () => {
    await mkdir(path.join(workspace, '.github'))
    await writeFile(path.join(workspace, '.github/container-gate.yml'), 'ignore-unfixed: false\n')
    const p = await readPolicy('', workspace)
    expect(p.source).toBe('.github/container-gate.yml')
    expect(p.ignoreUnfixed).toBe(false)
  })

  it('reads the file the input names, and errors name it with its line', async () => {
    await mkdir(path.join(workspace, 'policies'))
    await writeFile(path.join(workspace, 'policies/gate.yml'), 'monitor:\n  fail-on-rebuild: maybe\n')
    await expect(readPolicy('policies/gate.yml', workspace)).rejects.toThrow(
      new ConfigurationError(
        'policies/gate.yml:2: monitor.fail-on-rebuild must be true or false, not "maybe"'
      )
    )
  })

  it('a missing explicit file is an error naming the input', async () => {
    await expect(readPolicy('policies/missing.yml', workspace)).rejects.toThrow(
      /^Input 'policy' names "policies\/missing.yml", which does not exist/
    )
  })

  it('adds the entries of Trivy ignore files after the policy file ones', async () => {
    await mkdir(path.join(workspace, '.github'))
    await writeFile(
      path.join(workspace, '.github/container-gate.yml'),
      'ignores:\n  - id: CVE-1\n    reason: r\n'
    )
    await writeFile(path.join(workspace, '.trivyignore'), 'CVE-2\n')
    await writeFile(path.join(workspace, '.trivyignore.yaml'), 'secrets:\n  - id: CVE-3\n')
    const p = await readPolicy(undefined, workspace)
    expect(p.ignores.map(i => `${i.id}@${i.source}`)).toEqual([
      'CVE-1@.github/container-gate.yml:2',
      'CVE-3@.trivyignore.yaml:2',
      'CVE-2@.trivyignore:1'
    ])
  })
})
