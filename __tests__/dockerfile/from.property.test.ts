import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { baseImageFindings } from '../../src/checks/base-images/rules.js'
import { isImageRef, matchesImagePattern, parseImageRef } from '../../src/oci/image-ref.js'
import { readDockerfile, type BuildSettings } from '../../src/checks/base-images/read.js'

const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
const BUILD: BuildSettings = { platforms: [AMD64], buildPlatform: AMD64, buildArgs: new Map() }
const parseFromLines = (text: string) =>
  readDockerfile(text, BUILD).platforms[0]?.sources.filter(s => s.instruction === 'FROM') ?? []

const alnum = fc.stringMatching(/^[a-z0-9]{1,8}$/)
const component = fc
  .tuple(alnum, fc.option(fc.tuple(fc.constantFrom('.', '_', '__', '-', '--'), alnum), { nil: undefined }))
  .map(([a, rest]) => (rest ? `${a}${rest[0]}${rest[1]}` : a))
  .filter(c => c !== 'scratch')
const registry = fc.option(
  fc.oneof(
    fc.tuple(alnum, alnum).map(([a, b]) => `${a}.${b}`),
    fc.tuple(alnum, alnum, fc.integer({ min: 1, max: 65535 })).map(([a, b, p]) => `${a}.${b}:${p}`),
    fc.integer({ min: 1, max: 65535 }).map(p => `localhost:${p}`)
  ),
  { nil: undefined }
)
const tag = fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), { nil: undefined })
const digest = fc.option(
  fc.stringMatching(/^[a-f0-9]{64}$/).map(h => `sha256:${h}`),
  { nil: undefined }
)
// Without a registry, a first segment with a dot would itself be read as a registry (Docker's rule).
const reference = fc
  .record({ registry, path: fc.array(component, { minLength: 1, maxLength: 3 }), tag, digest })
  .filter(r => r.registry !== undefined || r.path.length === 1 || !r.path[0]!.includes('.'))

type Ref = { registry?: string; path: string[]; tag?: string; digest?: string }
const written = (r: Ref) =>
  `${r.registry ? `${r.registry}/` : ''}${r.path.join('/')}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`

/** The normalization Docker documents, computed independently of the parser under test. */
function expected(r: Ref): string {
  const reg = r.registry ?? 'docker.io'
  const repo = !r.registry && r.path.length === 1 ? `library/${r.path[0]}` : r.path.join('/')
  const t = r.tag ?? (r.digest ? undefined : 'latest')
  return `${reg}/${repo}${t ? `:${t}` : ''}${r.digest ? `@${r.digest}` : ''}`
}

describe('FROM parser properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), text => {
        parseFromLines(text)
        baseImageFindings([{ path: 'Dockerfile', text }], { allow: ['alpine'], requireDigest: true }, BUILD)
      }),
      { numRuns: 500 }
    )
  })

  it('never throws on Dockerfile-shaped text', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }).map(s => `FROM ${s}`),
      fc.string({ maxLength: 40 }).map(s => `ARG ${s}`),
      fc.string({ maxLength: 40 }).map(s => `FROM --platform=${s} x AS ${s}`),
      fc.constantFrom('\\', 'FROM', 'ARG', 'FROM $', 'FROM ${', 'FROM ${A:-', '# escape=`', '')
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), lines => {
        const text = lines.join('\n')
        for (const f of parseFromLines(text)) expect(f.startLine).toBeLessThanOrEqual(f.endLine)
      }),
      { numRuns: 500 }
    )
  })

  it('normalizes every valid reference the way Docker does, on the FROM line', () => {
    fc.assert(
      fc.property(reference, fc.integer({ min: 0, max: 3 }), (r, blank) => {
        const text = `${'\n'.repeat(blank)}FROM ${written(r)} AS stage`
        const [from] = parseFromLines(text)
        expect(from).toMatchObject({ kind: 'image', startLine: blank + 1, stage: 'stage' })
        expect(from!.image!.normalized).toBe(expected(r))
      }),
      { numRuns: 300 }
    )
  })

  it('normalization is idempotent and the normalized form matches itself as a pattern', () => {
    fc.assert(
      fc.property(reference, r => {
        const once = parseImageRef(written(r))
        if (!isImageRef(once)) throw new Error(once.error)
        const twice = parseImageRef(once.normalized)
        expect(twice).toEqual(once)
        expect(matchesImagePattern(once, once.normalized)).toBe(true)
        expect(matchesImagePattern(once, `${once.registry}/${once.repository}`)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it('ARG defaults substitute into any part of the reference', () => {
    fc.assert(
      fc.property(reference, r => {
        const value = written(r)
        const text = `ARG BASE=${value}\nFROM \${BASE}`
        expect(parseFromLines(text)[0]!.image?.normalized).toBe(expected(r))
      }),
      { numRuns: 200 }
    )
  })
})
