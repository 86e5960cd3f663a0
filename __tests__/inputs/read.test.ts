import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { ConfigurationError } from '../../src/errors.js'
import { INSTALLABLE_TOOLS } from '../../src/findings/model.js'
import { readInputs } from '../../src/inputs/read.js'
import { DEFAULT_TOOL_VERSIONS } from '../../src/inputs/tool-versions.js'
import { DEFAULT_TRIVY_DB_REPOSITORIES, DEFAULT_TRIVY_JAVA_DB_REPOSITORIES } from '../../src/inputs/tools.js'

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

  it('reads build-args and platforms as docker/build-push-action takes them', () => {
    const inputs = readInputs(
      reader({
        'build-args':
          'BASE=ghcr.io/acme/base:1\n\nEMPTY=\nURL=https://x.example/?a=b\nBASE=ghcr.io/acme/base:2\n',
        platforms: 'linux/amd64, linux/arm64\nlinux/arm,linux/aarch64/v8',
        hadolint: 'false'
      })
    )
    expect([...inputs.buildArgs]).toEqual([
      ['BASE', 'ghcr.io/acme/base:2'],
      ['EMPTY', ''],
      ['URL', 'https://x.example/?a=b']
    ])
    expect(inputs.platforms).toEqual([
      { os: 'linux', architecture: 'amd64', variant: '' },
      { os: 'linux', architecture: 'arm64', variant: '' },
      { os: 'linux', architecture: 'arm', variant: 'v7' }
    ])
    expect(inputs.hadolint).toBe(false)
    expect(readInputs(reader({})).hadolint).toBe(true)
    expect(readInputs(reader({})).platforms).toEqual([])
  })

  it.each([
    [
      { 'build-args': 'BASE' },
      `Input 'build-args' has an invalid value "BASE": expected one NAME=value per line`
    ],
    [{ 'build-args': 'A=1\n=2' }, `Input 'build-args' has an invalid value "=2"`],
    [
      { platforms: 'linux/amd64,arm64' },
      `Input 'platforms' has an invalid value "arm64": expected os/arch or os/arch/variant`
    ],
    [{ platforms: 'linux/*' }, `Input 'platforms' has an invalid value "linux/*"`],
    [{ platforms: 'windows(10.0.17763)/amd64' }, 'OS versions and features are not supported here'],
    [{ hadolint: 'no' }, `Input 'hadolint' has an invalid value "no": expected true or false`]
  ])('%j is one ConfigurationError naming the input, the value and what is accepted', (values, message) => {
    expect(() => readInputs(reader(values))).toThrow(ConfigurationError)
    expect(() => readInputs(reader(values))).toThrow(message)
  })
})

describe('the same thing given twice', () => {
  it('scans one image once however it is written, and says so once per repeat', () => {
    const digest = 'sha256:' + 'b'.repeat(64)
    const inputs = readInputs(
      reader({
        image: [
          'alpine',
          'docker.io/library/alpine:latest',
          'index.docker.io/library/alpine',
          'alpine:3.20',
          `alpine@${digest}`,
          `alpine:3.20@${digest}`,
          'ghcr.io/acme/app:1',
          'ghcr.io/acme/app:1'
        ].join('\n')
      })
    )
    expect(inputs.images).toEqual(['alpine', 'alpine:3.20', `alpine@${digest}`, 'ghcr.io/acme/app:1'])
    expect(inputs.notes).toEqual([
      `Input 'image': "docker.io/library/alpine:latest" is the same image as "alpine"; scanned once.`,
      `Input 'image': "index.docker.io/library/alpine" is the same image as "alpine"; scanned once.`,
      `Input 'image': "alpine:3.20@${digest}" is the same image as "alpine@${digest}"; scanned once.`,
      `Input 'image': "ghcr.io/acme/app:1" is given twice; scanned once.`
    ])
  })

  it('keeps images that differ: another tag, registry or repository', () => {
    const refs = ['alpine:3.19', 'alpine:3.20', 'ghcr.io/library/alpine:3.20', 'acme/alpine:3.20']
    const inputs = readInputs(reader({ image: refs.join('\n') }))
    expect(inputs.images).toEqual(refs)
    expect(inputs.notes).toEqual([])
  })

  it('scans one path once: image-input and config-path', () => {
    const inputs = readInputs(
      reader({
        'image-input': 'out/app.tar\n./out/app.tar\nout//app.tar',
        'config-path': '., ./, k8s/, k8s, charts'
      })
    )
    expect(inputs.imageInputs).toEqual(['out/app.tar'])
    expect(inputs.configPaths).toEqual(['.', 'k8s/', 'charts'])
    expect(inputs.notes).toEqual([
      `Input 'image-input': "./out/app.tar" is the same path as "out/app.tar"; scanned once.`,
      `Input 'image-input': "out//app.tar" is the same path as "out/app.tar"; scanned once.`,
      `Input 'config-path': "./" is the same path as "."; scanned once.`,
      `Input 'config-path': "k8s" is the same path as "k8s/"; scanned once.`
    ])
  })
})

describe('one rule for every true/false input', () => {
  it('reads fail and cache-db alike, whatever the case', () => {
    for (const value of ['tRuE', 'TRUE', 'True', ' true ']) {
      const inputs = readInputs(reader({ fail: value, 'cache-db': value, 'trust-path-tools': value }))
      expect([inputs.fail, inputs.tools.cacheDb, inputs.tools.trustPathTools]).toEqual([true, true, true])
    }
    for (const input of ['fail', 'cache-db', 'trust-path-tools', 'upload-sarif']) {
      expect(() => readInputs(reader({ [input]: 'yes' }))).toThrow(
        `Input '${input}' has an invalid value "yes": expected true or false.`
      )
    }
  })
})

describe('defaults', () => {
  const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }

  it('are the ones action.yml states', () => {
    for (const tool of INSTALLABLE_TOOLS)
      expect(action.inputs[`${tool}-version`]?.default).toBe(DEFAULT_TOOL_VERSIONS[tool])
    expect(action.inputs['trivy-db-repository']?.default).toBe(DEFAULT_TRIVY_DB_REPOSITORIES.join(','))
    expect(action.inputs['trivy-java-db-repository']?.default).toBe(
      DEFAULT_TRIVY_JAVA_DB_REPOSITORIES.join(',')
    )
  })
})
