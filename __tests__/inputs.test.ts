import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../src/errors.js'
import { readInputs } from '../src/inputs.js'

function reader(values: Record<string, string>) {
  return (name: string) => values[name] ?? ''
}

describe('readInputs', () => {
  it('reads the defaults a runner passes', () => {
    const inputs = readInputs(
      reader({ 'config-path': '.', mode: 'gate', fail: 'true', summary: 'true', dockerfile: '**/Dockerfile' })
    )
    expect(inputs).toMatchObject({
      images: [],
      imageInputs: [],
      configPaths: ['.'],
      dockerfiles: ['**/Dockerfile'],
      mode: 'gate',
      fail: true,
      summary: true,
      failOn: undefined,
      ignoreUnfixed: undefined
    })
  })

  it('reads lists, severities and booleans', () => {
    const inputs = readInputs(
      reader({
        image: 'ghcr.io/acme/app:1\nalpine@sha256:' + 'a'.repeat(64) + '\n',
        'config-path': 'k8s, charts\nterraform',
        'fail-on': 'high',
        'ignore-unfixed': 'FALSE',
        mode: 'monitor'
      })
    )
    expect(inputs.images).toEqual(['ghcr.io/acme/app:1', 'alpine@sha256:' + 'a'.repeat(64)])
    expect(inputs.configPaths).toEqual(['k8s', 'charts', 'terraform'])
    expect(inputs.failOn).toBe('HIGH')
    expect(inputs.ignoreUnfixed).toBe(false)
    expect(inputs.mode).toBe('monitor')
  })

  it.each([
    [
      { 'fail-on': 'SEVERE' },
      /Input 'fail-on' has an invalid value "SEVERE": expected one of CRITICAL, HIGH, MEDIUM, LOW/
    ],
    [{ image: 'a:1\n\nb:2' }, /Input 'image'.*no empty lines/],
    [{ image: 'a:1 --privileged' }, /Input 'image' has an invalid value "a:1 --privileged"/],
    [{ image: '--config=/etc/passwd' }, /Input 'image'/],
    [
      { 'ignore-unfixed': 'yes' },
      /Input 'ignore-unfixed' has an invalid value "yes": expected true or false/
    ],
    [{ mode: 'audit' }, /Input 'mode' has an invalid value "audit": expected one of gate, monitor/],
    [{ fail: 'maybe' }, /Input 'fail'/]
  ])('%j is one ConfigurationError naming input, value and what is accepted', (values, message) => {
    expect(() => readInputs(reader(values))).toThrow(ConfigurationError)
    expect(() => readInputs(reader(values))).toThrow(message)
  })
})
