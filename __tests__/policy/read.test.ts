import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
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

  describe('files outside the workspace, and files that are not files', () => {
    let outside: string
    beforeEach(async () => {
      outside = await mkdtemp(path.join(tmpdir(), 'cg-policy-outside-'))
      // A runner file with a value a policy error would quote.
      await writeFile(path.join(outside, 'secret.yml'), 'monitor:\n  fail-on-rebuild: ghs_outsideSecret\n')
    })
    afterEach(async () => {
      await rm(outside, { recursive: true, force: true })
    })

    it('refuses a .github/container-gate.yml that links outside, without echoing what is there', async () => {
      await mkdir(path.join(workspace, '.github'))
      await symlink(path.join(outside, 'secret.yml'), path.join(workspace, '.github/container-gate.yml'))
      const attempt = readPolicy(undefined, workspace)
      await expect(attempt).rejects.toThrow(ConfigurationError)
      await expect(attempt).rejects.toThrow(
        /^\.github\/container-gate\.yml is a symbolic link \(or lies under one\) that leads outside the workspace\./
      )
      await expect(attempt).rejects.not.toThrow(/ghs_outsideSecret/)
    })

    it('refuses a .github directory that links outside', async () => {
      await symlink(outside, path.join(workspace, '.github'))
      await writeFile(path.join(outside, 'container-gate.yml'), 'ignore-unfixed: false\n')
      await expect(readPolicy(undefined, workspace)).rejects.toThrow(/leads outside the workspace/)
    })

    it.each(['.trivyignore', '.trivyignore.yaml'])('refuses a %s that links outside', async name => {
      await symlink(path.join(outside, 'secret.yml'), path.join(workspace, name))
      await expect(readPolicy(undefined, workspace)).rejects.toThrow(
        new RegExp(`^\\${name} is a symbolic link .* leads outside the workspace`)
      )
    })

    it('refuses a .trivyignore linked to /dev/zero at once', async () => {
      await symlink('/dev/zero', path.join(workspace, '.trivyignore'))
      await expect(readPolicy(undefined, workspace)).rejects.toThrow(/^\.trivyignore is a symbolic link/)
    })

    it('refuses a FIFO instead of waiting on it forever', async () => {
      execFileSync('mkfifo', [path.join(workspace, '.trivyignore')])
      await expect(readPolicy(undefined, workspace)).rejects.toThrow(
        /^\.trivyignore is a named pipe \(FIFO\), not a file\.$/
      )
    })

    it('refuses a policy input that names a directory, naming the input', async () => {
      await mkdir(path.join(workspace, 'policies'))
      await expect(readPolicy('policies', workspace)).rejects.toThrow(
        /^Input 'policy': "policies" is a directory, not a file\.$/
      )
    })

    it('refuses an ignore file over 1 MiB', async () => {
      await writeFile(
        path.join(workspace, '.trivyignore.yaml'),
        `# ${'x'.repeat(1024 * 1024)}\nvulnerabilities: []\n`
      )
      await expect(readPolicy(undefined, workspace)).rejects.toThrow(
        /^\.trivyignore\.yaml is larger than the 1 MiB limit \(not read\)\.$/
      )
    })

    it('reads a policy the workflow names by an absolute path outside the workspace', async () => {
      await writeFile(path.join(outside, 'org-policy.yml'), 'ignore-unfixed: false\n')
      const p = await readPolicy(path.join(outside, 'org-policy.yml'), workspace)
      expect(p.ignoreUnfixed).toBe(false)
      await expect(readPolicy('../org-policy.yml', workspace)).rejects.toThrow(
        /^Input 'policy': "\.\.\/org-policy\.yml" is outside the workspace\./
      )
    })

    it('follows a link that stays in the repository', async () => {
      await mkdir(path.join(workspace, '.github'))
      await writeFile(path.join(workspace, 'shared-policy.yml'), 'ignore-unfixed: false\n')
      await symlink('../shared-policy.yml', path.join(workspace, '.github/container-gate.yml'))
      expect((await readPolicy(undefined, workspace)).ignoreUnfixed).toBe(false)
    })
  })
})

describe('the files a pull request can change that decide what blocks (README, Security)', () => {
  it('a .trivyignore the pull request adds ignores a CVE even beside a policy read from outside the workspace', async () => {
    const trusted = await mkdtemp(path.join(tmpdir(), 'cg-policy-trusted-'))
    try {
      await writeFile(path.join(trusted, 'policy.yml'), 'version: 1\n')
      await writeFile(path.join(workspace, '.trivyignore'), 'CVE-2019-18224\n')
      const p = await readPolicy(path.join(trusted, 'policy.yml'), workspace)
      expect(p.ignores).toEqual([expect.objectContaining({ id: 'CVE-2019-18224', source: '.trivyignore:1' })])
    } finally {
      await rm(trusted, { recursive: true, force: true })
    }
  })
})
