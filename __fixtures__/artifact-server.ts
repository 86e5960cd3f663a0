/**
 * A stand-in for the Actions results service's artifact API, as @actions/artifact 6.x speaks it
 * (node_modules/@actions/artifact/lib/internal/upload/upload-artifact.js, blob-upload.js and
 * shared/artifact-twirp-client.js), on 127.0.0.1, so tests run the real library end to end: it
 * reads the backend IDs from the runtime token, creates the artifact, zips and uploads it through
 * the Azure storage SDK's block upload, and finalizes it.
 *
 *   POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact
 *        {workflow_run_backend_id, workflow_job_run_backend_id, name, version, mime_type?}
 *        → {ok, signed_upload_url} | 409 already_exists (a name is unique per run)
 *   PUT  /blob/:id?sig=…&comp=block&blockid=…   (Azure Put Block)       → 201
 *   PUT  /blob/:id?sig=…&comp=blocklist          (Azure Put Block List)  → 201
 *   POST /twirp/…/FinalizeArtifact {…, name, size, hash: "sha256:…"} → {ok, artifact_id}
 *        | 400 when the size or hash differs from what was uploaded
 *
 * Every request must carry the runtime token (twirp calls as a bearer token, blob calls the
 * signature of their signed URL); `failCreate` answers CreateArtifact with a server error.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inflateRawSync } from 'node:zlib'

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'

interface StoredArtifact {
  id: number
  name: string
  runBackendId: string
  jobBackendId: string
  blocks: Map<string, Buffer>
  blob?: Buffer
  finalized: boolean
}

/** base64url without padding, as JWTs are written. */
const base64url = (text: string) => Buffer.from(text).toString('base64url')

export class ArtifactServer {
  private server?: Server
  private readonly stored: StoredArtifact[] = []
  /** Every request, "METHOD path" (query left out). */
  readonly requests: string[] = []
  /** Answer CreateArtifact with 500 (the library retries, then gives up). */
  failCreate = false
  port = 0
  runBackendId = 'c8bd5d2d-5cf3-4bd5-9e85-4a1f06c0a7f1'
  readonly jobBackendId = '4e1d0c6a-2b9e-5f2a-9d7e-0f3b8a6c5e21'

