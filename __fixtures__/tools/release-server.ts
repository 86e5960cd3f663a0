/**
 * A local stand-in for GitHub release downloads, for the installer's unit tests. It listens on
 * 127.0.0.1 only, serves files registered by path, answers a release download with a 302 to a blob
 * URL like github.com does, counts every request, and can misbehave on demand (status codes with
 * Retry-After, connection resets, bodies cut short of their Content-Length).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One scripted answer for a path; scripted answers are used up in order, then the file is served. */
export type Misbehaviour = { status: number; retryAfter?: string } | { reset: true } | { truncateTo: number }

export class ReleaseServer {
  readonly requests: string[] = []
  private readonly files = new Map<string, Buffer>()
  private readonly scripts = new Map<string, Misbehaviour[]>()
  private server?: Server
  private port = 0

  /** Base URL to pass as `tool-mirror` (it stands where https://github.com would). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** Serves `body` at `/<owner>/<repo>/releases/download/<tag>/<name>`. */
  put(path: string, body: Buffer | string): void {
    this.files.set(path, Buffer.isBuffer(body) ? body : Buffer.from(body))
  }

  get(path: string): Buffer | undefined {
    return this.files.get(path)
  }

  remove(path: string): void {
    this.files.delete(path)
  }

  /** Makes the next requests for `path` misbehave, in order. */
  script(path: string, ...answers: Misbehaviour[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers])
  }

  /** Requests for release paths (redirect targets are not counted again). */
  count(path?: string): number {
    return path === undefined ? this.requests.length : this.requests.filter(p => p === path).length
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const blob = url.pathname.startsWith('/__blob/')
      const path = blob ? url.pathname.slice('/__blob'.length) : url.pathname
      if (!blob) {
        this.requests.push(path)
        const next = this.scripts.get(path)?.shift()
        if (next && 'status' in next) {
          res.statusCode = next.status
          if (next.retryAfter !== undefined) res.setHeader('retry-after', next.retryAfter)
          res.end(`scripted ${next.status}`)
          return
        }
        if (next && 'reset' in next) {
          req.socket.destroy()
          return
        }
        if (!this.files.has(path)) {
          res.statusCode = 404
          res.end('Not Found')
          return
        }
        if (next && 'truncateTo' in next) {
          const body = this.files.get(path)!
          res.setHeader('content-length', body.length)
          res.write(body.subarray(0, next.truncateTo))
          // End the socket without finishing the declared body: a cut-off transfer.
          setTimeout(() => req.socket.destroy(), 10)
          return
        }
        res.statusCode = 302
        res.setHeader('location', `/__blob${path}`)
        res.end()
        return
      }
      const body = this.files.get(path)
      if (!body) {
        res.statusCode = 404
        res.end('Not Found')
        return
      }
      res.setHeader('content-type', 'application/octet-stream')
      res.setHeader('content-length', body.length)
      res.end(body)
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server!.close(() => resolve()))
  }
}
