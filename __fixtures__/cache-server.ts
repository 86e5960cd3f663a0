/**
 * A stand-in for the Actions cache service (the v1 REST protocol @actions/cache speaks when
 * ACTIONS_CACHE_URL is set: node_modules/@actions/cache/lib/internal/cacheHttpClient.js), on
 * 127.0.0.1, so tests run the real library end to end: it tars, uploads in chunks, commits,
 * looks entries up by key and prefix, and downloads them.
 *
 *   GET   _apis/artifactcache/cache?keys=k1,k2&version=v  → 200 {cacheKey, archiveLocation} | 204
 *   POST  _apis/artifactcache/caches {key, version}       → 201 {cacheId} | 409 (key taken)
 *   PATCH _apis/artifactcache/caches/:id (Content-Range)  → 204
 *   POST  _apis/artifactcache/caches/:id {size}           → 204 | 400 (size mismatch)
 *   GET   /archive/:id                                    → the archive
 *
 * `refuseReservations` makes every reservation fail as the service does when a repository is over
 * its cache quota (400 with a message), to test what the library returns then.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Entry {
  id: number
  key: string
  version: string
  chunks: Array<{ start: number; data: Buffer }>
  archive?: Buffer
}

export class CacheServer {
  private server?: Server
  private readonly entries: Entry[] = []
  /** Every request, "METHOD path" (for assertions on what the library did). */
  readonly requests: string[] = []
  refuseReservations = false
  port = 0

  get url(): string {
    return `http://127.0.0.1:${this.port}/`
  }

  /** Keys of the entries committed so far, in order. */
  committed(): string[] {
    return this.entries.filter(e => e.archive).map(e => e.key)
  }

  /** The environment that points @actions/cache at this server (v1 protocol). */
  env(): Record<string, string> {
    return { ACTIONS_CACHE_URL: this.url, ACTIONS_RUNTIME_TOKEN: 'cache-standin-token' }
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch(error => {
        res.writeHead(500).end(String(error))
      })
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server!.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    this.requests.push(`${req.method} ${url.pathname}`)
    const body = await readBody(req)
    const json = (status: number, value?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(value === undefined ? undefined : JSON.stringify(value))
    }
    const api = url.pathname.replace(/^\/_apis\/artifactcache\//, '')
    const archive = /^\/archive\/(\d+)$/.exec(url.pathname)
    const byId = /^caches\/(\d+)$/.exec(api)
    if (req.method === 'GET' && archive) {
      const entry = this.entries.find(e => e.id === Number(archive[1]) && e.archive)
      if (!entry) return json(404)
      res.writeHead(200, { 'content-length': entry.archive!.length })
      res.end(entry.archive)
    } else if (req.method === 'GET' && api === 'cache') {
      const hit = this.lookup(
        (url.searchParams.get('keys') ?? '').split(','),
        url.searchParams.get('version') ?? ''
      )
      if (!hit) return json(204)
      json(200, {
        cacheKey: hit.key,
        scope: 'refs/heads/main',
        archiveLocation: `${this.url}archive/${hit.id}`
      })
    } else if (req.method === 'POST' && api === 'caches') {
      const { key, version } = JSON.parse(body.toString('utf8')) as { key: string; version: string }
      if (this.refuseReservations)
        return json(400, { message: 'Cache storage quota exceeded for this repository.' })
      if (this.entries.some(e => e.key === key && e.version === version))
        return json(409, { message: `Cache already exists. Scope: refs/heads/main, Key: ${key}` })
      const entry: Entry = { id: this.entries.length + 1, key, version, chunks: [] }
      this.entries.push(entry)
      json(201, { cacheId: entry.id })
    } else if (byId && (req.method === 'PATCH' || req.method === 'POST')) {
      const entry = this.entries.find(e => e.id === Number(byId[1]))
      if (!entry || entry.archive) return json(404)
      if (req.method === 'PATCH') {
        const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(req.headers['content-range']))
        if (!range || Number(range[2]) - Number(range[1]) + 1 !== body.length) return json(400)
        entry.chunks.push({ start: Number(range[1]), data: body })
        return json(204)
      }
      const { size } = JSON.parse(body.toString('utf8')) as { size: number }
      const archiveBytes = Buffer.concat(entry.chunks.sort((a, b) => a.start - b.start).map(c => c.data))
      if (archiveBytes.length !== size) return json(400, { message: 'size mismatch' })
      entry.archive = archiveBytes
      json(204)
    } else {
      json(404)
    }
  }

  /** The service's matching: each key in order, exact first, then the newest entry it prefixes. */
  private lookup(keys: string[], version: string): Entry | undefined {
    const ready = this.entries.filter(e => e.archive && e.version === version)
    for (const key of keys) {
      const exact = ready.find(e => e.key === key)
      if (exact) return exact
      const prefixed = ready.filter(e => e.key.startsWith(key)).at(-1)
      if (prefixed) return prefixed
    }
    return undefined
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