  /** Another workflow run: a new run ID in the token (take env() again), its own artifact names. */
  nextRun(): void {
    this.runBackendId = `c8bd5d2d-5cf3-4bd5-9e85-${String(this.stored.length).padStart(12, '0')}`
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`
  }

  /** A runtime token shaped like the runner's: a JWT whose scp claim names the run and job. */
  get token(): string {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))
    const claims = base64url(
      JSON.stringify({
        scp: `Actions.GenericRead:0 Actions.Results:${this.runBackendId}:${this.jobBackendId}`
      })
    )
    return `${header}.${claims}.c3RhbmQtaW4`
  }

  /** The environment the runner gives a step for artifacts, pointed at this server. */
  env(): Record<string, string> {
    return { ACTIONS_RUNTIME_TOKEN: this.token, ACTIONS_RESULTS_URL: this.url }
  }

  /** Finalized artifacts, in upload order. */
  artifacts(): Array<{ id: number; name: string; bytes: number }> {
    return this.stored.filter(a => a.finalized).map(a => ({ id: a.id, name: a.name, bytes: a.blob!.length }))
  }

  /** The files of a finalized artifact (the latest of that name), unzipped: name → content. */
  files(name: string): Map<string, string> {
    const artifact = this.stored.filter(a => a.finalized && a.name === name).at(-1)
    if (!artifact) throw new Error(`no finalized artifact named ${name}`)
    return unzip(artifact.blob!)
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch(error => res.writeHead(500).end(String(error)))
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
    if (req.method === 'POST' && url.pathname.startsWith(SERVICE)) {
      if (req.headers.authorization !== `Bearer ${this.token}`) return twirpError(res, 401, 'unauthenticated')
      const request = JSON.parse(body.toString('utf8')) as Record<string, unknown>
      const method = url.pathname.slice(SERVICE.length)
      if (method === 'CreateArtifact') return this.create(request, res)
      if (method === 'FinalizeArtifact') return this.finalize(request, res)
      return twirpError(res, 404, 'bad_route')
    }
    const blob = /^\/blob\/(\d+)$/.exec(url.pathname)
    if (req.method === 'PUT' && blob) return this.putBlob(Number(blob[1]), url, body, res)
    res.writeHead(404).end()
  }

  private create(request: Record<string, unknown>, res: ServerResponse): void {
    if (this.failCreate) return twirpError(res, 500, 'internal', 'the stand-in was told to fail')
    const { name } = request
    if (
      request.workflow_run_backend_id !== this.runBackendId ||
      request.workflow_job_run_backend_id !== this.jobBackendId
    )
      return twirpError(res, 400, 'invalid_argument', 'backend IDs do not match the runtime token')
    if (typeof name !== 'string' || name === '' || request.version !== 7)
      return twirpError(res, 400, 'invalid_argument', 'name and version 7 are required')
    if (this.stored.some(a => a.name === name && a.runBackendId === this.runBackendId))
      return twirpError(
        res,
        409,
        'already_exists',
        `an artifact with this name already exists on the workflow run`
      )
    const id = this.stored.length + 1
    this.stored.push({
      id,
      name,
      runBackendId: this.runBackendId,
      jobBackendId: this.jobBackendId,
      blocks: new Map(),
      finalized: false
    })
    json(res, 200, { ok: true, signed_upload_url: `${this.url}blob/${id}?sig=standin-signature-${id}` })
  }

  private putBlob(id: number, url: URL, body: Buffer, res: ServerResponse): void {
    const artifact = this.stored.find(a => a.id === id)
    if (!artifact || artifact.finalized || url.searchParams.get('sig') !== `standin-signature-${id}`)
      return void res.writeHead(403).end()
    const comp = url.searchParams.get('comp')
    if (comp === 'block') {
      artifact.blocks.set(url.searchParams.get('blockid') ?? '', body)
    } else if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map(
        m => m[1]!
      )
      if (ids.some(block => !artifact.blocks.has(block))) return void res.writeHead(400).end()
      artifact.blob = Buffer.concat(ids.map(block => artifact.blocks.get(block)!))
    } else {
      artifact.blob = body // Put Blob: the whole content in one request
    }
    res.writeHead(201, { etag: `"0x${id}"`, 'last-modified': new Date(0).toUTCString() }).end()
  }

  private finalize(request: Record<string, unknown>, res: ServerResponse): void {
    const artifact = this.stored.find(
      a => a.name === request.name && a.runBackendId === request.workflow_run_backend_id && !a.finalized
    )
    if (!artifact?.blob) return twirpError(res, 404, 'not_found', 'no uploaded artifact of this name')
    const hash = `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`
    if (
      request.size !== String(artifact.blob.length) ||
      (request.hash !== undefined && request.hash !== hash)
    )
      return twirpError(res, 400, 'invalid_argument', 'size or hash differs from the uploaded content')
    artifact.finalized = true
    json(res, 200, { ok: true, artifact_id: String(artifact.id) })
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
}

function twirpError(res: ServerResponse, status: number, code: string, msg = code): void {
  json(res, status, { code, msg })
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** The entries of a zip archive (stored or deflated, no zip64), read through its central directory. */
export function unzip(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('not a zip archive: no end of central directory')
  const count = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  const files = new Map<string, string>()
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry')
    const method = zip.readUInt16LE(at + 10)
    const compressed = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    const local = zip.readUInt32LE(at + 42)
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const raw = zip.subarray(data, data + compressed)
    if (!name.endsWith('/')) files.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'))
    at += 46 + skip
  }
  return files
}
