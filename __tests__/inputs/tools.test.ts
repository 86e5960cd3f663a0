import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '../../src/errors.js'
import {
  DEFAULT_TRIVY_DB_REPOSITORIES,
  parseDigests,
  parseMirror,
  parseRepositoryList,
  parseToolInputs
} from '../../src/inputs/tools.js'

describe('parseToolInputs', () => {
  it('applies the pinned defaults', () => {
    expect(parseToolInputs({})).toEqual({
      settings: {
        versions: {
          trivy: '0.74.0',
          hadolint: '2.15.1',
          cosign: '3.1.3',
          gator: '3.23.0',
          kustomize: '5.8.2',
          crane: '0.22.1'
        },
        cacheDb: true,
        digests: new Map(),
        trustPathTools: false,
        trivyDbRepositories: ['mirror.gcr.io/aquasec/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'],
        trivyJavaDbRepositories: [
          'mirror.gcr.io/aquasec/trivy-java-db:1',
          'ghcr.io/aquasecurity/trivy-java-db:1'
        ]
      },
      warnings: []
    })
  })

  it('trusts tools on PATH only when trust-path-tools says so', () => {
    expect(parseToolInputs({ 'trust-path-tools': '' }).settings.trustPathTools).toBe(false)
    expect(parseToolInputs({ 'trust-path-tools': 'false' }).settings.trustPathTools).toBe(false)
    expect(parseToolInputs({ 'trust-path-tools': 'true' }).settings.trustPathTools).toBe(true)
    expect(() => parseToolInputs({ 'trust-path-tools': 'yes' })).toThrow(
      /Input 'trust-path-tools' has an invalid value "yes"/
    )
  })

  it('treats empty strings as unset (how action inputs arrive) and normalizes versions', () => {
    const { settings: inputs } = parseToolInputs({
      'trivy-version': 'v0.75.0',
      'hadolint-version': '',
      'cache-db': 'false',
      'tool-mirror': 'https://artifacts.example.com/github/',
      'trivy-db-repository': 'registry.example.com/mirrors/trivy-db:2, ghcr.io/aquasecurity/trivy-db:2'
    })
    expect(inputs.versions.trivy).toBe('0.75.0')
    expect(inputs.versions.hadolint).toBe('2.15.1')
    expect(inputs.cacheDb).toBe(false)
    expect(inputs.mirror).toBe('https://artifacts.example.com/github')
    expect(inputs.trivyDbRepositories).toEqual([
      'registry.example.com/mirrors/trivy-db:2',
      'ghcr.io/aquasecurity/trivy-db:2'
    ])
  })

  it.each([
    ['trivy-version', 'v1/../../x'],
    ['cosign-version', 'latest'],
    ['gator-version', '3.23'],
    ['hadolint-version', '>=2.15.0']
  ])('refuses %s=%j, naming the input and what is accepted', (input, value) => {
    const attempt = (): unknown => parseToolInputs({ [input]: value })
    expect(attempt).toThrow(ConfigurationError)
    expect(attempt).toThrow(
      `Input '${input}' has an invalid value ${JSON.stringify(value)}: an exact release version`
    )
  })

  it('refuses the compromised Trivy release by name', () => {
    expect(() => parseToolInputs({ 'trivy-version': '0.69.4' })).toThrow(
      /Input 'trivy-version' asks for trivy 0\.69\.4, a known-compromised release \(CVE-2026-33634\)/
    )
  })

  it('refuses a cache-db that is not a boolean', () => {
    expect(() => parseToolInputs({ 'cache-db': 'yes' })).toThrow(
      `Input 'cache-db' has an invalid value "yes": expected true or false.`
    )
    expect(parseToolInputs({ 'cache-db': 'TRUE' }).settings.cacheDb).toBe(true)
  })

  it('refuses DB repositories that are URLs or empty lists', () => {
    expect(() => parseToolInputs({ 'trivy-db-repository': 'https://ghcr.io/aquasecurity/trivy-db' })).toThrow(
      /Input 'trivy-db-repository' has an invalid value "https:\/\/ghcr.io\/aquasecurity\/trivy-db": registry references/
    )
    expect(() => parseToolInputs({ 'trivy-java-db-repository': ' , ' })).toThrow(/trivy-java-db-repository/)
  })
})

