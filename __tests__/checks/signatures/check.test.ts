/**
 * The signature check as a whole, with cosign answering what cosign 3.1.3 really answered for each
 * image (__fixtures__/recorded/cosign-3.1.3-*.json, matched by subcommand and image): which images
 * are verified (the scanned digest; each Dockerfile's base images after the allowlist's FROM
 * resolution, build-args included), with which argv, and which finding each outcome becomes, where.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BuildSettings } from '../../../src/checks/base-images/read.js'
import { checkSignatures } from '../../../src/checks/signatures/check.js'
import type { VerificationSettings } from '../../../src/checks/signatures/prepare.js'
import type { SignatureRule } from '../../../src/checks/signatures/rules.js'
import type { Exec } from '../../../src/tools/exec.js'
import { RECORDED } from '../../helpers/shared.js'

interface Recording {
  command: string[]
  exitCode: number
  stdout: string
  stderr: string
}

const REG = '127.0.0.1:43439'
/** The recordings' ports differ between e2e runs: an image is known by its path and digest. */
const portless = (image: string) => image.replace(/^127\.0\.0\.1:\d+\//, '')

/** What cosign answered, by "subcommand type image" (the key-signed recordings only). */
function recordedAnswers(): Map<string, Recording> {
  const answers = new Map<string, Recording>()
  for (const name of readdirSync(RECORDED).filter(
    n => n.startsWith('cosign-3.1.3-') && n.endsWith('.json')
  )) {
    const r = JSON.parse(readFileSync(join(RECORDED, name), 'utf8')) as Recording
    if (!r.command.includes('--key') && r.command[0] !== 'tree') continue
    if (name.includes('needs-tuf') || name.includes('unreachable')) continue
    const type = r.command.includes('--type') ? r.command[r.command.indexOf('--type') + 1] : ''
    answers.set(`${r.command[0]} ${type} ${portless(r.command[r.command.length - 1]!)}`, r)
  }
  return answers
}

const ANSWERS = recordedAnswers()
const ABSENT = `sha256:${'0'.repeat(64)}`
/** cosign tree of an image the registry has (recorded for signed-key; it exits 0 for any image there). */
const TREE_OK = [...ANSWERS.entries()].find(([k]) => k.startsWith('tree ') && !k.endsWith(ABSENT))![1]
const TYPE_NAMES: Record<string, string> = { 'https://cosign.sigstore.dev/attestation/vuln/v1': 'vuln' }

/** A cosign that answers from the recordings and remembers every argv it was given. */
function fakeCosign() {
  const calls: string[][] = []
  const exec: Exec = (file, args) => {
    calls.push([...args])
    const type = args.includes('--type') ? args[args.indexOf('--type') + 1]! : ''
    const key = `${args[0]} ${TYPE_NAMES[type] ?? type} ${portless(args[args.length - 1]!)}`
    const answer = ANSWERS.get(key) ?? (args[0] === 'tree' && !key.endsWith(ABSENT) ? TREE_OK : undefined)
    if (!answer) throw new Error(`no recording for ${key}`)
    return Promise.resolve({ exitCode: answer.exitCode, stdout: answer.stdout, stderr: answer.stderr })
  }
  return { exec, calls }
}

const DIGESTS = {
  signed: 'sha256:f62d5a677df1a3017a146e3948bbebdcff3fd2a0b6a5a38ebe8d7d732e108ad7',
  unsigned: 'sha256:4d9dc6ca896b3fc09e27a2707e54d6426daf36ce4ffe730a528671d3e10874b6',
  other: 'sha256:c127995029ef45c31eae6d391ece5ba270f64b06be096ae44dd57c432d2158b5',
  attested: 'sha256:9c1764c0b8011897d9ab9534aa9524e6a6b6dccb016dbb878fc2118ae89c4ff0',
  absent: ABSENT
}

const rule = (extra: Partial<SignatureRule> = {}): SignatureRule => ({
  images: [`${REG}/container-gate/**`],
  signer: { kind: 'key', key: '.github/cosign.pub' },
  source: '.github/container-gate.yml:3',
  appliesTo: 'scanned-and-base',
  ...extra
})

function settings(rules: SignatureRule[]): VerificationSettings {
  return {
    rules,
    trust: {},
    keyFiles: new Map([['.github/cosign.pub', '/run/sigstore/key-1.pub']]),
    keyEnv: new Map()
  }
}

const AMD64 = { os: 'linux', architecture: 'amd64', variant: '' }
const build = (args: Record<string, string> = {}): BuildSettings => ({
  platforms: [AMD64],
  buildPlatform: AMD64,
  buildArgs: new Map(Object.entries(args))
})

const scanned = (name: string, digest?: string) => ({
  reference: `${REG}/container-gate/${name}:1`,
  ...(digest ? { pinned: `${REG}/container-gate/${name}@${digest}` } : {}),
  reportFile: `/run/${name}.json`
})

function run(
  rules: SignatureRule[],
  options: {
    registry?: ReturnType<typeof scanned>[]
    inputs?: { path: string; tags: string[] }[]
    dockerfiles?: { path: string; text: string }[]
    build?: BuildSettings
    unknownReported?: boolean
  }
) {
  const cosign = fakeCosign()
  const results = checkSignatures({
    settings: settings(rules),
    scanned: { registry: options.registry ?? [], inputs: options.inputs ?? [] },
    dockerfiles: options.dockerfiles ?? [],
    build: options.build ?? build(),
    unknownReported: options.unknownReported ?? false,
    exec: cosign.exec,
    cosign: '/tools/cosign'
  })
  return { results, calls: cosign.calls }
}

const rows = (findings: Awaited<ReturnType<typeof checkSignatures>>['findings']) =>
  findings.map(f => `${f.ruleId} ${f.file ? `${f.file}:${f.startLine}` : f.image}`)

describe('checkSignatures: the scanned images, by the digest scanned', () => {
  it('verifies each pinned digest with the key copy; missing and mismatched signatures are findings', async () => {
    const { results, calls } = run([rule()], {
      registry: [
        scanned('signed-key', DIGESTS.signed),
        scanned('unsigned', DIGESTS.unsigned),
        scanned('signed-other-key', DIGESTS.other)
      ]
    })
    const { findings, verified } = await results
    expect(calls[0]).toEqual([
      'verify',
      '--key',
      '/run/sigstore/key-1.pub',
      '--output',
      'json',
      '--',
      `${REG}/container-gate/signed-key@${DIGESTS.signed}`
    ])
    // Trivy pulled each by its digest: cosign's "no signatures" cannot mean "no image", no tree call.
    expect(calls.map(c => c[0])).toEqual(['verify', 'verify', 'verify'])
    expect(verified).toEqual([
      `${REG}/container-gate/signed-key@${DIGESTS.signed} (.github/container-gate.yml:3)`
    ])
    expect(rows(findings)).toEqual([
      `CG-SIGNATURE-MISSING ${REG}/container-gate/unsigned:1`,
      `CG-SIGNATURE-MISMATCH ${REG}/container-gate/signed-other-key:1`
    ])
    expect(findings.every(f => f.severity === 'CRITICAL' && f.kind === 'signature')).toBe(true)
    expect(findings[1]!.message).toContain('found signatures by another key or identity')
  })

  it('an image with only attestations by the key is not signed, though cosign exits 0', async () => {
    const { findings } = await run([rule()], { registry: [scanned('fresh-attest-key', DIGESTS.attested)] })
      .results
    expect(rows(findings)).toEqual([`CG-SIGNATURE-MISSING ${REG}/container-gate/fresh-attest-key:1`])
  })

  it('an attestation rule (type:) runs verify-attestation: present, missing, only a signature', async () => {
    const vuln = rule({
      attestation: { name: 'vuln', predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1' }
    })
    const { results, calls } = run([vuln], {
      registry: [scanned('fresh-attest-key', DIGESTS.attested), scanned('signed-key', DIGESTS.signed)]
    })
    const { findings, verified } = await results
    expect(calls.map(c => c.slice(0, 3))).toEqual([
      ['verify-attestation', '--type', 'https://cosign.sigstore.dev/attestation/vuln/v1'],
      ['verify-attestation', '--type', 'https://cosign.sigstore.dev/attestation/vuln/v1']
    ])
    expect(verified).toHaveLength(1)
    expect(rows(findings)).toEqual([`CG-SIGNATURE-MISSING ${REG}/container-gate/signed-key:1`])
    expect(findings[0]!.message).toContain('has no vuln attestation by key .github/cosign.pub')
  })

  it('no registry digest in the scan report: UNVERIFIABLE, never a pass, and cosign is not asked about a tag', async () => {
    const { results, calls } = run([rule()], { registry: [scanned('signed-key')] })
    const { findings } = await results
    expect(calls).toEqual([])
    expect(rows(findings)).toEqual([`CG-SIGNATURE-UNVERIFIABLE ${REG}/container-gate/signed-key:1`])
  })

  it('an image input has no registry signature: the run says so when a rule would apply', async () => {
    const { results, calls } = run([rule()], {
      inputs: [
        { path: 'app.tar', tags: [`${REG}/container-gate/app:1`] },
        { path: 'other.tar', tags: ['docker.io/library/alpine:3'] }
      ]
    })
    const { findings, notes } = await results
    expect(calls).toEqual([])
    expect(findings).toEqual([])
    expect(notes).toEqual([
      'image-input app.tar is not verified against .github/container-gate.yml:3: an image on disk has no registry signature. Verify the pushed image instead (input image, by reference).'
    ])
  })

  it('no rule matches: cosign is never run', async () => {
    const { results, calls } = run([rule({ images: ['ghcr.io/acme/**'] })], {
      registry: [scanned('unsigned', DIGESTS.unsigned)]
    })
    expect((await results).findings).toEqual([])
    expect(calls).toEqual([])
  })
})

describe("checkSignatures: the Dockerfiles' base images, after FROM resolution", () => {
  const dockerfile = [
    'ARG REG=registry.invalid',
    'FROM ${REG}/container-gate/signed-key@' + DIGESTS.signed + ' AS base',
    'FROM ${REG}/container-gate/unsigned@' + DIGESTS.unsigned,
    'ARG REG',
    // BuildKit does not expand variables in --from: the registry is written out.
    `COPY --from=${REG}/container-gate/signed-key@${DIGESTS.absent} /x /x`,
    `COPY --from=${REG}/container-gate/signed-key@${DIGESTS.signed} /y /y`,
    'FROM ${NOPE}/app',
    ''
  ].join('\n')

  it('resolves the ARG from build-args, reports at each line, and asks once per image', async () => {
    const { results, calls } = run([rule()], {
      dockerfiles: [{ path: 'Dockerfile', text: dockerfile }],
      build: build({ REG })
    })
    const { findings, verified } = await results
    expect(rows(findings)).toEqual([
      'CG-SIGNATURE-MISSING Dockerfile:3',
      'CG-SIGNATURE-UNVERIFIABLE Dockerfile:5',
      'CG-SIGNATURE-UNVERIFIABLE Dockerfile:7'
    ])
    // The digest the registry lacks: cosign says "no signatures", and cosign tree tells it apart.
    expect(findings[1]!.message).toContain('is not in the registry')
    expect(findings[2]!.message).toContain('whether a signature rule applies cannot be known')
    expect(
      calls
        .filter(c => c[0] === 'tree')
        .map(c => c.join(' '))
        .sort()
    ).toEqual([
      `tree -- ${REG}/container-gate/signed-key@${DIGESTS.absent}`,
      `tree -- ${REG}/container-gate/unsigned@${DIGESTS.unsigned}`
    ])
    // signed-key@digest pulled on lines 2 and 6: verified once.
    expect(calls.filter(c => c[0] === 'verify' && c.at(-1)!.includes(DIGESTS.signed))).toHaveLength(1)
    expect(verified).toEqual([
      `${REG}/container-gate/signed-key@${DIGESTS.signed} (.github/container-gate.yml:3)`,
      `${REG}/container-gate/signed-key@${DIGESTS.signed} (.github/container-gate.yml:3)`
    ])
  })

  it("without the build-arg the images are another registry's: no rule applies to them", async () => {
    const fromLines = dockerfile.split('\n').slice(0, 3).join('\n')
    const { results, calls } = run([rule()], { dockerfiles: [{ path: 'Dockerfile', text: fromLines }] })
    expect((await results).findings).toEqual([])
    expect(calls).toEqual([])
  })

  it('an unknown image already reported by the base-image rules is not reported twice', async () => {
    const { results } = run([rule()], {
      dockerfiles: [{ path: 'Dockerfile', text: 'FROM ${NOPE}/app\n' }],
      unknownReported: true
    })
    expect((await results).findings).toEqual([])
  })

  it('the quick inputs apply to the scanned images only, never to base images', async () => {
    const { results, calls } = run(
      [rule({ images: ['**'], appliesTo: 'scanned', source: "input 'cosign-key'" })],
      {
        dockerfiles: [
          { path: 'Dockerfile', text: `FROM ${REG}/container-gate/unsigned@${DIGESTS.unsigned}\n` }
        ]
      }
    )
    expect((await results).findings).toEqual([])
    expect(calls).toEqual([])
  })
})
