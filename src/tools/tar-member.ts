/**
 * Reading one member of a gzipped tar archive as a stream, without writing anything: the check of a
 * cached tool hashes the archive and the member it holds in the same pass over the file.
 *
 * Enough of tar for release archives (goreleaser, GNU tar): 512-byte headers, ustar `prefix`,
 * GNU long names (`L`) and pax `path` records (`x`); any other entry is skipped by its size.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'

const BLOCK = 512

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length)
  const end = raw.indexOf(0)
  return raw.subarray(0, end === -1 ? length : end).toString('utf8')
}

function octal(header: Buffer, start: number, length: number): number {
  const text = field(header, start, length).trim()
  if (!/^[0-7]*$/.test(text)) throw new Error('a tar header with a malformed size')
  return text === '' ? 0 : parseInt(text, 8)
}

/** A member path compared as tar lists it: without a leading `./`. */
function normalize(path: string): string {
  return path.replace(/^(\.\/)+/, '')
}

/** The `path` of a pax extended header, if it has one. */
function paxPath(data: Buffer): string | undefined {
  let at = 0
  while (at < data.length) {
    const space = data.indexOf(0x20, at)
    if (space === -1) break
    const length = Number(data.subarray(at, space).toString('ascii'))
    if (!Number.isInteger(length) || length <= 0) break
    const record = data.subarray(space + 1, at + length - 1).toString('utf8')
    if (record.startsWith('path=')) return record.slice('path='.length)
    at += length
  }
  return undefined
}

async function closed(out: WriteStream): Promise<void> {
  out.end()
  await finished(out)
}

export interface ArchiveDigests {
  /** SHA-256 of the archive file as it lies on disk. */
  archive: string
  /** SHA-256 of the member's content; undefined when the archive has no regular file by that name. */
  member?: string
}

/** Walks a tar stream's entries, hashing (and writing) the one wanted member's content. */
class MemberReader {
  private pending: Buffer = Buffer.alloc(0)
  /** Bytes left of the current entry's data, then of its padding to a 512-byte block. */
  private remaining = 0
  private padding = 0
  private kind: 'member' | 'skip' | 'longname' | 'pax' = 'skip'
  private meta: Buffer[] = []
  private nextName: string | undefined
  private hash: ReturnType<typeof createHash> | undefined
  private out: WriteStream | undefined
  private ended = false
  digest: string | undefined

  constructor(
    private readonly wanted: string,
    private readonly writeTo?: string
  ) {}

  async feed(chunk: Buffer): Promise<void> {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    while (!this.ended) {
      if (this.remaining > 0) {
        if (!(await this.data())) return
      } else if (this.padding > 0) {
        const take = Math.min(this.padding, this.pending.length)
        this.pending = this.pending.subarray(take)
        this.padding -= take
        if (this.padding > 0) return
      } else if (this.pending.length < BLOCK) return
      else await this.header()
    }
  }

  /** Consumes entry data; false when the chunk ran out first. */
  private async data(): Promise<boolean> {
    const take = Math.min(this.remaining, this.pending.length)
    if (take === 0) return false
    const data = this.pending.subarray(0, take)
    this.pending = this.pending.subarray(take)
    this.remaining -= take
    if (this.kind === 'member') {
      this.hash?.update(data)
      if (this.out && !this.out.write(data)) await once(this.out, 'drain')
    } else if (this.kind !== 'skip') this.meta.push(Buffer.from(data))
    if (this.remaining > 0) return false
    await this.entryDone()
    return true
  }

  private async entryDone(): Promise<void> {
    if (this.kind === 'member') {
      this.digest = this.hash!.digest('hex')
      if (this.out) await closed(this.out)
    }
    const meta = Buffer.concat(this.meta)
    if (this.kind === 'longname') this.nextName = field(meta, 0, meta.length)
    if (this.kind === 'pax') this.nextName = paxPath(meta) ?? this.nextName
    this.meta = []
  }

  private async header(): Promise<void> {
    const header = this.pending.subarray(0, BLOCK)
    this.pending = this.pending.subarray(BLOCK)
    if (header.every(b => b === 0)) {
      this.ended = true
      return
    }
    const size = octal(header, 124, 12)
    const type = String.fromCharCode(header[156] ?? 0)
    const prefix = field(header, 345, 155)
    const name = this.nextName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))
    if (type === 'L') this.kind = 'longname'
    else if (type === 'x') this.kind = 'pax'
    else {
      this.nextName = undefined
      const regular = type === '0' || type === '\0'
      this.kind = regular && this.digest === undefined && normalize(name) === this.wanted ? 'member' : 'skip'
      if (this.kind === 'member') {
        this.hash = createHash('sha256')
        if (this.writeTo) this.out = createWriteStream(this.writeTo, { flags: 'wx', mode: 0o700 })
      }
    }
    this.remaining = size
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK
    if (size === 0) await this.entryDone()
  }
}

/**
 * Hashes the gzipped tar `file` and the regular-file member `memberPath` in it, in one read, and
 * writes the member to `writeTo` (a new file) when asked. The archive's own digest is what proves
 * where the member came from; the member's is compared with the cached executable's.
 */
export async function tarGzDigests(
  file: string,
  memberPath: string,
  writeTo?: string
): Promise<ArchiveDigests> {
  const archiveHash = createHash('sha256')
  const source = createReadStream(file, { highWaterMark: 1 << 20 })
  source.on('data', chunk => archiveHash.update(chunk as Buffer))
  const gunzip = source.pipe(createGunzip({ chunkSize: 1 << 20 }))
  source.on('error', error => gunzip.destroy(error))
  const reader = new MemberReader(normalize(memberPath), writeTo)
  // Read to the end, past the tar's end marker: the archive's digest covers the whole file.
  for await (const chunk of gunzip) await reader.feed(chunk as Buffer)
  return {
    archive: archiveHash.digest('hex'),
    ...(reader.digest !== undefined ? { member: reader.digest } : {})
  }
}
