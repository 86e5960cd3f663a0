import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { BASE_IMAGE_RULES, baseImageFindings } from '../../src/checks/base-images/rules.js'
import { parseImageRef } from '../../src/oci/image-ref.js'
import { readDockerfile, type BuildSettings, type ImageSource } from '../../src/checks/base-images/read.js'

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
export const BUILD: BuildSettings = { platforms: [AMD64], buildPlatform: AMD64, buildArgs: new Map() }

function parseFromLines(text: string, build: BuildSettings = BUILD): ImageSource[] {
  return readDockerfile(text, build).platforms[0]?.sources.filter(s => s.instruction === 'FROM') ?? []
}

/** The normalized image (or kind) of each FROM line. */
function images(text: string): string[] {
  return parseFromLines(text).map(f => f.image?.normalized ?? `${f.kind}${f.problem ? `: ${f.problem}` : ''}`)
}

describe('parseFromLines: every FROM form', () => {
  it.each<[string, string, string[]]>([
    ['Docker Hub official image', 'FROM alpine', ['docker.io/library/alpine:latest']],
    ['official image with tag', 'FROM alpine:3.19', ['docker.io/library/alpine:3.19']],
    ['Docker Hub user image', 'FROM bitnami/redis:7.2', ['docker.io/bitnami/redis:7.2']],
    ['explicit docker.io', 'FROM docker.io/alpine:3.19', ['docker.io/library/alpine:3.19']],
    ['index.docker.io', 'FROM index.docker.io/library/alpine', ['docker.io/library/alpine:latest']],
    ['other registry', 'FROM ghcr.io/acme/app:1.0', ['ghcr.io/acme/app:1.0']],
    [
      'registry with port',
      'FROM registry.example.com:5000/team/base',
      ['registry.example.com:5000/team/base:latest']
    ],
    ['localhost registry with port and tag', 'FROM localhost:5000/base:2', ['localhost:5000/base:2']],
    ['digest only', `FROM alpine@${DIGEST}`, [`docker.io/library/alpine@${DIGEST}`]],
    ['tag and digest', `FROM ghcr.io/acme/app:1.0@${DIGEST}`, [`ghcr.io/acme/app:1.0@${DIGEST}`]],
    [
      '--platform flag',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      ['docker.io/library/golang:1.22']
    ],
    ['lower-case keyword and as', 'from node:20 as final', ['docker.io/library/node:20']],
    ['line continuation', 'FROM \\\n  node:20 \\\n  AS final', ['docker.io/library/node:20']],
    ['scratch', 'FROM scratch', ['scratch']],
    [
      'multi-stage alias',
      'FROM golang:1.22 AS build\nFROM build AS test\nFROM BUILD',
      // BuildKit matches stage names exactly (they are lower-cased): BUILD is an invalid image name
      [
        'docker.io/library/golang:1.22',
        'stage',
        'invalid: repository name (library/BUILD) must be lower-case'
      ]
    ],
    [
      'a later stage name is still an image',
      'FROM app\nFROM alpine AS app',
      ['docker.io/library/app:latest', 'docker.io/library/alpine:latest']
    ],
    ['ARG default', 'ARG BASE=alpine:3.19\nFROM $BASE', ['docker.io/library/alpine:3.19']],
    [
      'ARG default in braces, pieces',
      'ARG REG=ghcr.io\nARG TAG=1.0\nFROM ${REG}/acme/app:${TAG}',
      ['ghcr.io/acme/app:1.0']
    ],
    ['quoted ARG default', 'ARG TAG="3.19"\nFROM alpine:${TAG}', ['docker.io/library/alpine:3.19']],
    ['several ARGs on one line', 'ARG REG=quay.io TAG=2\nFROM $REG/acme/app:$TAG', ['quay.io/acme/app:2']],
    ['${VAR:-default}', 'FROM ${BASE:-debian}:12', ['docker.io/library/debian:12']],
    [
      '${VAR:-default} with the ARG set',
      'ARG BASE=ubuntu\nFROM ${BASE:-debian}:24.04',
      ['docker.io/library/ubuntu:24.04']
    ],
    [
      '${VAR:+word}',
      'ARG MIRROR=1\nFROM ${MIRROR:+mirror.example.com/}library/alpine',
      ['mirror.example.com/library/alpine:latest']
    ],
    ['ARG without default', 'ARG BASE\nFROM $BASE', ['unresolved']],
    [
      'ARG declared inside a stage is not visible to FROM',
      'FROM alpine\nARG LATER=debian\nFROM $LATER',
      ['docker.io/library/alpine:latest', 'invalid: base name ($LATER) should not be blank']
    ],
    [
      'an invalid reference',
      'FROM Alpine:3',
      ['invalid: repository name (library/Alpine) must be lower-case']
    ]
  ])('%s', (_name, text, expected) => {
    expect(images(text)).toEqual(expected)
  })

  it('records lines, stage names and platforms', () => {
    const text =
      '# syntax=docker/dockerfile:1\nARG V=1\n\nFROM --platform=linux/arm64 alpine:3 AS Base\nRUN true\nFROM \\\n  base\n'
    expect(parseFromLines(text)).toEqual([
      {
        instruction: 'FROM',
        value: 'alpine:3',
        startLine: 4,
        endLine: 4,
        raw: 'alpine:3',
        kind: 'image',
        image: {
          registry: 'docker.io',
          repository: 'library/alpine',
          tag: '3',
          normalized: 'docker.io/library/alpine:3'
        },
        stage: 'base'
      },
      { instruction: 'FROM', startLine: 6, endLine: 7, raw: 'base', value: 'base', kind: 'stage' }
    ])
  })

  it("reads Trivy's own test Dockerfile", () => {
    const text = readFileSync(
      path.resolve(process.cwd(), '__fixtures__/shared/fixtures/trivy/repo/dockerfile/Dockerfile'),
      'utf8'
    )
    expect(images(text)).toEqual(['docker.io/library/alpine:3.13'])
  })

  it('a text without FROM has no lines', () => {
    expect(parseFromLines('')).toEqual([])
    expect(parseFromLines('RUN echo hi')).toEqual([])
  })
})

