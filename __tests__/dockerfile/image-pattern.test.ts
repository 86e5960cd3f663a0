import { describe, it, expect } from '@jest/globals'
import {
  compileImagePattern,
  isImageRef,
  matchesImagePattern,
  parseImageRef
} from '../../src/oci/image-ref.js'

const D = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'

function matches(pattern: string, ref: string): boolean {
  const parsed = parseImageRef(ref)
  if (!isImageRef(parsed)) throw new Error(parsed.error)
  return matchesImagePattern(parsed, pattern)
}

describe('allowlist patterns', () => {
  it.each<[string, string, boolean]>([
    ['alpine', 'alpine:3.19', true],
    ['alpine', 'docker.io/library/alpine', true],
    ['docker.io/library/alpine', 'alpine', true],
    ['alpine', 'alpine-extra:1', false],
    ['alpine:3.*', 'alpine:3.19', true],
    ['alpine:3.*', 'alpine:edge', false],
    ['alpine:3.*', 'alpine', false],
    ['alpine:*', `alpine@${D}`, true],
    ['alpine:3.19', `alpine:3.19@${D}`, true],
    [`alpine@${D}`, `alpine:3.19@${D}`, true],
    [`alpine@${D}`, 'alpine:3.19', false],
    ['ghcr.io/acme/*', 'ghcr.io/acme/app:1', true],
    ['ghcr.io/acme/*', 'ghcr.io/acme/team/app:1', false],
    ['ghcr.io/acme/**', 'ghcr.io/acme/team/app:1', true],
    ['ghcr.io/acme/**', 'ghcr.io/acmecorp/app:1', false],
    ['registry.example.com:5000/**', 'registry.example.com:5000/base:1', true],
    ['registry.example.com/**', 'registry.example.com:5000/base:1', false],
    ['*.example.com/base', 'eu.example.com/base', true],
    ['**/alpine', 'quay.io/library/alpine', true],
    ['**', 'ghcr.io/x/y:z', true],
    ['library/*', 'node:20', true],
    ['bitnami/*', 'bitnami/redis', true]
  ])('%s vs %s → %s', (pattern, ref, expected) => {
    expect(matches(pattern, ref)).toBe(expected)
  })

  it.each([
    ['', 'the pattern is empty'],
    ['ghcr.io/Acme/app', "'Acme' has upper-case letters, and repository names are lower-case"],
    ['https://ghcr.io/acme', 'image references have no scheme (write ghcr.io/acme/app, not https://…)'],
    ['ghcr.io/acme/', 'it has an empty path segment'],
    ['ghcr.io/ac$me', "'ac$me' has characters no repository name contains"],
    ['alpine:3 19', 'it contains white space'],
    ['alpine:v/1', "'alpine:v' is not a registry host"],
    ['alpine:~1', "':~1' is not a tag pattern (letters, digits, _ . - and *)"],
    ['alpine@sha256:ABC', "'@sha256:ABC' is not a digest (sha256:<64 hex digits>)"]
  ])('%j can never match: %s', (pattern, error) => {
    expect(compileImagePattern(pattern)).toEqual({ error })
  })
})
