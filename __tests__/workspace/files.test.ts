/**
 * Finding and reading the repository's Dockerfiles and manifests on a real file system: nothing a
 * pull request can do with links, sizes or file types makes a file disappear from the checks.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { runChecks } from '../../src/checks/run.js'
import { readableFiles } from '../../src/workspace/sources.js'
import type { BuildSettings } from '../../src/checks/base-images/read.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import type { Policy } from '../../src/policy/types.js'
import { listFiles } from '../../src/workspace/files.js'

let root: string
let workspace: string
let outside: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cg-collect-'))
  workspace = join(root, 'workspace')
  outside = join(root, 'outside')
  mkdirSync(join(workspace, 'k8s'), { recursive: true })
  mkdirSync(outside)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
const BUILD: BuildSettings = { platforms: [AMD64], buildPlatform: AMD64, buildArgs: new Map() }

function allowOnly(pattern: string): Policy {
  const policy = defaultPolicy()
  policy.baseImages = { allow: [pattern], requireDigest: false }
  return policy
}

describe('listFiles', () => {
  it('lists links to files wherever they lead, and does not walk linked directories', async () => {
    writeFileSync(join(workspace, 'build.txt'), 'FROM evil.example/base:1\n')
    symlinkSync('build.txt', join(workspace, 'Dockerfile'))
    writeFileSync(join(outside, 'pod.yaml'), 'kind: Pod\n')
    symlinkSync(join(outside, 'pod.yaml'), join(workspace, 'k8s/pod.yaml'))
    symlinkSync('missing.yaml', join(workspace, 'k8s/dangling.yaml'))
    symlinkSync(outside, join(workspace, 'linked-dir'))
    expect(await listFiles(workspace)).toEqual([
      'Dockerfile',
      'build.txt',
      'k8s/dangling.yaml',
      'k8s/pod.yaml'
    ])
  })

  it('refuses a tree larger than it lists rather than leave files unchecked (it used to stop silently)', async () => {
    for (const name of ['a', 'b', 'c']) writeFileSync(join(workspace, name), '')
    await expect(listFiles(workspace, 3)).resolves.toHaveLength(3)
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM evil.example/base:1\n')
    await expect(listFiles(workspace, 3)).rejects.toThrow(
      /^The workspace holds more than 3 files outside \.git and node_modules, .* it stops rather than leave some unchecked/
    )
  })
})

describe('runChecks', () => {
  it('checks a Dockerfile hidden behind a link inside the repository', async () => {
    writeFileSync(join(workspace, 'build.txt'), 'FROM evil.example/base:1\n')
    symlinkSync('build.txt', join(workspace, 'Dockerfile'))
    const files = await listFiles(workspace)
    expect(files).toContain('Dockerfile')
    const checks = await runChecks(
      [],
      allowOnly('docker.io/library/alpine:*'),
      workspace,
      {
        dockerfiles: ['Dockerfile'],
        manifests: []
      },
      BUILD
    )
    expect(checks.findings.map(f => `${f.ruleId} ${f.file}:${f.startLine}`)).toEqual([
      'CG-BASE-IMAGE-NOT-ALLOWED Dockerfile:1'
    ])
  })

  it('reports what it could not read as CG-NOT-CHECKED, with the reason, instead of dropping it', async () => {
    writeFileSync(join(workspace, 'Dockerfile'), `FROM evil.example/base:1\n${'# padding\n'.repeat(600_000)}`)
    writeFileSync(join(outside, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\n')
    symlinkSync(join(outside, 'pod.yaml'), join(workspace, 'k8s/pod.yaml'))
    const checks = await runChecks(
      [],
      allowOnly('docker.io/library/alpine:*'),
      workspace,
      {
        dockerfiles: ['Dockerfile'],
        manifests: ['k8s/pod.yaml'],
        linted: true
      },
      BUILD
    )
    expect(checks.findings.filter(f => f.ruleId === 'CG-NOT-CHECKED').map(f => f.message)).toEqual([
      'k8s/pod.yaml was not checked by the admission rules: it is a symbolic link (or lies under one) that leads outside the workspace',
      'Dockerfile was not checked by hadolint and the base-image check: it is larger than the 5 MiB limit (5.7 MiB, not read)'
    ])
  })
})

describe('readableFiles', () => {
  it('keeps only what the safe read accepts, for tools that open files themselves', async () => {
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM alpine:3.20\n')
    writeFileSync(join(workspace, 'base.txt'), 'FROM alpine:3.20\n')
    symlinkSync('base.txt', join(workspace, 'Dockerfile.inside'))
    symlinkSync('/dev/zero', join(workspace, 'Dockerfile.zero'))
    writeFileSync(join(outside, 'Dockerfile'), 'FROM alpine:3.20\n')
    symlinkSync(join(outside, 'Dockerfile'), join(workspace, 'Dockerfile.outside'))
    const files = await listFiles(workspace)
    expect(files).toEqual([
      'Dockerfile',
      'Dockerfile.inside',
      'Dockerfile.outside',
      'Dockerfile.zero',
      'base.txt'
    ])
    expect(
      readableFiles(
        workspace,
        files.filter(f => f.startsWith('Dockerfile'))
      )
    ).toEqual(['Dockerfile', 'Dockerfile.inside'])
  })
})
