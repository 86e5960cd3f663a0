import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DEFAULT_RETRY,
  PermanentDownloadError,
  TransientDownloadError,
  backoffDelay,
  downloadWithRetry,
  httpGet,
  isRetryableStatus,
  isTransient,
  sha256File
} from '../../src/tools/download.js'

let server: Server
let base: string
let work: string
let hits: string[]

async function serve(handler: RequestListener): Promise<void> {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    handler(req, res)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cg-dl-'))
  hits = []
})

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()))
  rmSync(work, { recursive: true, force: true })
})

describe('httpGet', () => {
  it('follows relative and absolute redirects', async () => {
    await serve((req, res) => {
      if (req.url === '/a') res.writeHead(302, { location: '/b' }).end()
      else if (req.url === '/b') res.writeHead(301, { location: `${base}/c` }).end()
      else res.writeHead(200, { 'content-length': '5' }).end('hello')
    })
    const dest = join(work, 'out')
    // The body is hashed as it arrives: sha256('hello').
    expect(await httpGet(`${base}/a`, dest, { maxBytes: 100 })).toEqual({
      status: 200,
      sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
    })
    expect(readFileSync(dest, 'utf8')).toBe('hello')
    expect(hits).toEqual(['/a', '/b', '/c'])
  })

  it('stops after ten redirects', async () => {
    await serve((req, res) => res.writeHead(302, { location: `/loop${hits.length}` }).end())
    await expect(httpGet(`${base}/loop`, join(work, 'out'), { maxBytes: 100 })).rejects.toThrow(
      /more than 10 redirects/
    )
  })

  it('reports Retry-After in seconds, from a number or an HTTP date', async () => {
    await serve((req, res) => {
      const retryAfter = req.url === '/n' ? '7' : new Date(Date.now() + 60_000).toUTCString()
      res.writeHead(429, { 'retry-after': retryAfter }).end()
    })
    expect(await httpGet(`${base}/n`, join(work, 'x'), { maxBytes: 100 })).toEqual({
      status: 429,
      retryAfterSeconds: 7
    })
    const dated = await httpGet(`${base}/d`, join(work, 'y'), { maxBytes: 100 })
    expect(dated.retryAfterSeconds).toBeGreaterThan(50)
    expect(dated.retryAfterSeconds).toBeLessThanOrEqual(61)
    expect(existsSync(join(work, 'x'))).toBe(false)
  })

  it('refuses a body over the size cap, announced or not', async () => {
    await serve((req, res) => {
      if (req.url === '/announced') res.writeHead(200, { 'content-length': '1000' }).end('x'.repeat(1000))
      else {
        res.writeHead(200)
        res.end('y'.repeat(1000))
      }
    })
    await expect(httpGet(`${base}/announced`, join(work, 'a'), { maxBytes: 10 })).rejects.toBeInstanceOf(
      PermanentDownloadError
    )
    await expect(httpGet(`${base}/chunked`, join(work, 'b'), { maxBytes: 10 })).rejects.toBeInstanceOf(
      PermanentDownloadError
    )
    expect(existsSync(join(work, 'a')) || existsSync(join(work, 'b'))).toBe(false)
  })

  it('treats a body shorter than its Content-Length as transient, leaving no file', async () => {
    await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('short')
      setTimeout(() => res.socket?.destroy(), 10)
    })
    const attempt = httpGet(`${base}/t`, join(work, 't'), { maxBytes: 1000 })
    await expect(attempt).rejects.toBeInstanceOf(TransientDownloadError)
    expect(existsSync(join(work, 't'))).toBe(false)
  })
})

describe('downloadWithRetry', () => {
  it('does not retry an oversize body', async () => {
    await serve((_req, res) => res.writeHead(200, { 'content-length': '1000' }).end('x'.repeat(1000)))
    const sleeps: number[] = []
    await expect(
      downloadWithRetry(`${base}/big`, join(work, 'big'), 10, {
        http: httpGet,
        sleep: async ms => void sleeps.push(ms),
        retry: DEFAULT_RETRY,
        debug: () => undefined
      })
    ).rejects.toThrow(
      `Could not download ${base}/big: 1000 bytes announced, more than the 10-byte limit (after 1 attempt).`
    )
    expect(sleeps).toEqual([])
    expect(hits).toHaveLength(1)
  })
})

describe('retry policy', () => {
  it('backs off exponentially, honours Retry-After and caps the delay', () => {
    const policy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 }
    expect([1, 2, 3, 4, 5, 6].map(n => backoffDelay(n, policy))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000
    ])
    expect(backoffDelay(1, policy, 5)).toBe(5000)
    expect(backoffDelay(3, policy, 1)).toBe(4000)
    expect(backoffDelay(1, policy, 3600)).toBe(30000)
  })

  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 410].some(isRetryableStatus)).toBe(false)
  })

  it('treats resets and timeouts as transient', () => {
    expect(isTransient(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true)
    expect(isTransient(new Error('Request timeout: /x'))).toBe(true)
    expect(isTransient(new PermanentDownloadError('too big'))).toBe(false)
    expect(isTransient(new Error('certificate has expired'))).toBe(false)
  })
})

describe('sha256File', () => {
  it('hashes what is on disk', async () => {
    await serve((_req, res) => res.end('abc'))
    const file = join(work, 'abc')
    await httpGet(`${base}/abc`, file, { maxBytes: 10 })
    expect(await sha256File(file)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})
