import { describe, expect, it } from '@jest/globals'
import { pairDockerfile, type ProvenanceLookup } from '../../../src/checks/image-origin/pairing.js'
import { readProvenance } from '../../../src/checks/image-origin/provenance.js'
import { recorded } from '../../helpers/shared.js'

const none = { labels: {}, dockerfiles: [] as string[], imagesScanned: 1 }
const ENTRYPOINT = 'com.docker.image.source.entrypoint'
const SOURCE = 'org.opencontainers.image.source'
const ACME = { serverUrl: 'https://github.com', name: 'acme/history' }
const THREE = ['services/api/Dockerfile', 'services/app/Dockerfile', 'services/worker/Dockerfile']

/** The recorded BuildKit statements (crane 0.22.1 blob of history-api's attestation layer). */
function recordedProvenance(file: string): ProvenanceLookup {
  const read = readProvenance(recorded(file))
  if (!read.ok) throw new Error(read.reason)
  return { reading: read.reading }
}
const V1 = () => recordedProvenance('crane-0.22.1-history-api-provenance.json')
const V02 = () => recordedProvenance('crane-0.22.1-history-api-slsa02-provenance.json')

describe('pairDockerfile: which Dockerfile built a scanned image', () => {
  it('the input’s pairing first; a label naming another file is said, not used', () => {
    expect(pairDockerfile({ ...none, given: 'services/app/Dockerfile' })).toEqual({
      pairing: { dockerfile: 'services/app/Dockerfile', how: 'input' }
    })
    expect(
      pairDockerfile({ ...none, given: 'services/app/Dockerfile', labels: { [ENTRYPOINT]: 'Dockerfile' } })
    ).toEqual({
      pairing: {
        dockerfile: 'services/app/Dockerfile',
        how: 'input',
        remark: `its label ${ENTRYPOINT} names Dockerfile; the pairing in the input (services/app/Dockerfile) is used`
      }
    })
  })

  it('the buildx git label, when it names a Dockerfile in scope', () => {
    const dockerfiles = ['services/api/Dockerfile', 'services/app/Dockerfile']
    const labels = { [ENTRYPOINT]: './services/api/Dockerfile' }
    expect(pairDockerfile({ ...none, dockerfiles, labels, imagesScanned: 2 })).toEqual({
      pairing: { dockerfile: 'services/api/Dockerfile', how: 'label' }
    })
    expect(
      pairDockerfile({ ...none, dockerfiles, labels: { [ENTRYPOINT]: '../x/Dockerfile' }, imagesScanned: 2 })
    ).toEqual({})
  })

  it('the repository’s URL label alone pairs nothing (it names no file)', () => {
    const labels = { [SOURCE]: 'https://github.com/acme/history' }
    expect(
      pairDockerfile({ ...none, labels, dockerfiles: ['a/Dockerfile', 'b/Dockerfile'], repository: ACME })
    ).toEqual({})
  })

  it('one Dockerfile in scope and one image scanned: that one; otherwise none', () => {
    expect(pairDockerfile({ ...none, dockerfiles: ['Dockerfile'] })).toEqual({
      pairing: { dockerfile: 'Dockerfile', how: 'only-dockerfile' }
    })
    expect(pairDockerfile({ ...none, dockerfiles: ['Dockerfile'], imagesScanned: 2 })).toEqual({})
    expect(pairDockerfile({ ...none, dockerfiles: ['Dockerfile', 'Dockerfile.dev'] })).toEqual({})
  })
})

