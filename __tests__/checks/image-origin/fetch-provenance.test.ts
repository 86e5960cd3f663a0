/**
 * Finding and fetching BuildKit's provenance beside an image, on crane 0.22.1's real output for the
 * history-api fixture: `crane manifest` of the tag (the index), of the attestation manifest, and
 * `crane blob` of its in-toto layer (e2e/HISTORY.md). Hostile variants are edits of those.
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { attestationInIndex, provenanceLayer } from '../../../src/checks/image-origin/attestation.js'
import { fetchProvenance } from '../../../src/checks/image-origin/fetch-provenance.js'
import type { ImageBuild } from '../../../src/checks/image-origin/history.js'
import type { Exec } from '../../../src/tools/exec.js'
import { recorded } from '../../helpers/shared.js'

const INDEX = recorded('crane-0.22.1-history-api-index.json')
const STATEMENT = recorded('crane-0.22.1-history-api-provenance.json')
const IMAGE = 'sha256:b818acd20065df4fbf42eae1aa345c0818c93afea57f129a2e9e2cf33e026586'
const ATTESTATION = 'sha256:b649a2b7eab67027663e9d032dccbd3e6d79c76f52e9cb9f853cd2257ea70f2c'
const LINUX = { os: 'linux', architecture: 'amd64' }
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`

const ATTESTATION_MANIFEST = recorded('crane-0.22.1-history-api-attestation.json')

/** The recorded attestation manifest, its one layer edited (another statement, size, annotations). */
function attestationManifest(statement?: string, extra: Record<string, unknown> = {}): string {
  if (statement === undefined && Object.keys(extra).length === 0) return ATTESTATION_MANIFEST
  const manifest = JSON.parse(ATTESTATION_MANIFEST) as { layers: Record<string, unknown>[] }
  const body = statement ?? STATEMENT
  manifest.layers[0] = { ...manifest.layers[0], size: body.length, digest: sha(body), ...extra }
  return JSON.stringify(manifest)
}

describe('attestationInIndex', () => {
  it('the scanned platform’s image and the attestation naming it (recorded index)', () => {
    expect(attestationInIndex(INDEX, LINUX)).toEqual({
      ok: true,
      value: { image: IMAGE, attestation: ATTESTATION }
    })
  })

  it('no image for the platform, no attestation, not an index: each a problem', () => {
    expect(attestationInIndex(INDEX, { os: 'linux', architecture: 'arm64' })).toEqual({
      ok: false,
      problem: 'the index has 0 images for linux/arm64, not one'
    })
    const index = JSON.parse(INDEX) as { manifests: unknown[] }
    const without = JSON.stringify({ ...index, manifests: index.manifests.slice(0, 1) })
    expect(attestationInIndex(without, LINUX)).toEqual({
      ok: false,
      problem: 'the index holds no attestation for it (built without provenance)'
    })
    const manifest = JSON.stringify({ mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] })
    expect(attestationInIndex(manifest, LINUX)).toEqual({
      ok: false,
      problem: 'the image is not in an index, where BuildKit puts its attestations'
    })
    expect(attestationInIndex('<html>', LINUX)).toEqual({
      ok: false,
      problem: 'the registry’s manifest is not JSON'
    })
  })
})

describe('provenanceLayer', () => {
  it('the in-toto layer with a SLSA predicate type; refused when larger than is read', () => {
    expect(provenanceLayer(attestationManifest())).toEqual({ ok: true, value: sha(STATEMENT) })
    expect(provenanceLayer(attestationManifest(STATEMENT, { size: 50 * 1024 * 1024 }))).toEqual({
      ok: false,
      problem: 'the provenance layer is 52428800 bytes; at most 1048576 are read'
    })
    const spdx = attestationManifest(STATEMENT, {
      annotations: { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' }
    })
    expect(provenanceLayer(spdx)).toEqual({
      ok: false,
      problem: 'the attestation manifest has 0 SLSA provenance layers, not one'
    })
  })
})

describe('fetchProvenance: crane manifest, manifest, blob', () => {
  const REF = '127.0.0.1:5111/container-gate/history-api:1'
  const REPO = '127.0.0.1:5111/container-gate/history-api'
  const INDEX_DIGEST = 'sha256:b4a990f6831ff54973a8b4d321bdb4b5572d9c4e8bf831f861b689c4c6632aaa'
  const build: ImageBuild = {
    diffIds: [],
    labels: {},
    platform: LINUX,
    repoDigests: [`${REPO}@${INDEX_DIGEST}`]
  }

  function registry(blob = STATEMENT) {
    const calls: string[][] = []
    const answers: Record<string, string> = {
      [`manifest ${REPO}@${INDEX_DIGEST}`]: INDEX,
      [`manifest ${REPO}@${ATTESTATION}`]: attestationManifest(blob === STATEMENT ? undefined : blob),
      [`blob ${REPO}@${sha(blob)}`]: blob
    }
    const exec: Exec = (file, args, options) => {
      calls.push([file, ...args, `max=${options?.maxOutputBytes}`])
      const out = answers[args.join(' ')]
      return Promise.resolve(
        out === undefined
          ? { exitCode: 1, stdout: '', stderr: 'Error: MANIFEST_UNKNOWN: manifest unknown' }
          : { exitCode: 0, stdout: out, stderr: '' }
      )
    }
    return { calls, tool: { crane: '/tools/crane', exec } }
  }

  it('reads the index Trivy scanned by digest, then the attestation and its statement', async () => {
    const { calls, tool } = registry()
    const got = await fetchProvenance(tool, REF, build)
    expect('reading' in got && got.reading.dockerfile).toBe('services/api/Dockerfile')
    expect(calls).toEqual([
      ['/tools/crane', 'manifest', `${REPO}@${INDEX_DIGEST}`, 'max=4194304'],
      ['/tools/crane', 'manifest', `${REPO}@${ATTESTATION}`, 'max=4194304'],
      ['/tools/crane', 'blob', `${REPO}@${sha(STATEMENT)}`, 'max=1048577']
    ])
  })

  it('a statement about another image is not used', async () => {
    const other = STATEMENT.replace(IMAGE.slice(7), 'f'.repeat(64))
    const { tool } = registry(other)
    expect(await fetchProvenance(tool, REF, build)).toEqual({
      problem: `its statement is about another image than ${IMAGE}`
    })
  })

  it('what crane cannot fetch, and reports without digest or platform, are problems', async () => {
    const { tool } = registry()
    expect(
      await fetchProvenance(tool, REF, { ...build, repoDigests: [`${REPO}@sha256:${'0'.repeat(64)}`] })
    ).toEqual({
      problem: 'crane manifest exited 1: Error: MANIFEST_UNKNOWN: manifest unknown'
    })
    expect(await fetchProvenance(tool, REF, { ...build, repoDigests: [] })).toEqual({
      problem: 'Trivy’s report names no digest of it in the registry'
    })
    const flag = `--insecure@sha256:${'0'.repeat(64)}`
    expect(await fetchProvenance(tool, REF, { ...build, repoDigests: [flag] })).toEqual({
      problem: 'Trivy’s report names no digest of it in the registry'
    })
    const { platform: _, ...noPlatform } = build
    expect(await fetchProvenance(tool, REF, noPlatform)).toEqual({
      problem: 'Trivy’s report names no platform for it'
    })
  })
})
