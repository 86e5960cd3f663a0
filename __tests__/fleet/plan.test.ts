/**
 * mode: plan: the matrix is the same whatever order the files were listed in, stays within GitHub's
 * 256 jobs per matrix (or says which group-size does), groups images per job, and reads the images
 * file of a scheduled monitor run.
 */
import { describe, expect, it } from '@jest/globals'
import { imagesFromFile, planMatrix } from '../../src/fleet/plan.js'

const DOCKERFILES = [
  'services/web/Dockerfile',
  'Dockerfile',
  'services/api/Dockerfile',
  'services/api/Dockerfile.worker',
  'tools/Migrate/Dockerfile'
]

describe('the plan of a fleet', () => {
  it('writes one entry per Dockerfile, with its context and the image the pattern gives it, in name order', () => {
    const matrix = planMatrix({ dockerfiles: DOCKERFILES, imagePattern: 'ghcr.io/acme/{dir}', groupSize: 1 })
    expect(matrix.include).toEqual([
      { name: 'root', dockerfile: 'Dockerfile', context: '.', image: 'ghcr.io/acme/root' },
      {
        name: 'services-api',
        dockerfile: 'services/api/Dockerfile',
        context: 'services/api',
        image: 'ghcr.io/acme/services/api'
      },
      {
        name: 'services-api-Dockerfile.worker',
        dockerfile: 'services/api/Dockerfile.worker',
        context: 'services/api',
        image: 'ghcr.io/acme/services/api'
      },
      {
        name: 'services-web',
        dockerfile: 'services/web/Dockerfile',
        context: 'services/web',
        image: 'ghcr.io/acme/services/web'
      },
      {
        name: 'tools-Migrate',
        dockerfile: 'tools/Migrate/Dockerfile',
        context: 'tools/Migrate',
        image: 'ghcr.io/acme/tools/migrate'
      }
    ])
    const shuffled = [...DOCKERFILES].reverse()
    expect(planMatrix({ dockerfiles: shuffled, imagePattern: 'ghcr.io/acme/{dir}', groupSize: 1 })).toEqual(
      matrix
    )
    expect(
      planMatrix({ dockerfiles: ['a/b/Dockerfile'], imagePattern: 'ghcr.io/acme/{name}', groupSize: 1 })
        .include[0]!.image
    ).toBe('ghcr.io/acme/a-b')
    expect(
      planMatrix({
        dockerfiles: ['services/Api/Dockerfile'],
        imagePattern: 'ghcr.io/acme/{folder}:1',
        groupSize: 1
      }).include[0]!.image
    ).toBe('ghcr.io/acme/api:1')
    expect(planMatrix({ dockerfiles: ['a/Dockerfile'], groupSize: 1 }).include).toEqual([
      { name: 'a', dockerfile: 'a/Dockerfile', context: 'a' }
    ])
  })

  it('puts group-size images in one job, their Dockerfiles, contexts and images one per line in the same order', () => {
    const matrix = planMatrix({ dockerfiles: DOCKERFILES, imagePattern: 'ghcr.io/acme/{name}', groupSize: 2 })
    expect(matrix.include.map(e => e.name)).toEqual(['group-1', 'group-2', 'group-3'])
    expect(matrix.include[0]).toEqual({
      name: 'group-1',
      dockerfile: 'Dockerfile\nservices/api/Dockerfile',
      context: '.\nservices/api',
      image: 'ghcr.io/acme/root\nghcr.io/acme/services-api'
    })
    expect(matrix.include[2]).toEqual({
      name: 'group-3',
      dockerfile: 'tools/Migrate/Dockerfile',
      context: 'tools/Migrate',
      image: 'ghcr.io/acme/tools-migrate'
    })
  })

  it('refuses more than 256 jobs and says which group-size fits', () => {
    const many = Array.from({ length: 600 }, (_, i) => `svc/s${String(i).padStart(3, '0')}/Dockerfile`)
    expect(planMatrix({ dockerfiles: many.slice(0, 256), groupSize: 1 }).include).toHaveLength(256)
    expect(() => planMatrix({ dockerfiles: many.slice(0, 257), groupSize: 1 })).toThrow(
      "mode: plan: 257 images make 257 matrix jobs, above GitHub's limit of 256 jobs per matrix. Set group-size to 2 or more (group-size: 1 now) to scan several images per job."
    )
    expect(() => planMatrix({ dockerfiles: many, groupSize: 2 })).toThrow(
      /600 images make 300 matrix jobs.*Set group-size to 3 or more/
    )
    expect(planMatrix({ dockerfiles: many, groupSize: 3 }).include).toHaveLength(200)
  })

  it('plans the images of an images file, after the Dockerfiles, never grouping the two kinds together', () => {
    const imagesFile = {
      path: 'published.txt',
      text: '# published\nghcr.io/acme/b:2\n\nghcr.io/acme/a:1  # the old one\nghcr.io/acme/b:2\n'
    }
    expect(imagesFromFile(imagesFile)).toEqual(['ghcr.io/acme/b:2', 'ghcr.io/acme/a:1'])
    expect(planMatrix({ dockerfiles: [], imagesFile, groupSize: 1 }).include).toEqual([
      { name: 'ghcr.io-acme-a-1', image: 'ghcr.io/acme/a:1' },
      { name: 'ghcr.io-acme-b-2', image: 'ghcr.io/acme/b:2' }
    ])
    const mixed = planMatrix({
      dockerfiles: ['x/Dockerfile'],
      imagesFile,
      imagePattern: 'ghcr.io/acme/{dir}',
      groupSize: 2
    })
    expect(mixed.include).toEqual([
      { name: 'group-1', dockerfile: 'x/Dockerfile', context: 'x', image: 'ghcr.io/acme/x' },
      { name: 'group-2', image: 'ghcr.io/acme/a:1\nghcr.io/acme/b:2' }
    ])
  })

  it('says what is wrong with a plan that finds nothing, a bad images file line or a pattern that makes no image name', () => {
    expect(() => planMatrix({ dockerfiles: [], groupSize: 1 })).toThrow(
      "mode: plan found nothing to plan: no Dockerfile matches the globs of input 'dockerfile' and no images-file lists an image."
    )
    expect(() => imagesFromFile({ path: 'published.txt', text: 'ghcr.io/acme/a:1\nnot an image\n' })).toThrow(
      `Input 'images-file' has an invalid value "published.txt:2: not an image"`
    )
    expect(() =>
      planMatrix({ dockerfiles: ['a/Dockerfile'], imagePattern: 'ghcr.io/acme/{dir}:bad tag', groupSize: 1 })
    ).toThrow(
      /Input 'image-pattern'.*for a\/Dockerfile it gives "ghcr.io\/acme\/a:bad tag", which is not an image reference/
    )
  })
})
