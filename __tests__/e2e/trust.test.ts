/**
 * What the gate trusts, end to end with the real Trivy: the Trivy DB cache saved by the post step
 * (through the real @actions/cache and a cache service stand-in), also after a cancelled step;
 * nothing on PATH runs; one image given twice is scanned and counted once; a repository file that
 * links out of the workspace is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { CacheServer } from '../../__fixtures__/cache-server.js'
import { expectSoundReports } from './helpers/checks.js'
import { e2eEnv, namespace, offlineInputs, runAction, transcript, type RunResult } from './helpers/harness.js'

const env = e2eEnv()
const image = (name: string) => env.fixtures.images[name]!
const imageOnly = { dockerfile: '', 'config-path': '' }
const cache = new CacheServer()
const dbKey = `container-gate-trivy-db-linux-${new Date().toISOString().slice(0, 10)}`

/** Trivy's cache dir in a run: the DB is complete once metadata.json carries DownloadedAt. */
function downloadedAt(dirs: RunResult['dirs']): string | undefined {
  const file = join(dirs.temp, 'container-gate-trivy-cache', 'db', 'metadata.json')
  try {
    const at = (JSON.parse(readFileSync(file, 'utf8')) as { DownloadedAt?: string }).DownloadedAt
    return at && !at.startsWith('0001-') ? at : undefined
  } catch {
    return undefined
  }
}

beforeAll(() => cache.start())
afterAll(() => cache.stop())

describe('Trivy DB cache, saved by the post step', () => {
  it('saves after the gate, in the post step only; the next run restores it without the registry', async () => {
    const ns = namespace('dbcache')
    const first = await runAction(env, {
      mirrorNamespace: ns,
      env: cache.env(),
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: image('debian-vuln').reference }
    })
    expect(first.outputs.verdict ?? transcript(first)).toBe('fail')
    await expectSoundReports(first)
    expect(first.stdout).not.toContain('Trivy DB cache: saved')
    expect(first.post?.exitCode ?? transcript(first)).toBe(0)
    expect(first.post!.stdout).toContain(`Trivy DB cache: saved ${dbKey}.`)
    expect(cache.committed()).toContain(dbKey)

    // The next job on a fresh runner (same paths, no DB), with the DB registry unreachable.
    rmSync(join(first.dirs.temp, 'container-gate-trivy-cache'), { recursive: true, force: true })
    const second = await runAction(env, {
      mirrorNamespace: ns,
      reuse: first.dirs,
      env: cache.env(),
      inputs: {
        ...offlineInputs(env, ns),
        ...imageOnly,
        'trivy-db-repository': '127.0.0.1:1/aquasec/trivy-db:2',
        image: image('debian-vuln').reference
      }
    })
    expect(second.stdout).toContain(`Trivy DB cache: restored ${dbKey}.`)
    expect(second.outputs.verdict ?? transcript(second)).toBe('fail')
    expect(second.outputs['blocking-count']).toBe('1')
    expect(second.post!.stdout).toContain(`Trivy DB cache: not saved, ${dbKey} was restored unchanged.`)
  })

  it('still saves the DB when the step is killed mid-scan (a cancelled or timed-out job)', async () => {
    // A registry that accepts connections and never answers: Trivy downloads its DB, then waits on
    // the image until the harness kills the step.
    const sockets: Socket[] = []
    const hanging: Server = createServer(socket => sockets.push(socket))
    await new Promise<void>(resolve => hanging.listen(0, '127.0.0.1', resolve))
    const port = (hanging.address() as { port: number }).port
    try {
      const ns = namespace('dbcancel')
      const r = await runAction(env, {
        mirrorNamespace: ns,
        env: cache.env(),
        inputs: { ...offlineInputs(env, ns), ...imageOnly, image: `127.0.0.1:${port}/hangs/app:1` },
        killWhen: dirs => downloadedAt(dirs) !== undefined
      })
      expect(r.killed ? 'killed' : transcript(r)).toBe('killed')
      expect(r.state['trivy-db-cache']).toBeDefined()
      expect(r.post?.exitCode ?? transcript(r)).toBe(0)
      expect(r.post!.stdout).toMatch(
        /Trivy DB cache: saved container-gate-trivy-db-linux-\d{4}-\d{2}-\d{2}\./
      )
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => hanging.close(() => resolve()))
    }
  })
})

