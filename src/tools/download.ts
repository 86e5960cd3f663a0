/**
 * Downloading release files: one HTTP attempt behind a small interface (so tests can count or
 * replace it), and the retry policy around it. Retries cover what is worth retrying — 408, 429,
 * 5xx, connection resets and truncated bodies — with exponential backoff through an injected sleep;
 * anything else fails at once. The final error always names the URL.
 *
 * The default attempt uses @actions/http-client, which honours the runner's proxy settings
 * (HTTPS_PROXY / NO_PROXY, needed on many self-hosted and GHES runners), follows GitHub's redirect
 * to its object store, and refuses HTTPS→HTTP redirects.
 */
import { createHash, webcrypto } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { readFile, rm, stat } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ToolError, messageOf } from '../errors.js'

/** What one GET attempt produced. The body is on disk at `dest` only when status is 200. */
interface HttpAttempt {
  status: number
  /** Seconds from a Retry-After header, when the server sent one. */
  retryAfterSeconds?: number
  /** SHA-256 of the body as it was written (status 200), hashed while it arrived. */
  sha256?: string
}

interface HttpGetOptions {
  /** Bytes above which the body is refused (and the attempt fails, without retry). */
  maxBytes: number
}

/**
 * One GET of `url` into the new file `dest`. Resolves with the status for any HTTP answer; rejects
 * for transport failures (reset, timeout, a body shorter than its Content-Length), leaving no file.
 */
export type HttpGet = (url: string, dest: string, options: HttpGetOptions) => Promise<HttpAttempt>

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number
  /** Delay before the first retry; doubles each retry. */
  baseDelayMs: number
  /** Upper bound on any single delay, Retry-After included. */
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 }

/** A transport failure worth another try (connection reset, timeout, truncated body). */
export class TransientDownloadError extends Error {
  override readonly name = 'TransientDownloadError'
}

/** A failure the same server would repeat (a body over the size cap, a refused redirect): not retried. */
export class PermanentDownloadError extends Error {
  override readonly name = 'PermanentDownloadError'
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET'
])

export function isTransient(error: unknown): boolean {
  if (error instanceof TransientDownloadError) return true
  if (error instanceof PermanentDownloadError) return false
  const code = (error as { code?: unknown } | undefined)?.code
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true
  const message = messageOf(error)
  return /socket hang up|aborted|Request timeout|premature close/i.test(message)
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599)
}

/** The delay before retry number `retry` (1-based): base·2^(retry-1), or Retry-After, capped. */
export function backoffDelay(retry: number, policy: RetryPolicy, retryAfterSeconds?: number): number {
  const exponential = policy.baseDelayMs * 2 ** (retry - 1)
  const wanted =
    retryAfterSeconds !== undefined ? Math.max(retryAfterSeconds * 1000, exponential) : exponential
  return Math.min(wanted, policy.maxDelayMs)
}

export interface DownloadDeps {
  http: HttpGet
  sleep: (ms: number) => Promise<void>
  retry: RetryPolicy
  debug: (message: string) => void
}

/**
 * Downloads `url` to `dest` with retries; the SHA-256 of what was written (hashed while it arrived,
 * so the file is not read again). Throws a ToolError naming the URL, the last failure and the
 * number of tries when it gives up.
 */
export async function downloadWithRetry(
  url: string,
  dest: string,
  maxBytes: number,
  deps: DownloadDeps
): Promise<string> {
  const attempts = Math.max(1, deps.retry.attempts)
  for (let attempt = 1; ; attempt++) {
    let outcome: HttpAttempt
    try {
      outcome = await deps.http(url, dest, { maxBytes })
    } catch (error) {
      await rm(dest, { force: true })
      if (isTransient(error) && attempt < attempts) {
        const delay = backoffDelay(attempt, deps.retry)
        deps.debug(`GET ${url} failed (${messageOf(error)}); retry ${attempt}/${attempts - 1} in ${delay} ms`)
        await deps.sleep(delay)
        continue
      }
      throw new ToolError(`Could not download ${url}: ${messageOf(error)} (${tries(attempt)}).`)
    }
    if (outcome.status === 200) return outcome.sha256 ?? (await sha256File(dest))
    await rm(dest, { force: true })
    if (isRetryableStatus(outcome.status) && attempt < attempts) {
      const delay = backoffDelay(attempt, deps.retry, outcome.retryAfterSeconds)
      deps.debug(
        `GET ${url} answered HTTP ${outcome.status}; retry ${attempt}/${attempts - 1} in ${delay} ms`
      )
      await deps.sleep(delay)
      continue
    }
    if (outcome.status === 404) {
      throw new ToolError(
        `Could not download ${url}: HTTP 404 Not Found. Check that this release and asset exist ` +
          `(and, with tool-mirror, that the mirror holds them).`
      )
    }
    throw new ToolError(`Could not download ${url}: HTTP ${outcome.status} (${tries(attempt)}).`)
  }
}

