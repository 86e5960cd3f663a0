import { DEFAULT_TOOL_VERSIONS } from '../../src/inputs/tool-versions.js'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { ToolError } from '../../src/errors.js'
import { CATALOG } from '../../src/tools/catalog.js'
import { MAX_CHECKSUM_FILE_BYTES, digestFor, parseChecksumFile } from '../../src/tools/checksums.js'
import { PINNED_DIGESTS } from '../../src/tools/pinned.js'

const fixture = (name: string): string =>
  readFileSync(resolve(process.cwd(), '__fixtures__/tools/checksums', name), 'utf8')
const shared = { file: 'checksums.txt', perAsset: false }

describe('goreleaser format (trivy, cosign)', () => {
  it('reads trivy_<v>_checksums.txt', () => {
    const text = fixture('trivy_0.74.0_checksums.txt')
    expect(digestFor(text, 'trivy_0.74.0_Linux-64bit.tar.gz', shared)).toBe(
      '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a'
    )
    expect(digestFor(text, 'trivy_0.74.0_windows-64bit.zip', shared)).toBe(
      '94c40e0696e4b907a74b7b2e1438d5d72ebaca83115817407f568a002d520842'
    )
  })

  it('reads cosign_checksums.txt', () => {
    const text = fixture('cosign-3.1.3-cosign_checksums.txt')
    expect(digestFor(text, 'cosign-linux-arm64', shared)).toBe(
      'c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a'
    )
  })
})

describe('sha256sum -b format (hadolint)', () => {
  it('reads checksums.sha256 (2.15+) with `hash *file` lines', () => {
    const text = fixture('hadolint-2.15.1-checksums.sha256')
    expect(digestFor(text, 'hadolint-windows-x86_64.exe', shared)).toBe(
      '01d927294962b5387f9ead4f18679158452be4f17c765ad0bdffe5264b9c7b0a'
    )
  })

  it('reads a per-asset <asset>.sha256 (up to 2.14)', () => {
    const text = fixture('hadolint-2.12.0-hadolint-Linux-x86_64.sha256')
    const source = CATALOG.hadolint.checksums('2.12.0', 'hadolint-Linux-x86_64')
    expect(digestFor(text, 'hadolint-Linux-x86_64', source)).toBe(
      '56de6d5e5ec427e17b74fa48d51271c7fc0d61244bf5c90e828aab8362d55010'
    )
  })

  it('accepts a bare digest only in a per-asset file', () => {
    const bare = `${'AB'.repeat(32)}\n`
    expect(digestFor(bare, 'hadolint-Linux-x86_64', { file: 'x.sha256', perAsset: true })).toBe(
      'ab'.repeat(32)
    )
    expect(() => digestFor(bare, 'hadolint-Linux-x86_64', shared)).toThrow(
      /no SHA-256 line for hadolint-Linux-x86_64/
    )
  })

  it('refuses a per-asset file that names another asset', () => {
    const text = `${'1'.repeat(64)} *hadolint-Darwin-x86_64\n`
    expect(() => digestFor(text, 'hadolint-Linux-x86_64', { file: 'x.sha256', perAsset: true })).toThrow(
      /names hadolint-Darwin-x86_64, not hadolint-Linux-x86_64/
    )
  })
})

describe('./-prefixed format (gator)', () => {
  it('reads what gatekeeper’s `find . | sort | xargs sha256sum` writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-sums-'))
    try {
      writeFileSync(join(dir, 'gator-v3.23.0-linux-amd64.tar.gz'), 'linux')
      writeFileSync(join(dir, 'gator-v3.23.0-darwin-arm64.tar.gz'), 'darwin')
      const text = execFileSync('sh', ['-c', "find . -type f -name '*.tar.gz' | sort | xargs sha256sum"], {
        cwd: dir,
        encoding: 'utf8'
      })
      expect(text).toMatch(/^[0-9a-f]{64} {2}\.\/gator-v3\.23\.0-darwin-arm64\.tar\.gz$/m)
      const linux = digestFor(text, 'gator-v3.23.0-linux-amd64.tar.gz', {
        file: 'sha256sums.txt',
        perAsset: false
      })
      const expected = execFileSync('sha256sum', ['gator-v3.23.0-linux-amd64.tar.gz'], {
        cwd: dir,
        encoding: 'utf8'
      })
      expect(linux).toBe(expected.slice(0, 64))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('defensive parsing', () => {
  it('fails closed when the asset has no line, naming the file and the asset', () => {
    const text = fixture('trivy_0.74.0_checksums.txt')
    const source = { file: 'trivy_0.74.0_checksums.txt', perAsset: false }
    expect(() => digestFor(text, 'trivy_0.74.0_FreeBSD-64bit.tar.gz', source)).toThrow(ToolError)
    expect(() => digestFor(text, 'trivy_0.74.0_FreeBSD-64bit.tar.gz', source)).toThrow(
      'Checksum file trivy_0.74.0_checksums.txt has no SHA-256 line for trivy_0.74.0_FreeBSD-64bit.tar.gz'
    )
  })

  it('refuses two different digests for one asset', () => {
    const text = `${'1'.repeat(64)}  a.tar.gz\n${'2'.repeat(64)}  ./a.tar.gz\n`
    expect(() => digestFor(text, 'a.tar.gz', shared)).toThrow(/two different digests/)
  })

  it('does not match on a name that merely contains the asset name', () => {
    const text = `${'1'.repeat(64)}  evil-cosign-linux-amd64\n${'2'.repeat(64)}  cosign-linux-amd64.sig\n`
    expect(() => digestFor(text, 'cosign-linux-amd64', shared)).toThrow(/no SHA-256 line/)
  })

  it('ignores malformed lines and accepts CRLF', () => {
    const text = `garbage\n${'3'.repeat(63)}  short\n${'4'.repeat(64)}  good.zip\r\n`
    expect([...parseChecksumFile(text).entries()]).toEqual([['good.zip', '4'.repeat(64)]])
  })

  it('refuses an oversized file', () => {
    const big = 'x'.repeat(MAX_CHECKSUM_FILE_BYTES + 1)
    expect(() => digestFor(big, 'a', shared)).toThrow(/larger than/)
  })

  it('round-trips any well-formed listing (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,40}$/)
    const digest = fc.stringMatching(/^[0-9a-f]{64}$/)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, digest, fc.constantFrom('  ', ' *', '  ./')), { selector: t => t[0] }),
        rows => {
          const text = rows.map(([n, d, sep]) => `${d}${sep}${n}`).join('\n')
          return rows.every(([n, d]) => digestFor(text, n, shared) === d)
        }
      )
    )
  })
})

describe('pinned digests', () => {
  it('agree with the transcribed release checksum files', () => {
    const files: Record<string, string> = {
      trivy: fixture('trivy_0.74.0_checksums.txt'),
      hadolint: fixture('hadolint-2.15.1-checksums.sha256'),
      cosign: fixture('cosign-3.1.3-cosign_checksums.txt')
    }
    for (const [tool, text] of Object.entries(files)) {
      const version = DEFAULT_TOOL_VERSIONS[tool as 'trivy']
      const pinned = PINNED_DIGESTS[tool as 'trivy'][version]!
      expect(Object.keys(pinned).sort()).toEqual(
        Object.values(CATALOG[tool as 'trivy'].assets(version)).sort()
      )
      for (const [asset, digest] of Object.entries(pinned))
        expect(digestFor(text, asset, shared)).toBe(digest)
    }
  })

  it('pin every published asset of the default versions except gator (no published digest found)', () => {
    expect(PINNED_DIGESTS.gator).toEqual({})
  })
})
