import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { ConfigurationError } from '../../src/errors.js'
import { checkToolVersion, normalizeVersion } from '../../src/inputs/tool-versions.js'

describe('normalizeVersion', () => {
  it.each([
    ['0.74.0', '0.74.0'],
    ['v0.74.0', '0.74.0'],
    [' 2.15.1 ', '2.15.1'],
    ['3.23.0-rc.1', '3.23.0-rc.1'],
    ['v3.1.3', '3.1.3'],
    ['0.74.0\n', '0.74.0']
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeVersion(input)).toBe(expected)
  })

  it.each([
    'v1/../../x',
    '../0.74.0',
    '0.74.0/../../etc',
    'latest',
    '0.74',
    '0.74.x',
    '^0.74.0',
    '>=0.74.0',
    '0.74.0+build.1',
    '00.74.0',
    '0.74.0-',
    '0.74.0-rc..1',
    'vv0.74.0',
    '0.74.0 0.75.0',
    '0.74.0%2f..',
    '',
    'v'
  ])('refuses %j', input => {
    expect(normalizeVersion(input)).toBeUndefined()
  })

  it('never lets a path separator or dot-dot through (property)', () => {
    fc.assert(
      fc.property(fc.string(), text => {
        const version = normalizeVersion(text)
        return (
          version === undefined ||
          (!version.includes('/') && !version.includes('\\') && !version.includes('..'))
        )
      })
    )
  })
})

describe('checkToolVersion: the one check a version passes before anything is installed', () => {
  it('returns the canonical version', () => {
    expect(checkToolVersion('trivy', 'v0.74.0')).toBe('0.74.0')
    expect(checkToolVersion('gator', ' 3.23.0 ')).toBe('3.23.0')
  })

  it('refuses a known-compromised release, in either spelling, naming the input', () => {
    for (const version of ['0.69.4', 'v0.69.4']) {
      const attempt = (): unknown => checkToolVersion('trivy', version)
      expect(attempt).toThrow(ConfigurationError)
      expect(attempt).toThrow(
        /^Input 'trivy-version' asks for trivy 0\.69\.4, a known-compromised release \(CVE-2026-33634\)/
      )
    }
  })

  it.each(['v1/../../x', '../../../etc/passwd', 'latest', '0.74', '0.74.0; rm -rf /'])(
    'refuses %j',
    version => {
      const attempt = (): unknown => checkToolVersion('trivy', version)
      expect(attempt).toThrow(ConfigurationError)
      expect(attempt).toThrow(
        /Input 'trivy-version' has an invalid value .*: an exact release version such as 0\.74\.0/
      )
    }
  )
})
