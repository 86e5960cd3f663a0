/**
 * The policy file's `signatures:` section (issue 12): what a rule reads into, and each mistake as one
 * error naming the file and the line, before any scan.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ConfigurationError } from '../../src/errors.js'
import { parsePolicy } from '../../src/policy/load.js'

const FILE = '.github/container-gate.yml'
const GITHUB = 'https://token.actions.githubusercontent.com'

function refusal(text: string): string {
  try {
    parsePolicy(text, FILE)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error(`expected an error for:\n${text}`)
}

describe('signatures: rules', () => {
  it('reads key, keyless and attestation rules, each with its line', () => {
    const policy = parsePolicy(
      [
        'signatures:',
        '  - images: [ghcr.io/acme/**]',
        '    key: .github/cosign.pub',
        '  - images: [cgr.dev/chainguard/*]',
        '    identity: https://github.com/chainguard-images/images/.github/workflows/release.yaml@refs/heads/main',
        '    issuer: https://token.actions.githubusercontent.com',
        '  - images: [ghcr.io/acme/app]',
        "    identity-regexp: '^https://github\\.com/acme/'",
        `    issuer: ${GITHUB}`,
        '    type: vuln',
        ''
      ].join('\n'),
      FILE
    )
    expect(policy.signatures).toEqual([
      {
        images: ['ghcr.io/acme/**'],
        signer: { kind: 'key', key: '.github/cosign.pub' },
        source: `${FILE}:2`,
        appliesTo: 'scanned-and-base'
      },
      {
        images: ['cgr.dev/chainguard/*'],
        signer: {
          kind: 'identity',
          identity:
            'https://github.com/chainguard-images/images/.github/workflows/release.yaml@refs/heads/main',
          issuer: GITHUB
        },
        source: `${FILE}:4`,
        appliesTo: 'scanned-and-base'
      },
      {
        images: ['ghcr.io/acme/app'],
        signer: { kind: 'identity', identityRegexp: '^https://github\\.com/acme/', issuer: GITHUB },
        attestation: { name: 'vuln', predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1' },
        source: `${FILE}:7`,
        appliesTo: 'scanned-and-base'
      }
    ])
  })

  it('KMS and env:// keys are taken as cosign takes them; a predicate type URI as the type', () => {
    const policy = parsePolicy(
      'signatures:\n  - images: ["**"]\n    key: awskms:///alias/release\n    type: https://example.com/attestation/v1\n  - images: ["**"]\n    key: env://RELEASE_PUB\n',
      FILE
    )
    expect(policy.signatures.map(r => r.signer)).toEqual([
      { kind: 'key', key: 'awskms:///alias/release' },
      { kind: 'key', key: 'env://RELEASE_PUB' }
    ])
    expect(policy.signatures[0]!.attestation?.predicateType).toBe('https://example.com/attestation/v1')
  })

  it('an identity without an issuer', () => {
    expect(
      refusal(`signatures:\n  - images: [ghcr.io/acme/**]\n    identity: https://github.com/acme/x\n`)
    ).toMatch(new RegExp(`^${FILE}:2: .*signatures\\[0\\] has an identity without an issuer`))
  })

  it('key and keyless in the same rule', () => {
    expect(
      refusal(
        `signatures:\n  - images: ['**']\n    key: cosign.pub\n    identity: https://github.com/acme/x\n    issuer: ${GITHUB}\n`
      )
    ).toMatch(new RegExp(`^${FILE}:2: .*key and keyless .* in the same rule`))
  })

  it('no signer, both identity kinds, no images, empty images', () => {
    expect(refusal(`signatures:\n  - images: ['**']\n`)).toMatch(/:2: .*names no signer/)
    expect(
      refusal(
        `signatures:\n  - images: ['**']\n    identity: a\n    identity-regexp: b\n    issuer: ${GITHUB}\n`
      )
    ).toMatch(/:2: .*both identity and identity-regexp/)
    expect(refusal(`signatures:\n  - key: cosign.pub\n`)).toMatch(/:2: .*needs images/)
    expect(refusal(`signatures:\n  - images: []\n    key: cosign.pub\n`)).toMatch(/:2: .*images is empty/)
  })

  it('a pattern that can never match an image, at its own line', () => {
    expect(
      refusal(
        `signatures:\n  - key: cosign.pub\n    images:\n      - ghcr.io/acme/**\n      - 'Ghcr.io/UPPER'\n`
      )
    ).toMatch(new RegExp(`^${FILE}:5: .*pattern 'Ghcr.io/UPPER' can never match an image`))
  })

  it('an unknown attestation type, with a suggestion and what is accepted', () => {
    const message = refusal(`signatures:\n  - images: ['**']\n    key: cosign.pub\n    type: vulm\n`)
    expect(message).toMatch(new RegExp(`^${FILE}:4: .*unknown attestation type`))
    expect(message).toContain("Did you mean 'vuln'?")
    expect(message).toContain('cyclonedx')
  })

  it('an identity pattern cosign (RE2) would refuse', () => {
    expect(
      refusal(`signatures:\n  - images: ['**']\n    identity-regexp: '^(?!mallory)'\n    issuer: ${GITHUB}\n`)
    ).toMatch(/:3: .*not RE2 syntax/)
    expect(
      refusal(`signatures:\n  - images: ['**']\n    identity-regexp: '(unclosed'\n    issuer: ${GITHUB}\n`)
    ).toMatch(/:3: .*is not a pattern cosign can use: it is not a regular expression/)
    // cosign matches anywhere in the identity: unanchored, another owner's branch named so would pass.
    expect(
      refusal(
        `signatures:\n  - images: ['**']\n    identity-regexp: 'github\\.com/acme/'\n    issuer: ${GITHUB}\n`
      )
    ).toMatch(/:3: .*it must be anchored with \^/)
  })

  it('a key cosign cannot be given: a URL, an unknown scheme, a bad env:// name', () => {
    expect(
      refusal(`signatures:\n  - images: ['**']\n    key: https://keys.example.com/cosign.pub\n`)
    ).toMatch(/:3: .*only as trustworthy as that server/)
    expect(refusal(`signatures:\n  - images: ['**']\n    key: vault://x\n`)).toMatch(
      /:3: .*'vault:\/\/' keys are not supported/
    )
    expect(refusal(`signatures:\n  - images: ['**']\n    key: env://1BAD\n`)).toMatch(
      /:3: .*does not name an environment variable/
    )
  })

  it('signature findings block by default; tiers.signatures can lower them', () => {
    expect(parsePolicy('', FILE).tiers.signature.CRITICAL).toEqual({ action: 'block' })
    expect(parsePolicy('tiers: { signatures: { CRITICAL: warn } }', FILE).tiers.signature.CRITICAL).toEqual({
      action: 'warn'
    })
  })

  it('an unknown key in a rule, with a suggestion', () => {
    expect(refusal(`signatures:\n  - images: ['**']\n    key: cosign.pub\n    isuer: x\n`)).toMatch(
      /:4: .*isuer/
    )
  })
})

describe("the README's signatures: example", () => {
  it('is a policy the action accepts, one rule per entry', () => {
    const readme = readFileSync('README.md', 'utf8')
    const blocks = [...readme.matchAll(/```yaml\n(signatures:\n[\s\S]*?)```/g)].map(m => m[1]!)
    expect(blocks).toHaveLength(1)
    const rules = parsePolicy(blocks[0]!, FILE).signatures
    expect(rules.length).toBe((blocks[0]!.match(/^ {2}- images:/gm) ?? []).length)
    expect(rules.some(r => r.attestation?.name === 'vuln')).toBe(true)
  })
})