function tries(n: number): string {
  return n === 1 ? 'after 1 attempt' : `after ${n} attempts`
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (text === undefined) return undefined
  if (/^\d{1,6}$/.test(text.trim())) return Number(text.trim())
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

const USER_AGENT = 'container-gate'

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 10

/**
 * The real attempt: streams the body to disk, enforcing the size cap and Content-Length. Redirects
 * are followed here rather than by http-client, which cannot resolve a relative Location; an
 * HTTPS→HTTP redirect is refused.
 */
export const httpGet: HttpGet = async (url, dest, { maxBytes }) => {
  // Loaded here, not at the top: http-client brings undici, which a run that needs no download
  // (every tool cached, or a bad input refused) should not compile and evaluate.
  const { HttpClient } = await import('@actions/http-client')
  const client = new HttpClient(USER_AGENT, [], {
    allowRetries: false,
    allowRedirects: false,
    socketTimeout: 120_000
  })
  try {
    let current = url
    for (let hop = 0; ; hop++) {
      const message = (await client.get(current)).message
      const status = message.statusCode ?? 0
      const location = message.headers.location
      if (REDIRECTS.has(status) && location) {
        message.resume()
        if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`)
        const next = new URL(location, current)
        if (new URL(current).protocol === 'https:' && next.protocol !== 'https:') {
          throw new PermanentDownloadError(
            `refusing a redirect from https to ${next.protocol} (${next.origin})`
          )
        }
        current = next.toString()
        continue
      }
      if (status !== 200) {
        message.resume()
        return { status, retryAfterSeconds: parseRetryAfter(message.headers['retry-after']) }
      }
      return { status, sha256: await saveBody(message, dest, maxBytes) }
    }
  } finally {
    client.dispose()
  }
}

/** Streams the body to `dest` within the size cap; its SHA-256, computed on the way. */
async function saveBody(message: IncomingMessage, dest: string, maxBytes: number): Promise<string> {
  const declared = message.headers['content-length']
  const expected = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined
  if (expected !== undefined && expected > maxBytes) {
    message.destroy()
    throw new PermanentDownloadError(`${expected} bytes announced, more than the ${maxBytes}-byte limit`)
  }
  let received = 0
  const hash = createHash('sha256')
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length
      hash.update(chunk)
      if (received > maxBytes) callback(new PermanentDownloadError(`more than the ${maxBytes}-byte limit`))
      else callback(null, chunk)
    }
  })
  try {
    await pipeline(message, counter, createWriteStream(dest, { flags: 'wx', mode: 0o600 }))
  } catch (error) {
    await rm(dest, { force: true })
    if (error instanceof PermanentDownloadError) throw error
    throw new TransientDownloadError(`transfer interrupted after ${received} bytes (${messageOf(error)})`)
  }
  if (expected !== undefined && received !== expected) {
    await rm(dest, { force: true })
    throw new TransientDownloadError(`truncated body: ${received} of ${expected} bytes`)
  }
  return hash.digest('hex')
}

/**
 * SHA-256 of a file on disk. Up to 256 MiB it is read whole and hashed by WebCrypto on the thread
 * pool, so several files (the tools a run checks) are hashed in parallel; larger ones are streamed.
 */
export async function sha256File(path: string): Promise<string> {
  if ((await stat(path)).size <= 256 * 1024 * 1024) {
    const digest = await webcrypto.subtle.digest('SHA-256', await readFile(path))
    return Buffer.from(digest).toString('hex')
  }
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
