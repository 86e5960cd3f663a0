import { describe, it, expect } from '@jest/globals'
import { canonicalId } from '../../src/findings/rule-id.js'
import { ignoreMatches, isExpired } from '../../src/policy/ignores.js'
import type { IgnoreRule } from '../../src/policy/types.js'
import { misconfig, vuln } from './helpers.js'

const rule = (r: Partial<IgnoreRule>): IgnoreRule => ({ id: 'CVE-2024-0001', reason: 'r', source: 's', ...r })

describe('canonicalId', () => {
  it.each([
    ['DS002', 'DS-0002'],
    ['AVD-DS-0002', 'DS-0002'],
    ['ds-0002', 'DS-0002'],
    ['KSV017', 'KSV-0017'],
    ['AVD-KSV-0017', 'KSV-0017'],
    ['AVD-AWS-0086', 'AWS-0086'],
    ['CVE-2019-14697', 'CVE-2019-14697'],
    ['GHSA-xxxx-yyyy-zzzz', 'GHSA-XXXX-YYYY-ZZZZ'],
    ['aws-access-key-id', 'AWS-ACCESS-KEY-ID']
  ])('%s → %s', (id, canonical) => expect(canonicalId(id)).toBe(canonical))
})

describe('ignore scopes', () => {
  const f = vuln({
    package: { name: 'openssl', fixedVersion: '3', purl: 'pkg:apk/alpine/openssl@1.0?arch=x86_64' },
    image: 'ghcr.io/acme/app:1.2',
    subject: 'ghcr.io/acme/app:1.2',
    target: 'ghcr.io/acme/app:1.2 (alpine 3.19.1)'
  })
  it.each<[string, Partial<IgnoreRule>, boolean]>([
    ['id only', {}, true],
    ['other id', { id: 'CVE-2024-0002' }, false],
    ['id in lower case', { id: 'cve-2024-0001' }, true],
    ['package name', { package: 'openssl' }, true],
    ['other package', { package: 'libssl' }, false],
    ['package given as purl without version', { package: 'pkg:apk/alpine/openssl' }, true],
    ['purl scope with version', { purl: 'pkg:apk/alpine/openssl@1.0' }, true],
    ['purl scope with another version', { purl: 'pkg:apk/alpine/openssl@1.1' }, false],
    ['image exact', { image: 'ghcr.io/acme/app:1.2' }, true],
    ['image glob', { image: 'ghcr.io/acme/*' }, true],
    ['image glob on the tag', { image: 'ghcr.io/acme/app:1.*' }, true],
    ['other image', { image: 'ghcr.io/acme/web:*' }, false],
    ['target exact', { target: 'ghcr.io/acme/app:1.2 (alpine 3.19.1)' }, true],
    ['other target', { target: 'Dockerfile' }, false],
    ['path on a finding without a file', { path: 'Dockerfile' }, false],
    ['kinds excluding vulnerabilities', { kinds: ['misconfig'] }, false],
    ['all scopes together', { package: 'openssl', image: 'ghcr.io/acme/**', target: '**' }, true],
    ['all scopes but one wrong', { package: 'openssl', image: 'ghcr.io/acme/**', target: 'x' }, false]
  ])('%s', (_n, r, expected) => expect(ignoreMatches(rule(r), f)).toBe(expected))

  it.each<[string, string, boolean]>([
    ['exact path', 'docker/app/Dockerfile', true],
    ['glob in one segment', 'docker/*/Dockerfile', true],
    ['globstar', '**/Dockerfile', true],
    ['star does not cross segments', 'docker/*', false],
    ['other path', 'Dockerfile', false]
  ])('path scope: %s', (_n, path, expected) => {
    const m = misconfig({ file: 'docker/app/Dockerfile', target: 'docker/app/Dockerfile' })
    expect(ignoreMatches(rule({ id: 'DS002', path }), m)).toBe(expected)
  })
})

describe('expiry', () => {
  it.each<[string, string | undefined, boolean]>([
    ['no expiry', undefined, false],
    ['expires tomorrow', '2024-03-16', false],
    ['expires today', '2024-03-15', false],
    ['expired yesterday', '2024-03-14', true]
  ])('%s', (_n, expires, expired) => {
    expect(isExpired(rule(expires ? { expires } : {}), new Date('2024-03-15T23:59:59.999Z'))).toBe(expired)
  })
})
