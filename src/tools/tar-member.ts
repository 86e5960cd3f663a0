/**
 * Reading one member of a gzipped tar archive as a stream, without writing anything: the check of a
 * cached tool hashes the archive and the member it holds in the same pass over the file.
 *
 * Enough of tar for release archives (goreleaser, GNU tar): 512-byte headers, ustar `prefix`,
 * GNU long names (`L`) and pax `path` records (`x`); any other entry is skipped by its size.
 */
import { createHash, webcrypto } from 'node:crypto'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
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

/** Where the wanted member's content goes, chunk by chunk. */
interface MemberSink {
  data(chunk: Buffer): Promise<void> | void
  end(): Promise<void> | void
}

/** Walks a tar stream's entries and hands the one wanted member's content to a sink. */
class MemberReader {
  private pending: Buffer = Buffer.alloc(0)
  /** Bytes left of the current entry's data, then of its padding to a 512-byte block. */
  private remaining = 0
  private padding = 0
  private kind: 'member' | 'skip' | 'longname' | 'pax' = 'skip'
  private meta: Buffer[] = []
  private nextName: string | undefined
  private ended = false
  /** Whether the member was found (and its content handed over in full). */
  found = false

  constructor(
    private readonly wanted: string,
    private readonly sink: MemberSink
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
    if (this.kind === 'member') await this.sink.data(data)
    else if (this.kind !== 'skip') this.meta.push(Buffer.from(data))
    if (this.remaining > 0) return false
    await this.entryDone()
    return true
  }

  private async entryDone(): Promise<void> {
    if (this.kind === 'member') {
      this.found = true
      await this.sink.end()
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
      this.kind = regular && !this.found && normalize(name) === this.wanted ? 'member' : 'skip'
    }
    this.remaining = size
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK
    if (size === 0) await this.entryDone()
  }
}

/** A sink that hashes the member and, when asked, writes it to a new file. */
function hashingSink(writeTo?: string): MemberSink & { digest?: string } {
  const hash = createHash('sha256')
  const out: WriteStream | undefined = writeTo
    ? createWriteStream(writeTo, { flags: 'wx', mode: 0o700 })
    : undefined
  const sink: MemberSink & { digest?: string } = {
    data: async chunk => {
      hash.update(chunk)
      if (out && !out.write(chunk)) await once(out, 'drain')
    },
    end: async () => {
      sink.digest = hash.digest('hex')
      if (out) await closed(out)
    }
  }
  return sink
}

/**
 * Hashes the gzipped tar `file` and the regular-file member `memberPath` in it, in one read, and
 * writes the member to `writeTo` (a new file) when asked. The archive's own digest is what proves
 * where the member came from.
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
  const sink = hashingSink(writeTo)
  const reader = new MemberReader(normalize(memberPath), sink)
  // Read to the end, past the tar's end marker: the archive's digest covers the whole file.
  for await (const chunk of gunzip) await reader.feed(chunk as Buffer)
  return { archive: archiveHash.digest('hex'), ...(sink.digest !== undefined ? { member: sink.digest } : {}) }
}

/** Whether a cached archive is the release's, and a cached executable exactly its member. */
export interface ArchiveCheck {
  /** SHA-256 of the archive file. */
  archive: string
  /** 'same': the executable's bytes are the member's; 'different'; or 'missing' from the archive. */
  member: 'same' | 'different' | 'missing'
}

/**
 * Checks a cached executable against the member of a cached gzipped tar: the archive is hashed (on
 * the thread pool, by WebCrypto) while it is decompressed (also on the thread pool) and the
 * member's bytes are compared with the executable's as they come. Comparing instead of hashing the
 * 168 MB executable and the 168 MB member leaves decompression as the only large cost.
 */
export async function checkTarGzMember(
  archiveFile: string,
  memberPath: string,
  executable: string
): Promise<ArchiveCheck> {
  const archive = await readFile(archiveFile)
  const digest = webcrypto.subtle.digest('SHA-256', archive)
  const handle = await open(executable, 'r')
  try {
    let offset = 0
    let same = true
    const buffer = Buffer.allocUnsafe(1 << 20)
    const sink: MemberSink = {
      data: async chunk => {
        for (let at = 0; same && at < chunk.length; at += buffer.length) {
          const part = chunk.subarray(at, at + buffer.length)
          const { bytesRead } = await handle.read(buffer, 0, part.length, offset + at)
          same = bytesRead === part.length && buffer.subarray(0, bytesRead).equals(part)
        }
        offset += chunk.length
      },
      // The executable must also end where the member does.
      end: async () => {
        same = same && (await handle.stat()).size === offset
      }
    }
    const reader = new MemberReader(normalize(memberPath), sink)
    for await (const chunk of Readable.from([archive]).pipe(createGunzip({ chunkSize: 1 << 20 })))
      await reader.feed(chunk as Buffer)
    const hex = Buffer.from(await digest).toString('hex')
    return { archive: hex, member: !reader.found ? 'missing' : same ? 'same' : 'different' }
  } finally {
    await handle.close()
  }
}