describe('parseImageRef', () => {
  it.each([
    ['', 'the image reference is empty'],
    ['alpine:', "'alpine:' is not a valid image reference (invalid reference format)"],
    ['alpine@sha256:xyz', "'alpine@sha256:xyz' is not a valid image reference (invalid reference format)"],
    ['acme//app', "'acme//app' is not a valid image reference (invalid reference format)"],
    ['a b', "'a b' is not a valid image reference (invalid reference format)"],
    ['Alpine', 'repository name (library/Alpine) must be lower-case'],
    [`alpine@sha256:${'A'.repeat(64)}`, 'invalid digest: the hex must be lower-case'],
    [`alpine@sha1:${'a'.repeat(40)}`, "unsupported digest algorithm 'sha1'"],
    ['a'.repeat(64), `'${'a'.repeat(64)}' is a 64-hex-digit ID, not a repository name`]
  ])('rejects %j', (ref, error) => {
    expect(parseImageRef(ref)).toEqual({ error })
  })
})

describe('baseImageFindings', () => {
  const dockerfile = {
    path: 'services/api/Dockerfile',
    text: [
      'ARG TAG=3.19',
      'FROM golang:1.22 AS build',
      'FROM alpine:${TAG}',
      `FROM gcr.io/distroless/static-debian12@${DIGEST}`,
      'FROM build AS test',
      'FROM scratch',
      'FROM $UNKNOWN'
    ].join('\n')
  }

  it('no allowlist and no digest requirement: no findings', () => {
    expect(baseImageFindings([dockerfile], { allow: [], requireDigest: false }, BUILD)).toEqual([])
  })

  it('flags images outside the allowlist on their FROM line', () => {
    const found = baseImageFindings(
      [dockerfile],
      { allow: ['alpine:3.*', 'gcr.io/distroless/**'], requireDigest: false },
      BUILD
    )
    expect(found.map(f => [f.ruleId, f.severity, f.startLine, f.image])).toEqual([
      [BASE_IMAGE_RULES.notAllowed, 'CRITICAL', 2, 'docker.io/library/golang:1.22'],
      [BASE_IMAGE_RULES.unresolved, 'CRITICAL', 7, undefined]
    ])
    expect(found[0]).toMatchObject({
      tool: 'container-gate',
      kind: 'misconfig',
      file: 'services/api/Dockerfile',
      target: 'services/api/Dockerfile',
      subject: 'services/api/Dockerfile',
      message: 'docker.io/library/golang:1.22 is not allowed; allowed: alpine:3.*, gcr.io/distroless/**'
    })
    // UNKNOWN is declared nowhere: BuildKit expands it to '' (a build argument cannot set it)
    expect(found[1]!.message).toBe(
      'FROM $UNKNOWN: BuildKit cannot use this image name (base name ($UNKNOWN) should not be blank)'
    )
  })

  it('requires digests when asked', () => {
    const found = baseImageFindings([dockerfile], { allow: [], requireDigest: true }, BUILD)
    expect(found.map(f => [f.ruleId, f.severity, f.startLine])).toEqual([
      [BASE_IMAGE_RULES.notPinned, 'CRITICAL', 2],
      [BASE_IMAGE_RULES.notPinned, 'CRITICAL', 3],
      [BASE_IMAGE_RULES.unresolved, 'CRITICAL', 7]
    ])
    expect(found[1]!.message).toBe(
      'docker.io/library/alpine:3.19 is not pinned; write FROM alpine:${TAG}@sha256:<digest>'
    )
  })
})
