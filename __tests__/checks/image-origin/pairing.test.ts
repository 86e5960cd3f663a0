import { describe, expect, it } from '@jest/globals'
import { pairDockerfile } from '../../../src/checks/image-origin/pairing.js'

const none = { labels: {}, dockerfiles: [] as string[], imagesScanned: 1 }
const ENTRYPOINT = 'com.docker.image.source.entrypoint'

describe('pairDockerfile: which Dockerfile built a scanned image', () => {
  it('the input’s pairing first; a label naming another file is said, not used', () => {
    expect(pairDockerfile({ ...none, given: 'services/app/Dockerfile' })).toEqual({
      dockerfile: 'services/app/Dockerfile',
      how: 'input'
    })
    expect(
      pairDockerfile({ ...none, given: 'services/app/Dockerfile', labels: { [ENTRYPOINT]: 'Dockerfile' } })
    ).toEqual({
      dockerfile: 'services/app/Dockerfile',
      how: 'input',
      remark: `its label ${ENTRYPOINT} names Dockerfile; the pairing in the input (services/app/Dockerfile) is used`
    })
  })

  it('the buildx git label, when it names a Dockerfile in scope', () => {
    const dockerfiles = ['services/api/Dockerfile', 'services/app/Dockerfile']
    const labels = { [ENTRYPOINT]: './services/api/Dockerfile' }
    expect(pairDockerfile({ ...none, dockerfiles, labels, imagesScanned: 2 })).toEqual({
      dockerfile: 'services/api/Dockerfile',
      how: 'label'
    })
    expect(
      pairDockerfile({ ...none, dockerfiles, labels: { [ENTRYPOINT]: '../x/Dockerfile' }, imagesScanned: 2 })
    ).toBeUndefined()
  })

  it('the repository’s URL label alone pairs nothing (it names no file)', () => {
    const labels = { 'org.opencontainers.image.source': 'https://github.com/acme/history' }
    expect(pairDockerfile({ ...none, labels, dockerfiles: ['a/Dockerfile', 'b/Dockerfile'] })).toBeUndefined()
  })

  it('one Dockerfile in scope and one image scanned: that one; otherwise none', () => {
    expect(pairDockerfile({ ...none, dockerfiles: ['Dockerfile'] })).toEqual({
      dockerfile: 'Dockerfile',
      how: 'only-dockerfile'
    })
    expect(pairDockerfile({ ...none, dockerfiles: ['Dockerfile'], imagesScanned: 2 })).toBeUndefined()
    expect(pairDockerfile({ ...none, dockerfiles: ['Dockerfile', 'Dockerfile.dev'] })).toBeUndefined()
  })
})
