/**
 * The action's own installer against the release mirror: a warm tool cache means no download, a
 * tampered asset means no install, and no scan reaches past the local services.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { expectSoundReports } from './helpers/checks.js'
import { e2eEnv, mirrorRequests, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()
const scanInputs = () => ({
  image: env.fixtures.images['alpine-clean']!.reference,
  dockerfile: 'Dockerfile',
  'config-path': '.'
})

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name).slice(dir.length + 1))
}

describe('tool installation through tool-mirror', () => {
  it('downloads Trivy and hadolint once; a second run on the same runner downloads nothing', async () => {
    const ns = namespace('warm')
    const first = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...scanInputs() }
    })
    expect(first.outputs.verdict ?? transcript(first)).toMatch(/^(pass|fail)$/)
    await expectSoundReports(first)
    const afterFirst = (await mirrorRequests(env, ns)).requests
    expect(Object.keys(afterFirst)).toEqual(
      expect.arrayContaining([
        '/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz',
        '/hadolint/hadolint/releases/download/v2.15.1/hadolint-linux-x86_64'
      ])
    )
    expect(filesUnder(first.dirs.toolCache)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(container-gate-)?trivy\/0\.74\.0\/x64\/trivy$/),
        expect.stringMatching(/^(container-gate-)?hadolint\/2\.15\.1\/x64\/hadolint$/)
      ])
    )

    const second = await runAction(env, {
      mirrorNamespace: ns,
      reuse: first.dirs,
      inputs: { ...offlineInputs(env, ns), ...scanInputs() }
    })
    await expectSoundReports(second)
    expect(second.outputs.verdict).toBe(first.outputs.verdict)
    expect((await mirrorRequests(env, ns)).requests).toEqual(afterFirst)
  })

  it('fails closed on a tampered asset: non-zero exit, a message naming the digest mismatch, nothing cached or run', async () => {
    const ns = namespace('tampered')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), ...scanInputs() }
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.outputs.verdict).not.toBe('pass')
    const errors = r.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/SHA-256 mismatch for \S+/)]))
    // The mirror served the tampered assets...
    expect(Object.keys((await mirrorRequests(env, ns)).requests).length).toBeGreaterThan(0)
    // ...but none of them was ever executed, and the tool cache holds no tool.
    expect((await mirrorRequests(env, ns)).executed).toEqual([])
    expect(filesUnder(r.dirs.toolCache)).toEqual([])
  })

  it('keeps every scan on the local registry and mirror: no connection leaves the machine', async () => {
    // A proxy that records and refuses: Trivy honours HTTPS_PROXY, so any request for its checks
    // bundle, a version check, telemetry or a public DB would show up here.
    const attempts: string[] = []
    const proxy = createServer((req, res) => {
      attempts.push(`${req.method} ${req.url}`)
      res.statusCode = 502
      res.end()
    })
    proxy.on('connect', (req, socket) => {
      attempts.push(`CONNECT ${req.url}`)
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')
    })
    await new Promise<void>(done => proxy.listen(0, '127.0.0.1', done))
    const address = proxy.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const ns = namespace('offline')
      const url = `http://127.0.0.1:${port}`
      const r = await runAction(env, {
        mirrorNamespace: ns,
        inputs: { ...offlineInputs(env, ns), ...scanInputs() },
        env: {
          HTTPS_PROXY: url,
          HTTP_PROXY: url,
          https_proxy: url,
          http_proxy: url,
          NO_PROXY: '127.0.0.1,localhost',
          no_proxy: '127.0.0.1,localhost'
        }
      })
      expect(r.outputs.verdict ?? transcript(r)).toMatch(/^(pass|fail)$/)
      await expectSoundReports(r)
      expect(attempts).toEqual([])
    } finally {
      await new Promise(done => proxy.close(done))
    }
  })
})
