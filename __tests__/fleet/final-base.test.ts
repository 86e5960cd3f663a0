/**
 * The base each Dockerfile's final stage is built FROM, as the leg's report records it for the
 * fleet: through stages built from stages, with ARG defaults and build-args, and never showing a
 * build-arg value (workflows pass credentials that way).
 */
import { describe, expect, it } from '@jest/globals'
import { finalBaseImages } from '../../src/checks/base-images/final-base.js'
import { parsePlatform, type Platform } from '../../src/oci/platform.js'

const amd64 = parsePlatform('linux/amd64') as Platform
const build = (args: Record<string, string> = {}) => ({
  platforms: [amd64],
  buildPlatform: amd64,
  buildArgs: new Map(Object.entries(args))
})

describe('the final base of a Dockerfile', () => {
  it('follows the final stage back to the image it names', () => {
    const text =
      'ARG DEBIAN=12\nFROM golang:1.23 AS build\nFROM debian:${DEBIAN}-slim AS runtime\nFROM runtime AS final\nCOPY --from=build /app /app\n'
    expect(finalBaseImages([{ path: 'svc/Dockerfile', text }], build())).toEqual([
      {
        dockerfile: 'svc/Dockerfile',
        platform: 'linux/amd64',
        image: 'docker.io/library/debian:12-slim',
        written: 'debian:${DEBIAN}-slim'
      }
    ])
  })

  it('says scratch, or nothing when the name depends on an ARG without a value or the file is refused', () => {
    expect(finalBaseImages([{ path: 'a', text: 'FROM scratch\n' }], build())[0]!.image).toBe('scratch')
    expect(finalBaseImages([{ path: 'b', text: 'ARG BASE\nFROM ${BASE}\n' }], build())[0]).toEqual({
      dockerfile: 'b',
      platform: 'linux/amd64',
      written: '${BASE}'
    })
    expect(finalBaseImages([{ path: 'c', text: 'RUN true\n' }], build())[0]).toEqual({
      dockerfile: 'c',
      platform: 'linux/amd64'
    })
  })

  it('withholds a base spelled from a build-arg value', () => {
    const text = 'ARG REGISTRY\nFROM ${REGISTRY}/acme/base:1\n'
    expect(
      finalBaseImages([{ path: 'd', text }], build({ REGISTRY: 'registry.internal.example:5000' }))[0]
    ).toEqual({
      dockerfile: 'd',
      platform: 'linux/amd64',
      written: '${REGISTRY}/acme/base:1',
      withheld: 'build-arg'
    })
  })
})
