/**
 * `image: ref | path/to/Dockerfile` (and the same on `image-input`): which Dockerfile built which
 * image, read beside docker/build-push-action's `file:`; a missing Dockerfile is one input error
 * before anything is scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigurationError } from '../../src/errors.js'
import { readInputs } from '../../src/inputs/read.js'
import { checkDockerfilePairings } from '../../src/workspace/pairing.js'

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('pairing an image with its Dockerfile in the inputs', () => {
  it('reads `ref | path` on image and image-input lines; lines without one are unpaired', () => {
    const inputs = readInputs(
      reader({
        image: 'ghcr.io/acme/app:1.2 | services/app/Dockerfile\nghcr.io/acme/worker:1.2',
        'image-input': 'build/api.tar|./services/api/Dockerfile'
      })
    )
    expect(inputs.images).toEqual(['ghcr.io/acme/app:1.2', 'ghcr.io/acme/worker:1.2'])
    expect(inputs.imageInputs).toEqual(['build/api.tar'])
    expect(inputs.dockerfileFor).toEqual({
      'ghcr.io/acme/app:1.2': 'services/app/Dockerfile',
      'build/api.tar': 'services/api/Dockerfile'
    })
  })

  it('one image written twice keeps its pairing under the spelling scanned', () => {
    const inputs = readInputs(reader({ image: 'alpine:3.19\ndocker.io/library/alpine:3.19 | Dockerfile' }))
    expect(inputs.images).toEqual(['alpine:3.19'])
    expect(inputs.dockerfileFor).toEqual({ 'alpine:3.19': 'Dockerfile' })
  })

  it.each([
    [
      { image: 'app:1 |' },
      `Input 'image' has an invalid value "app:1 |": expected what to scan, optionally followed by " | " and the Dockerfile`
    ],
    [{ image: 'app:1 | a | b' }, `Input 'image' has an invalid value "app:1 | a | b"`],
    [{ image: '| Dockerfile' }, `Input 'image' has an invalid value "| Dockerfile"`],
    [{ image: 'app:1 | ../other/Dockerfile' }, 'the Dockerfile must be a file inside the repository'],
    [
      { 'image-input': 'app.tar | /etc/Dockerfile' },
      `Input 'image-input' has an invalid value "app.tar | /etc/Dockerfile"`
    ],
    [
      { image: 'app:1 | a/Dockerfile\napp:1 | b/Dockerfile' },
      'this image is already paired with a/Dockerfile, and one image is built from one Dockerfile'
    ]
  ])('%j is one ConfigurationError naming the input, the value and what is accepted', (values, message) => {
    expect(() => readInputs(reader(values))).toThrow(ConfigurationError)
    expect(() => readInputs(reader(values))).toThrow(message)
  })
})

describe('checkDockerfilePairings: the paired Dockerfile must be a repository file', () => {
  let workspace: string
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'cg-pairing-'))
    mkdirSync(join(workspace, 'services/app'), { recursive: true })
    writeFileSync(join(workspace, 'services/app/Dockerfile'), 'FROM alpine:3.19\n')
    symlinkSync('/etc/passwd', join(workspace, 'Dockerfile.link'))
  })
  afterAll(() => rmSync(workspace, { recursive: true, force: true }))

  const check = (image: string) => () => checkDockerfilePairings(readInputs(reader({ image })), workspace)

  it('accepts a Dockerfile in the repository', () => {
    expect(check('app:1 | services/app/Dockerfile')).not.toThrow()
  })

  it('a missing Dockerfile is one input error naming the line', () => {
    expect(check('app:1 | services/api/Dockerfile')).toThrow(ConfigurationError)
    expect(check('app:1 | services/api/Dockerfile')).toThrow(
      `Input 'image': "app:1 | services/api/Dockerfile" pairs the image with a Dockerfile that does not exist. Expected the path of the Dockerfile the image was built from, relative to the repository root (as docker/build-push-action's file:).`
    )
  })

  it('a link out of the workspace is refused as every repository file is', () => {
    expect(check('app:1 | Dockerfile.link')).toThrow(/only inside the workspace/)
  })
})
