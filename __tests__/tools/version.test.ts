import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { atLeast, compareVersions, normalizeVersion } from '../../src/tools/version.js'

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

describe('compareVersions', () => {
  it('orders numerically, pre-releases first', () => {
    const sorted = ['2.15.1', '2.9.3', '2.13.1', '2.13.1-rc.1', '2.13.1-beta', '2.10.0', '2.13.0'].sort(
      compareVersions
    )
    expect(sorted).toEqual(['2.9.3', '2.10.0', '2.13.0', '2.13.1-beta', '2.13.1-rc.1', '2.13.1', '2.15.1'])
    expect(atLeast('2.15.0', '2.15.0')).toBe(true)
    expect(atLeast('2.14.9', '2.15.0')).toBe(false)
    expect(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10')).toBeLessThan(0)
  })

  it('is antisymmetric (property)', () => {
    const version = fc
      .tuple(
        fc.nat(30),
        fc.nat(30),
        fc.nat(30),
        fc.option(fc.constantFrom('rc.1', 'rc.2', 'beta', 'alpha.10'))
      )
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`)
    fc.assert(
      fc.property(
        version,
        version,
        (a, b) => Math.sign(compareVersions(a, b)) === -Math.sign(compareVersions(b, a))
      )
    )
  })
})
