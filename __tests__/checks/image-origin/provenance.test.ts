/**
 * readProvenance on BuildKit's real statements (crane 0.22.1 `blob` of history-api's attestation
 * layer, SLSA v1 and v0.2; see e2e/HISTORY.md) and on hostile variants of them.
 */
import { describe, expect, it } from '@jest/globals'
import {
  MAX_PROVENANCE_BYTES,
  namesRepository,
  readProvenance,
  repositoryPath
} from '../../../src/checks/image-origin/provenance.js'
import { recorded } from '../../helpers/shared.js'

// Statements are edited field by field deep inside; their shape is what the test is about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Statement = Record<string, any>

const IMAGE = 'sha256:b818acd20065df4fbf42eae1aa345c0818c93afea57f129a2e9e2cf33e026586'
const v1 = () => JSON.parse(recorded('crane-0.22.1-history-api-provenance.json')) as Statement
const v02 = () => JSON.parse(recorded('crane-0.22.1-history-api-slsa02-provenance.json')) as Statement
const read = (statement: unknown) => readProvenance(JSON.stringify(statement))

describe('readProvenance: the recorded statements', () => {
  it('SLSA v1: configSource.path joined to vcs localdir:dockerfile', () => {
    expect(readProvenance(recorded('crane-0.22.1-history-api-provenance.json'))).toEqual({
      ok: true,
      reading: {
        slsa: 'v1',
        subjects: [IMAGE],
        dockerfile: 'services/api/Dockerfile',
        context: 'services/api',
        repository: 'https://github.com/acme/history'
      }
    })
  })

  it('SLSA v0.2: invocation.configSource.entryPoint joined to the buildkit metadata’s vcs', () => {
    expect(readProvenance(recorded('crane-0.22.1-history-api-slsa02-provenance.json'))).toEqual({
      ok: true,
      reading: {
        slsa: 'v0.2',
        subjects: [IMAGE],
        dockerfile: 'services/api/Dockerfile',
        context: 'services/api',
        repository: 'https://github.com/acme/history'
      }
    })
  })

  it('the repository root: localdir "." gives the bare file name', () => {
    const s = v1()
    s.predicate.runDetails.metadata.buildkit_metadata.vcs['localdir:dockerfile'] = '.'
    s.predicate.buildDefinition.externalParameters.configSource.path = 'Dockerfile.prod'
    const r = read(s)
    expect(r.ok && r.reading.dockerfile).toBe('Dockerfile.prod')
  })

  it('a git URL context: the file is under the URL’s subdir, the URL is the repository', () => {
    const s = v1()
    delete s.predicate.runDetails.metadata.buildkit_metadata
    s.predicate.buildDefinition.externalParameters.configSource = {
      uri: 'https://github.com/acme/history.git#main:services/app',
      digest: { sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904' },
      path: 'Dockerfile'
    }
    const r = read(s)
    expect(r.ok && r.reading).toMatchObject({
      dockerfile: 'services/app/Dockerfile',
      repository: 'https://github.com/acme/history.git'
    })
  })

  it('only a file name (buildx without git info): no Dockerfile, and why', () => {
    const s = v02()
    delete s.predicate.metadata['https://mobyproject.org/buildkit@v1#metadata']
    const r = read(s)
    expect(r.ok && r.reading.dockerfile).toBeUndefined()
    expect(r.ok && r.reading.refused).toBe(
      'it names the Dockerfile "Dockerfile" but not its folder (buildx without git info)'
    )
  })
})

describe('readProvenance: hostile statements never name a file outside the workspace', () => {
  const refusedWith = (mutate: (s: Statement) => void) => {
    const s = v1()
    mutate(s)
    const r = read(s)
    if (!r.ok) throw new Error(r.reason)
    expect(r.reading.dockerfile).toBeUndefined()
    return r.reading.refused
  }
  const vcs = (s: Statement) => s.predicate.runDetails.metadata.buildkit_metadata.vcs
  const source = (s: Statement) => s.predicate.buildDefinition.externalParameters.configSource
  it('../ in the folder, in the file name, or climbing out once joined', () => {
    expect(refusedWith(s => (vcs(s)['localdir:dockerfile'] = '../../etc'))).toBe(
      'its Dockerfile folder is a path outside the repository (../../etc)'
    )
    expect(refusedWith(s => (source(s).path = '../../../etc/passwd'))).toBe(
      'its Dockerfile is a path outside the repository (../../../etc/passwd)'
    )
    expect(refusedWith(s => (vcs(s)['localdir:dockerfile'] = 'services/../..'))).toMatch(
      /outside the repository/
    )
    expect(refusedWith(s => (source(s).path = '..\\..\\secrets'))).toMatch(/outside the repository/)
  })

  it('absolute paths, POSIX and Windows', () => {
    expect(refusedWith(s => (vcs(s)['localdir:dockerfile'] = '/home/runner/.docker'))).toBe(
      'its Dockerfile folder is an absolute path (/home/runner/.docker)'
    )
    expect(refusedWith(s => (source(s).path = 'C:\\Users\\x\\Dockerfile'))).toMatch(/an absolute path/)
  })

  it('control characters and absurd lengths', () => {
    expect(refusedWith(s => (source(s).path = 'Dockerfile\n::error::x'))).toBe(
      'its Dockerfile is a path with control characters'
    )
    expect(refusedWith(s => (source(s).path = 'a/'.repeat(600) + 'Dockerfile'))).toMatch(
      /a path of 1210 characters/
    )
  })

  it('garbage, other predicates, wrong types, too large: an error reason, no reading', () => {
    expect(readProvenance('not json')).toEqual({ ok: false, reason: 'the statement is not JSON' })
    expect(readProvenance('[1,2]')).toEqual({ ok: false, reason: 'the statement is not a JSON object' })
    expect(readProvenance('{"predicateType":"https://spdx.dev/Document","predicate":{}}')).toEqual({
      ok: false,
      reason: 'the statement is not SLSA provenance v1 or v0.2 (predicateType "https://spdx.dev/Document")'
    })
    const huge = `{"x":"${'a'.repeat(MAX_PROVENANCE_BYTES)}"}`
    expect(readProvenance(huge)).toEqual({
      ok: false,
      reason: `the statement is ${huge.length} bytes, more than the ${MAX_PROVENANCE_BYTES} read`
    })
    const s = v1()
    source(s).path = 42
    vcs(s)['localdir:dockerfile'] = { nested: true }
    s.subject = [{ digest: { sha256: 'not-hex' } }, 'x']
    const r = read(s)
    expect(r).toEqual({
      ok: true,
      reading: {
        slsa: 'v1',
        subjects: [],
        context: 'services/api',
        repository: 'https://github.com/acme/history',
        refused: 'it names no Dockerfile'
      }
    })
  })
})

describe('repositoryPath and namesRepository', () => {
  it('normalizes what stays inside', () => {
    expect(repositoryPath('./services//api/')).toEqual({ path: 'services/api' })
    expect(repositoryPath('.')).toEqual({ path: '.' })
  })

  it('matches the repository by host and owner/name, whatever the URL’s spelling', () => {
    const repo = { serverUrl: 'https://github.com', name: 'acme/history' }
    for (const url of [
      'https://github.com/acme/history',
      'https://github.com/Acme/History.git',
      'git@github.com:acme/history.git',
      'https://x-access-token:abc@github.com/acme/history/'
    ])
      expect([url, namesRepository(url, repo)]).toEqual([url, true])
    for (const url of [
      'https://github.com/acme/history-fork',
      'https://gitlab.com/acme/history',
      'https://github.com.evil.example/acme/history',
      'acme/history',
      ''
    ])
      expect([url, namesRepository(url, repo)]).toEqual([url, false])
  })
})