describe('pairDockerfile with BuildKit provenance (recorded SLSA v1 and v0.2)', () => {
  it.each([
    ['v1', V1],
    ['v0.2', V02]
  ])('SLSA %s: finds services/api/Dockerfile among three when it names this repository', (_, read) => {
    expect(pairDockerfile({ ...none, dockerfiles: THREE, provenance: read(), repository: ACME })).toEqual({
      pairing: { dockerfile: 'services/api/Dockerfile', how: 'provenance' }
    })
  })

  it('provenance from another repository pairs nothing, and says so', () => {
    const other = { serverUrl: 'https://github.com', name: 'Codertocat/Hello-World' }
    expect(pairDockerfile({ ...none, dockerfiles: THREE, provenance: V1(), repository: other })).toEqual({
      note: 'its provenance says it was built from https://github.com/acme/history, not Codertocat/Hello-World, so the Dockerfile it names is not looked for here'
    })
  })

  it('a Dockerfile the provenance names but that is not in scope is a note, not a pairing', () => {
    expect(
      pairDockerfile({
        ...none,
        dockerfiles: ['a/Dockerfile', 'b/Dockerfile'],
        provenance: V1(),
        repository: ACME
      })
    ).toEqual({
      note: 'its provenance names services/api/Dockerfile, which is not among the Dockerfiles in scope'
    })
  })

  it('an explicit pairing wins; provenance naming another file is a remark', () => {
    const given = 'services/app/Dockerfile'
    expect(pairDockerfile({ ...none, given, provenance: V1(), repository: ACME })).toEqual({
      pairing: {
        dockerfile: given,
        how: 'input',
        remark: `its provenance names services/api/Dockerfile; the pairing in the input (${given}) is used`
      }
    })
    expect(
      pairDockerfile({ ...none, given: 'services/api/Dockerfile', provenance: V1(), repository: ACME })
    ).toEqual({
      pairing: { dockerfile: 'services/api/Dockerfile', how: 'input' }
    })
  })

  it('an explicit pairing of an image whose label names another repository gets a remark', () => {
    const labels = { [SOURCE]: 'https://github.com/acme/history' }
    const other = { serverUrl: 'https://github.com', name: 'someone/else' }
    expect(pairDockerfile({ ...none, given: 'Dockerfile', labels, repository: other }).pairing?.remark).toBe(
      `its label ${SOURCE} names https://github.com/acme/history, not someone/else; the pairing in the input (Dockerfile) is used`
    )
  })

  it('the only Dockerfile stays paired when the provenance disagrees, with a remark', () => {
    expect(
      pairDockerfile({ ...none, dockerfiles: ['Dockerfile'], provenance: V1(), repository: ACME })
    ).toEqual({
      pairing: {
        dockerfile: 'Dockerfile',
        how: 'only-dockerfile',
        remark:
          'its provenance names services/api/Dockerfile; it is still paired with Dockerfile, the only Dockerfile in scope'
      }
    })
  })

  it('provenance naming no repository, or a run without GITHUB_REPOSITORY, pairs nothing', () => {
    const read = readProvenance(
      recorded('crane-0.22.1-history-api-provenance.json').replace(
        '"source":"https://github.com/acme/history"',
        '"x":"y"'
      )
    )
    if (!read.ok) throw new Error(read.reason)
    expect(read.reading.repository).toBeUndefined()
    expect(
      pairDockerfile({ ...none, dockerfiles: THREE, provenance: { reading: read.reading }, repository: ACME })
    ).toEqual({
      note: `its provenance (SLSA v1) is not used: neither it nor the label ${SOURCE} names the repository it was built from`
    })
    // The label alone names the repository: the provenance's path is then trusted.
    const labels = { [SOURCE]: 'https://github.com/acme/history' }
    expect(
      pairDockerfile({
        ...none,
        labels,
        dockerfiles: THREE,
        provenance: { reading: read.reading },
        repository: ACME
      }).pairing
    ).toEqual({ dockerfile: 'services/api/Dockerfile', how: 'provenance' })
    expect(pairDockerfile({ ...none, dockerfiles: THREE, provenance: V1() })).toEqual({
      note: 'its provenance is not used: this run’s repository is unknown (GITHUB_REPOSITORY)'
    })
  })

  it('provenance that could not be read, or names a path out of the repository, is said', () => {
    expect(
      pairDockerfile({ ...none, dockerfiles: THREE, provenance: { problem: 'crane manifest exited 1' } })
    ).toEqual({ note: 'its provenance could not be read: crane manifest exited 1' })
    const hostile = readProvenance(
      recorded('crane-0.22.1-history-api-provenance.json').replace(
        '"localdir:dockerfile":"services/api"',
        '"localdir:dockerfile":"../../etc"'
      )
    )
    if (!hostile.ok) throw new Error(hostile.reason)
    expect(
      pairDockerfile({
        ...none,
        dockerfiles: THREE,
        provenance: { reading: hostile.reading },
        repository: ACME
      })
    ).toEqual({
      note: 'its provenance (SLSA v1) is not used: its Dockerfile folder is a path outside the repository (../../etc)'
    })
  })
})