describe('parseMirror', () => {
  it('accepts http(s) base URLs with a path prefix', () => {
    expect(parseMirror('https://ghe.example.com')).toBe('https://ghe.example.com')
    expect(parseMirror('https://nexus.example.com/repository/github-releases/')).toBe(
      'https://nexus.example.com/repository/github-releases'
    )
  })

  it('warns about plain http', () => {
    const warnings: string[] = []
    expect(parseMirror('http://10.0.0.5:8081/gh', warnings)).toBe('http://10.0.0.5:8081/gh')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/plain http/)
  })

  it.each([
    'ftp://mirror.example.com',
    'file:///srv/releases',
    'mirror.example.com',
    'https://x.example/?token=1'
  ])('refuses %j', value => {
    expect(() => parseMirror(value)).toThrow(/Input 'tool-mirror' has an invalid value/)
  })

  it('refuses credentials in the URL without echoing them', () => {
    let message = ''
    try {
      parseMirror('https://robot:s3cr3t-token@artifacts.example.com/gh')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(
      /Input 'tool-mirror' has an invalid value "https:\/\/\*\*\*:\*\*\*@artifacts.example.com\/gh"/
    )
    expect(message).not.toContain('s3cr3t')
    expect(message).not.toContain('robot')
  })
})

describe('parseDigests (tool-digests)', () => {
  const sha = 'AB'.repeat(32)

  it('reads sha256sum lines, with the * and ./ prefixes of the tools checksum files', () => {
    const digests = parseDigests(
      `${sha}  trivy_0.74.0_Linux-64bit.tar.gz\n\n${sha} *hadolint-linux-x86_64\n${sha}  ./gator-v3.23.0-linux-amd64.tar.gz`
    )
    expect([...digests.entries()]).toEqual([
      ['trivy_0.74.0_Linux-64bit.tar.gz', sha.toLowerCase()],
      ['hadolint-linux-x86_64', sha.toLowerCase()],
      ['gator-v3.23.0-linux-amd64.tar.gz', sha.toLowerCase()]
    ])
    expect(parseDigests('').size).toBe(0)
  })

  it.each([['deadbeef  trivy.tar.gz'], [`${sha}`], [`${sha}  ../../etc/passwd`], [`${sha}  a b`]])(
    '%s is one error naming the input and the accepted format',
    line => {
      expect(() => parseDigests(line)).toThrow(ConfigurationError)
      expect(() => parseDigests(line)).toThrow(/Input 'tool-digests'.*<sha256> {2}<asset file name>/)
    }
  )
})

describe('Trivy DB repositories', () => {
  it('defaults to Trivy’s own order: mirror.gcr.io, then ghcr.io', () => {
    expect(DEFAULT_TRIVY_DB_REPOSITORIES).toEqual([
      'mirror.gcr.io/aquasec/trivy-db:2',
      'ghcr.io/aquasecurity/trivy-db:2'
    ])
  })

  it('parses comma and newline lists, keeping order and dropping duplicates', () => {
    expect(
      parseRepositoryList(
        'trivy-db-repository',
        'localhost:5000/trivy-db:2,\n ghcr.io/aquasecurity/trivy-db:2, localhost:5000/trivy-db:2'
      )
    ).toEqual(['localhost:5000/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'])
    expect(parseRepositoryList('x', `r.example/db@sha256:${'a'.repeat(64)}`)).toHaveLength(1)
  })

  it.each([
    'https://ghcr.io/aquasecurity/trivy-db',
    'ghcr.io',
    'ghcr.io/Aqua/trivy-db',
    'ghcr.io/a/b:2 --insecure',
    ''
  ])('refuses %j', value => {
    expect(() => parseRepositoryList('trivy-db-repository', value)).toThrow(
      /Input 'trivy-db-repository' has an invalid value/
    )
  })
})
