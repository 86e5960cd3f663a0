/**
 * Issue 10, Dockerfile cases 7-10 and the bypasses found beside them: each was a way for a
 * disallowed base image to pass (or an allowed one to be flagged). BuildKit's reading of the same
 * lines is in the edge files of __fixtures__/dockerfiles/edge, compared by the differential test.
 */
import { describe, expect, it } from '@jest/globals'
import { BASE_IMAGE_RULES, baseImageFindings } from '../../src/checks/base-images/rules.js'
import type { BuildSettings } from '../../src/checks/base-images/read.js'

const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
const ARM64 = { os: 'linux', architecture: 'arm64', variant: '' }
const WINDOWS = { os: 'windows', architecture: 'amd64', variant: '' }
const POLICY = { allow: ['alpine', 'golang', 'ghcr.io/acme/**'], requireDigest: false }

function check(text: string, build: Partial<BuildSettings> = {}, policy = POLICY) {
  const settings: BuildSettings = { platforms: [AMD64], buildPlatform: AMD64, buildArgs: new Map(), ...build }
  return baseImageFindings([{ path: 'Dockerfile', text }], policy, settings).map(f => ({
    rule: f.ruleId,
    severity: f.severity,
    line: f.startLine,
    message: f.message
  }))
}

describe('7: nested ARG defaults are expanded', () => {
  it('ARG BASE=${REGISTRY}/… with a disallowed registry blocks as not allowed', () => {
    const text = 'ARG REGISTRY=evil.example.com\nARG BASE=${REGISTRY}/team/app:1\nFROM ${BASE}\n'
    expect(check(text)).toEqual([
      {
        rule: BASE_IMAGE_RULES.notAllowed,
        severity: 'CRITICAL',
        line: 3,
        message: 'evil.example.com/team/app:1 is not allowed; allowed: alpine, golang, ghcr.io/acme/**'
      }
    ])
  })
})

describe("8: BuildKit's automatic platform ARGs", () => {
  it('FROM evil.example.com/app-${TARGETARCH} is judged for every platform built', () => {
    const found = check('FROM evil.example.com/app-${TARGETARCH}:1\n', { platforms: [AMD64, ARM64] })
    expect(found.map(f => f.message)).toEqual([
      'evil.example.com/app-amd64:1 (for linux/amd64) is not allowed; allowed: alpine, golang, ghcr.io/acme/**',
      'evil.example.com/app-arm64:1 (for linux/arm64) is not allowed; allowed: alpine, golang, ghcr.io/acme/**'
    ])
    expect(found.every(f => f.rule === BASE_IMAGE_RULES.notAllowed && f.severity === 'CRITICAL')).toBe(true)
  })

  it('per-platform stage selection (FROM binaries-$TARGETOS) is a stage, as in buildkit and buildx', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'FROM scratch AS binaries-linux',
      'FROM scratch AS binaries-windows',
      'FROM binaries-$TARGETOS AS binaries'
    ].join('\n')
    expect(check(text, { platforms: [AMD64, ARM64, WINDOWS] })).toEqual([])
  })

  it('a build argument overrides a platform ARG, as --build-arg TARGETARCH=… does', () => {
    const build = { buildArgs: new Map([['TARGETARCH', 'riscv64']]) }
    const text = 'FROM ghcr.io/acme/app-$TARGETARCH:1\n'
    expect(check(text, build, { allow: ['ghcr.io/acme/app-riscv64'], requireDigest: false })).toEqual([])
    expect(
      check(text, build, { allow: ['ghcr.io/acme/app-amd64'], requireDigest: false }).map(f => f.message)
    ).toEqual(['ghcr.io/acme/app-riscv64:1 is not allowed; allowed: ghcr.io/acme/app-amd64'])
  })
})

describe('9: ARG re-declared, nested modifiers, quotes', () => {
  it('an ARG declared again without a default keeps its value', () => {
    const text = 'ARG BASE=evil.example.com/app:1\nARG BASE\nFROM $BASE\n'
    expect(check(text).map(f => [f.rule, f.message])).toEqual([
      [
        BASE_IMAGE_RULES.notAllowed,
        'evil.example.com/app:1 is not allowed; allowed: alpine, golang, ghcr.io/acme/**'
      ]
    ])
  })

  it.each([
    ['ARG OTHER=evil.example.com/acme\nARG SET=1\nFROM ${SET:+$OTHER}/app:1', 'evil.example.com/acme/app:1'],
    ['ARG OTHER=evil.example.com/acme\nFROM ${UNSET:-$OTHER}/app:1', 'evil.example.com/acme/app:1'],
    ['ARG OTHER=evil.example.com\nFROM ${UNSET:-${OTHER}/acme}/app:1', 'evil.example.com/acme/app:1']
  ])('%j expands the variable inside the word', (text, image) => {
    expect(check(text).map(f => f.message)).toEqual([
      `${image} is not allowed; allowed: alpine, golang, ghcr.io/acme/**`
    ])
  })

  it('FROM "…" is unquoted: an allowed image passes, a disallowed one is named', () => {
    expect(check('FROM "alpine:3.19"\nFROM \'ghcr.io/acme/app:1\'\n')).toEqual([])
    expect(check('FROM "evil.example.com/app:1"\n').map(f => f.rule)).toEqual([BASE_IMAGE_RULES.notAllowed])
  })
})