describe('tools on PATH', () => {
  it('never runs a trivy or hadolint found on PATH: both come verified from the mirror', async () => {
    const ns = namespace('pathtools')
    const bin = join(env.runDir, `${ns}-bin`)
    const marker = join(env.runDir, `${ns}-ran`)
    mkdirSync(bin)
    for (const tool of ['trivy', 'hadolint']) {
      // Answers like the real tool would, and leaves a marker whenever it runs.
      const script = `#!/bin/sh\necho "${tool} $*" >> '${marker}'\necho 'Version: 0.74.0'\necho 'Haskell Dockerfile Linter 2.15.1'\n`
      writeFileSync(join(bin, tool), script)
      chmodSync(join(bin, tool), 0o755)
    }
    const r = await runAction(env, {
      mirrorNamespace: ns,
      env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` },
      inputs: { ...offlineInputs(env, ns), 'config-path': '', image: image('alpine-clean').reference }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('pass')
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : 'never ran').toBe('never ran')
    expect(r.stdout).toMatch(/trivy 0\.74\.0: downloaded and verified/)
    expect(r.stdout).toMatch(/hadolint 2\.15\.1: downloaded and verified/)
  })
})

describe('inputs given twice, files outside the workspace', () => {
  it('scans an image given twice once and counts its CVE once', async () => {
    const ns = namespace('twice')
    const ref = image('debian-vuln').reference
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: `${ref}\n${ref}` }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.outputs).toMatchObject({ 'blocking-count': '1', critical: '1' })
    expect(r.stdout.split('\n').filter(l => l.includes('scanned once'))).toEqual([
      `Input 'image': ${JSON.stringify(ref)} is given twice; scanned once.`
    ])
    expect(r.stdout.split('\n').filter(l => l.startsWith(`trivy image ${ref}: `))).toHaveLength(1)
  })

  it('refuses a .trivyignore that links outside the workspace, without reading it', async () => {
    const ns = namespace('trivyignore-link')
    const secret = join(env.runDir, `${ns}-secret`)
    writeFileSync(secret, 'ghs_e2eOutsideSecretValue\n')
    const linked = await runAction(env, {
      mirrorNamespace: ns,
      links: { '.trivyignore': secret },
      inputs: { ...offlineInputs(env, ns), ...imageOnly, image: image('alpine-clean').reference }
    })
    expect(linked.exitCode).not.toBe(0)
    const errors = linked.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors).toEqual([
      '.trivyignore is a symbolic link (or lies under one) that leads outside the workspace. container-gate reads repository files only inside the workspace, so a pull request cannot make it read the runner’s files.'
    ])
    expect(linked.stdout).not.toContain('ghs_e2eOutsideSecretValue')
  })

  it('never hands hadolint a Dockerfile that links to /dev/zero or out of the workspace, and says it was not checked', async () => {
    const ns = namespace('dockerfile-links')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      links: { 'Dockerfile.zero': '/dev/zero', 'docker/Dockerfile': '/etc/hostname' },
      inputs: { ...offlineInputs(env, ns), 'config-path': '' },
      timeoutMs: 120_000
    })
    // What could not be read is not checked, and that blocks (CG-NOT-CHECKED), never a silent pass.
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    const errors = r.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Dockerfile\.zero was not checked by hadolint: it is a symbolic link \(or lies under one\) that leads outside the workspace/
        ),
        expect.stringMatching(
          /^docker\/Dockerfile was not checked by hadolint: it is a symbolic link \(or lies under one\) that leads outside the workspace/
        )
      ])
    )
    expect(r.stdout).toMatch(/^hadolint Dockerfiles \(1\): \d+ findings in \d+\.\d s\.$/m)
  })
})
