/**
 * The one read of files a pull request controls, on a real file system: links out of the workspace,
 * FIFOs, devices, directories and oversized files are refused quickly, with a reason and never the
 * content.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  READ_LIMITS,
  checkToolPath,
  formatBytes,
  readFileSafely,
  type ReadOptions
} from '../../src/workspace/safe-read.js'

let root: string
let workspace: string
let outside: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cg-safe-read-'))
  workspace = join(root, 'workspace')
  outside = join(root, 'runner-secrets')
  mkdirSync(workspace)
  mkdirSync(outside)
  writeFileSync(join(outside, 'token'), 'ghs_runnerSecretValue\n')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const repo = (maxBytes = 1024): ReadOptions => ({ workspace, maxBytes, scope: 'workspace' })
const given = (maxBytes = 1024): ReadOptions => ({ workspace, maxBytes, scope: 'given-path' })

describe('readFileSafely', () => {
  it('reads a regular file in the workspace', () => {
    writeFileSync(join(workspace, 'a.yml'), 'x: 1\n')
    expect(readFileSafely('a.yml', repo())).toMatchObject({ ok: true, text: 'x: 1\n', bytes: 5 })
    expect(readFileSafely('./sub/../a.yml', repo())).toMatchObject({ ok: true, text: 'x: 1\n' })
  })

  it('follows a link that stays inside the workspace', () => {
    writeFileSync(join(workspace, 'real.yml'), 'inside\n')
    symlinkSync('real.yml', join(workspace, 'link.yml'))
    expect(readFileSafely('link.yml', repo())).toMatchObject({ ok: true, text: 'inside\n' })
  })

  it('refuses a link to a file outside the workspace, without reading it or saying where it leads', () => {
    symlinkSync(join(outside, 'token'), join(workspace, 'policy.yml'))
    const result = readFileSafely('policy.yml', repo())
    expect(result).toMatchObject({ ok: false, problem: 'outside' })
    expect(JSON.stringify(result)).not.toContain('ghs_runnerSecretValue')
    expect(result.ok ? '' : result.detail).not.toContain(outside)
  })

  it('refuses a file under a linked directory that leads outside', () => {
    symlinkSync(outside, join(workspace, '.github'))
    expect(readFileSafely('.github/token', repo())).toMatchObject({ ok: false, problem: 'outside' })
  })

  it('refuses relative paths that climb out of the workspace', () => {
    expect(readFileSafely('../runner-secrets/token', repo())).toMatchObject({ ok: false, problem: 'outside' })
    expect(readFileSafely('../runner-secrets/token', given())).toMatchObject({
      ok: false,
      problem: 'outside'
    })
  })

  it('refuses a link to /dev/zero at once (it used to eat ~620 MB)', () => {
    symlinkSync('/dev/zero', join(workspace, '.trivyignore'))
    const started = Date.now()
    expect(readFileSafely('.trivyignore', repo())).toMatchObject({ ok: false, problem: 'outside' })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('refuses devices, directories and FIFOs, even where paths may lead anywhere', () => {
    expect(readFileSafely('/dev/zero', given(READ_LIMITS.report))).toMatchObject({
      ok: false,
      problem: 'not-regular',
      detail: 'is a device, not a file'
    })
    mkdirSync(join(workspace, 'reports'))
    expect(readFileSafely('reports', given())).toMatchObject({
      ok: false,
      problem: 'not-regular',
      detail: 'is a directory, not a file'
    })
    execFileSync('mkfifo', [join(workspace, 'pipe.json')])
    expect(readFileSafely('pipe.json', given())).toMatchObject({
      ok: false,
      problem: 'not-regular',
      detail: 'is a named pipe (FIFO), not a file'
    })
  })

  it('reads at most the limit, whatever size the file claims (/proc files say 0)', () => {
    writeFileSync(join(workspace, 'exact'), 'a'.repeat(1024))
    expect(readFileSafely('exact', repo(1024))).toMatchObject({ ok: true, bytes: 1024 })
    writeFileSync(join(workspace, 'big'), 'a'.repeat(1025))
    expect(readFileSafely('big', repo(1024))).toMatchObject({
      ok: false,
      problem: 'too-large',
      detail: 'is larger than the 1 KiB limit (not read)'
    })
    writeFileSync(join(workspace, 'bigger'), 'a'.repeat(4096))
    expect(readFileSafely('bigger', repo(1024))).toMatchObject({
      detail: 'is larger than the 1 KiB limit (4 KiB, not read)'
    })
    // /proc/self/environ reports size 0 and holds this process's environment.
    expect(readFileSafely('/proc/self/environ', given(16))).toMatchObject({ ok: false, problem: 'too-large' })
  })

  it('allows an absolute path outside the workspace only for paths the workflow gives', () => {
    const report = join(outside, 'token')
    expect(readFileSafely(report, given())).toMatchObject({ ok: true, text: 'ghs_runnerSecretValue\n' })
    expect(readFileSafely(report, repo())).toMatchObject({ ok: false, problem: 'outside' })
  })

  it('treats an absolute path inside the workspace as a repository file', () => {
    symlinkSync(join(outside, 'token'), join(workspace, 'r.json'))
    expect(readFileSafely(join(workspace, 'r.json'), given())).toMatchObject({
      ok: false,
      problem: 'outside'
    })
  })

  it('tells a missing file from a dangling link', () => {
    expect(readFileSafely('nope.yml', repo())).toMatchObject({ ok: false, problem: 'missing' })
    symlinkSync('gone.yml', join(workspace, 'dangling.yml'))
    expect(readFileSafely('dangling.yml', repo())).toMatchObject({ ok: false, problem: 'broken-link' })
    symlinkSync('loop2', join(workspace, 'loop1'))
    symlinkSync('loop1', join(workspace, 'loop2'))
    expect(readFileSafely('loop1', repo())).toMatchObject({ ok: false, problem: 'broken-link' })
  })

  it('works when the workspace itself is reached through a link', () => {
    const alias = join(root, 'alias')
    symlinkSync(workspace, alias)
    writeFileSync(join(workspace, 'a.yml'), 'ok\n')
    expect(readFileSafely('a.yml', { ...repo(), workspace: alias })).toMatchObject({ ok: true, text: 'ok\n' })
  })
})

describe('checkToolPath', () => {
  it('accepts a file or a directory that stays in the workspace, or a path the workflow gives elsewhere', () => {
    writeFileSync(join(workspace, 'app.tar'), 'tar')
    mkdirSync(join(workspace, 'oci'))
    expect(checkToolPath('app.tar', { workspace, scope: 'given-path' })).toMatchObject({ ok: true })
    expect(checkToolPath('oci', { workspace, scope: 'given-path' })).toMatchObject({ ok: true })
    expect(checkToolPath(join(outside, 'token'), { workspace, scope: 'given-path' })).toMatchObject({
      ok: true
    })
  })

  it('refuses links out of the workspace and devices', () => {
    symlinkSync('/dev/zero', join(workspace, 'zero.tar'))
    symlinkSync(outside, join(workspace, 'layout'))
    expect(checkToolPath('zero.tar', { workspace, scope: 'given-path' })).toMatchObject({
      ok: false,
      problem: 'outside'
    })
    expect(checkToolPath('layout', { workspace, scope: 'given-path' })).toMatchObject({
      ok: false,
      problem: 'outside'
    })
    expect(checkToolPath('/dev/zero', { workspace, scope: 'given-path' })).toMatchObject({
      ok: false,
      problem: 'not-regular',
      detail: 'is a device, not a file or directory'
    })
  })
})

describe('formatBytes', () => {
  it('says sizes the way the limits are written', () => {
    expect(formatBytes(READ_LIMITS.config)).toBe('1 MiB')
    expect(formatBytes(READ_LIMITS.source)).toBe('5 MiB')
    expect(formatBytes(READ_LIMITS.report)).toBe('500 MiB')
    expect(formatBytes(6.25 * 1024 * 1024)).toBe('6.3 MiB')
    expect(formatBytes(512)).toBe('512 bytes')
  })
})