describe('10: build-args, and failing closed on what stays unknown', () => {
  const text = 'ARG BASE\nFROM $BASE\n'

  it('a build argument resolves the FROM exactly', () => {
    expect(
      check(text, { buildArgs: new Map([['BASE', 'evil.example.com/app:1']]) }).map(f => f.rule)
    ).toEqual([BASE_IMAGE_RULES.notAllowed])
    expect(check(text, { buildArgs: new Map([['BASE', 'alpine:3.19']]) })).toEqual([])
  })

  it('without it the FROM blocks, naming the ARG to pin or pass', () => {
    expect(check(text)).toEqual([
      {
        rule: BASE_IMAGE_RULES.unresolved,
        severity: 'CRITICAL',
        line: 2,
        message:
          'FROM $BASE: the image depends on ARG BASE, which has no value here (declared without a default and not in build-args); pin it with a default (ARG BASE=<value>) or pass it in the build-args input'
      }
    ])
  })

  it('also through another ARG default, and under require-digest alone', () => {
    const nested = 'ARG REGISTRY\nARG IMAGE=${REGISTRY}/acme/app:1\nFROM ${IMAGE}\n'
    expect(check(nested, {}, { allow: [], requireDigest: true }).map(f => [f.rule, f.severity])).toEqual([
      [BASE_IMAGE_RULES.unresolved, 'CRITICAL']
    ])
    expect(check(nested).map(f => f.message)[0]).toMatch(/depends on ARG REGISTRY/)
  })
})

describe('bypasses beside the FROM line', () => {
  it('COPY --from=<image> and RUN --mount=from=<image> pull images: they are checked too', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'FROM alpine:3.19',
      'COPY --from=build /out /out',
      'COPY --from=evil.example.com/payload:1 / /',
      'RUN --mount=type=bind,from=evil.example.com/tools:2,target=/t true'
    ].join('\n')
    expect(check(text).map(f => [f.rule, f.line, f.message])).toEqual([
      [
        BASE_IMAGE_RULES.notAllowed,
        4,
        'evil.example.com/payload:1 (COPY --from=evil.example.com/payload:1) is not allowed; allowed: alpine, golang, ghcr.io/acme/**'
      ],
      [
        BASE_IMAGE_RULES.notAllowed,
        5,
        'evil.example.com/tools:2 (RUN --mount=from=evil.example.com/tools:2) is not allowed; allowed: alpine, golang, ghcr.io/acme/**'
      ]
    ])
  })

  it('a FROM written inside a heredoc is no instruction; the escape directive joins lines with a backtick', () => {
    expect(check('FROM alpine:3.19\nRUN <<EOF\nFROM evil.example.com/x:1\nEOF\n')).toEqual([])
    const windows = '# escape=`\nFROM `\n  evil.example.com/windows:1\n'
    expect(check(windows).map(f => [f.line, f.message])).toEqual([
      [2, 'evil.example.com/windows:1 is not allowed; allowed: alpine, golang, ghcr.io/acme/**']
    ])
  })

  it('a stage named like an allowed image does not hide a later disallowed name with other case', () => {
    // BuildKit matches stage names exactly: FROM ALPINE is an (invalid) image, not the stage.
    const text = 'FROM evil.example.com/x:1 AS alpine\nFROM ALPINE\n'
    expect(check(text).map(f => [f.rule, f.line])).toEqual([
      [BASE_IMAGE_RULES.notAllowed, 1],
      [BASE_IMAGE_RULES.unresolved, 2]
    ])
  })

  it('a Dockerfile BuildKit cannot parse is not silently skipped', () => {
    expect(check('FROM alpine:3.19\nRUN <<EOF\nnever terminated\n').map(f => [f.rule, f.message])).toEqual([
      [
        BASE_IMAGE_RULES.unresolved,
        'BuildKit cannot parse this Dockerfile (unterminated heredoc), so the images it pulls cannot be checked'
      ]
    ])
  })

  it("a # syntax= frontend other than Docker's own is checked: it builds instead of the FROM lines", () => {
    expect(
      check('# syntax=evil.example.com/frontend:1\nFROM alpine:3.19\n').map(f => [f.rule, f.line, f.message])
    ).toEqual([
      [
        BASE_IMAGE_RULES.notAllowed,
        1,
        'evil.example.com/frontend:1 (# syntax=evil.example.com/frontend:1) is not allowed; allowed: alpine, golang, ghcr.io/acme/**'
      ]
    ])
    expect(
      check('FROM alpine:3.19\n', { buildArgs: new Map([['BUILDKIT_SYNTAX', 'evil.example.com/f:1']]) }).map(
        f => f.rule
      )
    ).toEqual([BASE_IMAGE_RULES.notAllowed])
    // Docker's own frontend is the builder's code: neither the allowlist nor require-digest applies.
    const official = '# syntax=docker/dockerfile:1\nFROM alpine:3.19@sha256:' + 'a'.repeat(64) + '\n'
    expect(check(official, {}, { allow: ['alpine'], requireDigest: true })).toEqual([])
  })
})
