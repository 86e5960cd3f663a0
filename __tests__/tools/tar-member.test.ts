// One member of a gzipped tar, hashed (and written) in one read: checked on archives made by the
// system's GNU tar in each header format release archives use.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkTarGzMember, tarGzDigests } from '../../src/tools/tar-member.js'

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

function archive(format: string, files: Array<[string, Buffer]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-tar-'))
  const src = join(dir, 'src')
  for (const [name, body] of files) {
    mkdirSync(join(src, name, '..'), { recursive: true })
    writeFileSync(join(src, name), body)
  }
  const out = join(dir, 'a.tar.gz')
  execFileSync('tar', [`--format=${format}`, '-czf', out, '-C', src, ...files.map(([n]) => n)])
  return out
}

const body = Buffer.alloc(70_000, 7)
const LONG = `${'deep/'.repeat(25)}trivy`

describe('tarGzDigests', () => {
  it.each(['gnu', 'ustar', 'pax'])(
    'finds the member among others (%s) and hashes the whole archive',
    format => {
      const file = archive(format, [
        ['LICENSE', Buffer.from('license')],
        ['contrib/html.tpl', Buffer.from('x'.repeat(513))],
        ['trivy', body]
      ])
      return tarGzDigests(file, 'trivy').then(d => {
        expect(d).toEqual({ archive: sha(readFileSync(file)), member: sha(body) })
      })
    }
  )

  it.each(['gnu', 'pax'])('reads a name longer than 100 characters (%s)', async format => {
    const file = archive(format, [[LONG, body]])
    expect((await tarGzDigests(file, LONG)).member).toBe(sha(body))
  })

  it('matches ./-prefixed names and writes the member when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-tar-'))
    writeFileSync(join(dir, 'gator'), body)
    const file = join(dir, 'g.tar.gz')
    execFileSync('tar', ['-czf', file, '-C', dir, './gator'])
    const dest = join(dir, 'out')
    expect((await tarGzDigests(file, 'gator', dest)).member).toBe(sha(body))
    expect(readFileSync(dest).equals(body)).toBe(true)
  })

  it('has no member digest when the archive does not hold it, and fails on a file that is not gzip', async () => {
    const file = archive('gnu', [['other', body]])
    expect(await tarGzDigests(file, 'trivy')).toEqual({ archive: sha(readFileSync(file)) })
    const notGzip = join(mkdtempSync(join(tmpdir(), 'cg-tar-')), 'x.tar.gz')
    writeFileSync(notGzip, 'not an archive')
    await expect(tarGzDigests(notGzip, 'trivy')).rejects.toThrow(/header/)
  })
})

describe('checkTarGzMember', () => {
  it('says whether an executable is byte for byte the member, and hashes the archive', async () => {
    const big = Buffer.alloc(3 << 20, 1)
    big[(2 << 20) + 5] = 9
    const file = archive('gnu', [
      ['LICENSE', Buffer.from('license')],
      ['trivy', big]
    ])
    const dir = mkdtempSync(join(tmpdir(), 'cg-tar-'))
    const candidate = (name: string, body: Buffer) => {
      writeFileSync(join(dir, name), body)
      return join(dir, name)
    }
    const same = await checkTarGzMember(file, 'trivy', candidate('same', big))
    expect(same).toEqual({ archive: sha(readFileSync(file)), member: 'same' })
    const flipped = Buffer.from(big)
    flipped[(2 << 20) + 5] = 8
    expect((await checkTarGzMember(file, 'trivy', candidate('flipped', flipped))).member).toBe('different')
    const longer = Buffer.concat([big, Buffer.from('x')])
    expect((await checkTarGzMember(file, 'trivy', candidate('longer', longer))).member).toBe('different')
    expect((await checkTarGzMember(file, 'trivy', candidate('shorter', big.subarray(1)))).member).toBe(
      'different'
    )
    expect((await checkTarGzMember(file, 'gator', candidate('other', big))).member).toBe('missing')
  })
})
