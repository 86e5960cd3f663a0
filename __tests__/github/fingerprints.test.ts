import { describe, it, expect } from '@jest/globals'
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { addLineHashes, lineHashes, repositoryFile } from '../../src/github/fingerprints.js'
import type { SarifLog } from '../../src/report/sarif-types.js'

// Expected values are the published test vectors of github/codeql-action's fingerprints.test.ts,
// so code scanning sees the same fingerprints from us as from its own uploader.
describe('lineHashes', () => {
  it('hashes an empty file as one line', () => {
    expect(lineHashes('')).toEqual(['c129715d7a2bc9a3:1'])
  })
  it('skips leading spaces and tabs', () => {
    expect(lineHashes(' a\nb\n  \t\tc\n d')).toEqual([
      '271789c17abda88f:1',
      '54703d4cd895b18:1',
      '180aee12dab6264:1',
      'a23a3dc5e078b07b:1'
    ])
  })
  it('gives the same hashes for \\n, \\r and \\r\\n line endings', () => {
    const expected = [
      'e9496ae3ebfced30:1',
      'fb7c023a8b9ccb3f:1',
      'ce8ba1a563dcdaca:1',
      'e20e36e16fcb0cc8:1',
      'b3edc88f2938467e:1',
      'c8e28b0b4002a3a0:1',
      'c129715d7a2bc9a3:1'
    ]
    expect(lineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n')).toEqual(expected)
    expect(lineHashes(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r')).toEqual(expected)
    expect(lineHashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n')).toEqual(expected)
    expect(lineHashes(' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n')).toEqual(expected)
  })
  it('hashes a file without a final newline', () => {
    expect(lineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End')).toEqual([
      '8b7cf3e952e7aeb2:1',
      'b1ae1287ec4718d9:1',
      'bff680108adb0fcc:1',
      'c6805c5e1288b612:1',
      'b86d3392aea1be30:1',
      'e6ceba753e1a442:1'
    ])
  })
  it('numbers repeated identical windows', () => {
    expect(lineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1'
    ])
  })
})

describe('addLineHashes', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cg-fp-'))
  mkdirSync(path.join(root, 'svc'))
  writeFileSync(path.join(root, 'Dockerfile'), 'FROM alpine:latest\nRUN apk add curl\n')
  writeFileSync(path.join(root, 'svc', 'Dockerfile'), 'FROM alpine:latest\nRUN apk add curl\n')

  const result = (uri: string, startLine?: number) => ({
    ruleId: 'DL3007',
    level: 'error' as const,
    message: { text: 'm' },
    locations: [
      { physicalLocation: { artifactLocation: { uri }, ...(startLine ? { region: { startLine } } : {}) } }
    ]
  })

  it('fingerprints results in repository files only', () => {
    const sarif: SarifLog = {
      $schema: 'x',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'hadolint', rules: [] } },
          results: [
            result('Dockerfile', 1),
            result('svc/Dockerfile', 2),
            result('alpine', 1),
            result('../outside', 1),
            result('https://example.com/Dockerfile', 1),
            result('Dockerfile')
          ]
        }
      ]
    }
    expect(addLineHashes(sarif, root)).toBe(2)
    const [a, b, c, d, e, f] = sarif.runs[0]!.results
    const hashes = lineHashes('FROM alpine:latest\nRUN apk add curl\n')
    expect(a!.partialFingerprints).toEqual({ primaryLocationLineHash: hashes[0] })
    expect(b!.partialFingerprints).toEqual({ primaryLocationLineHash: hashes[1] })
    for (const r of [c, d, e, f]) expect(r!.partialFingerprints).toBeUndefined()
  })

  it('never hashes a file a link in the repository leads to outside it', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'cg-fp-outside-'))
    writeFileSync(path.join(outside, 'secret'), 'TOKEN=ghs_secret\n')
    symlinkSync(path.join(outside, 'secret'), path.join(root, 'linked'))
    const sarif: SarifLog = {
      $schema: 'x',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'trivy', rules: [] } }, results: [result('linked', 1)] }]
    }
    expect(addLineHashes(sarif, root)).toBe(0)
    expect(sarif.runs[0]!.results[0]!.partialFingerprints).toBeUndefined()
  })

  it('resolves only files inside the root', () => {
    expect(repositoryFile('Dockerfile', root)).toBe(path.join(root, 'Dockerfile'))
    expect(repositoryFile('file://' + path.join(root, 'Dockerfile'), root)).toBe(
      path.join(root, 'Dockerfile')
    )
    expect(repositoryFile('/etc/passwd', root)).toBeUndefined()
    expect(repositoryFile('svc', root)).toBeUndefined()
    expect(repositoryFile('%E0%A4%A', root)).toBeUndefined()
  })
})
