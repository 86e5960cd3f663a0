/**
 * The signature fixtures scripts/e2e.sh makes with e2e/cmd/e2e-signing (keys, a test CA and its
 * trusted root, images signed in the run's registry), and the real cosign run offline the way the
 * suite runs it. See e2e/SIGNING.md for what each argv does and why.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import type { E2eEnv } from './harness.js'

export interface KeyPair {
  /** cosign's encrypted private key; its password is `SigningFixtures.password`. */
  private: string
  public: string
}

/** A keyless signer: the identity its certificate carries, and the key and certificate it signed with. */
export interface IdentityFixture {
  /** The certificate's SAN: a workflow URI or an e-mail address. */
  identity: string
  /** The OIDC issuer in Fulcio's extensions (1.3.6.1.4.1.57264.1.1 and .1.8). */
  issuer: string
  key: KeyPair
  certificate: string
}

export interface SignedImage {
  /** By tag (`127.0.0.1:<port>/container-gate/signed-key:1`). */
  reference: string
  digest: string
  /** `repository@digest`: what was signed. */
  pinned: string
  /** Who signed it: a name in `keys` or in `identities`; null when nobody did. */
  signedBy: { key?: string; identity?: string } | null
}

export type KeyName = 'main' | 'other'
export type IdentityName = 'release' | 'wrong' | 'wrong-issuer' | 'vendor'
export type SignedImageName =
  | 'signed-key'
  | 'unsigned'
  | 'signed-other-key'
  | 'keyless'
  | 'keyless-wrong-identity'
  | 'keyless-wrong-issuer'
  | 'vendor-base'

export interface SigningFixtures {
  /** COSIGN_PASSWORD of every private key of the run (random per run). */
  password: string
  keys: Record<KeyName, KeyPair>
  identities: Record<IdentityName, IdentityFixture>
  /** Sigstore trusted_root.json with the test CA only: no transparency log, CT log or TSA. */
  trustedRoot: string
  /** A signing config without services: `cosign sign`/`attest` then sign offline. */
  signingConfig: string
  /** The test CA, intermediate then root (PEM). */
  caChain: string
  /** HOME, DOCKER_CONFIG (empty) and TUF_ROOT of the setup's cosign calls. */
  cosignHome: string
  images: Record<SignedImageName, SignedImage>
  /** Real keyless signing through the run's stand-in Fulcio and GitHub OIDC token endpoint. */
  keylessService: KeylessService
}

export interface KeylessService {
  fulcioUrl: string
  /** A signing config naming only the stand-in Fulcio (no transparency log, no TSA). */
  signingConfig: string
  /** ACTIONS_ID_TOKEN_REQUEST_URL of the stand-in (the runner's clients append &audience=...). */
  tokenRequestUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN for the workflow of each identity. */
  requestTokens: Record<'release' | 'wrong', string>
}

export function signingFixtures(env: E2eEnv): SigningFixtures {
  if (!env.fixtures.signing)
    throw new Error('fixtures.json has no signing section: scripts/e2e.sh runs e2e/cmd/e2e-signing')
  return env.fixtures.signing
}

export function cosignBinary(): string {
  const bin = process.env.E2E_COSIGN
  if (!bin) throw new Error('E2E_COSIGN is not set: run through scripts/e2e.sh')
  return bin
}

/**
 * An environment built from nothing, as the action must give cosign: a home, an empty Docker
 * config and a TUF cache of its own (the cache stays empty unless cosign reached for Sigstore's
 * public TUF repository, which is a network call), and a proxy that refuses everything, so that
 * any call beyond the loopback registry fails at once instead of waiting on DNS. Go never sends
 * loopback requests through a proxy.
 */
export function cosignEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(process.env.E2E_RUN_DIR ?? '/tmp', 'cosign-home-'))
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    DOCKER_CONFIG: join(home, 'docker'),
    TUF_ROOT: join(home, 'tuf'),
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    ...extra
  }
}

export interface CosignResult {
  args: string[]
  exitCode: number
  stdout: string
  stderr: string
  /** The environment it ran with (TUF_ROOT is where a network attempt would leave traces). */
  env: Record<string, string>
}

/** Runs the real cosign with an argv array; secrets only through `env`. */
export async function runCosign(
  args: string[],
  env: Record<string, string> = cosignEnv()
): Promise<CosignResult> {
  return { args, env, ...(await run(cosignBinary(), args, env)) }
}

/** Runs any tool (crane, trivy) with an argv array. */
export function run(
  bin: string,
  args: string[],
  env: Record<string, string>
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', fail)
    child.on('close', code => done({ exitCode: code ?? -1, stdout, stderr }))
  })
}

/**
 * `cosign verify` with a public key. cosign 3 stores signatures as Sigstore bundles (OCI referrers)
 * and, for a key, needs no trusted root once the transparency log is skipped: no TUF, no network.
 */
export function verifyKeyArgs(publicKey: string, image: string): string[] {
  return ['verify', '--key', publicKey, '--insecure-ignore-tlog', '--output', 'json', image]
}

/** `cosign verify` keyless: identity and issuer checked through the trusted root of the test CA. */
export function verifyIdentityArgs(
  s: SigningFixtures,
  expected: { identity?: string; identityRegexp?: string; issuer: string },
  image: string
): string[] {
  const who = expected.identityRegexp
    ? ['--certificate-identity-regexp', expected.identityRegexp]
    : ['--certificate-identity', expected.identity ?? '']
  return [
    'verify',
    ...who,
    '--certificate-oidc-issuer',
    expected.issuer,
    '--trusted-root',
    s.trustedRoot,
    '--insecure-ignore-tlog',
    '--insecure-ignore-sct',
    '--output',
    'json',
    image
  ]
}

/** Signing offline: a signing config without services plus the trusted root (so no TUF fetch). */
export function signArgs(s: SigningFixtures, key: string, image: string, certificate?: string): string[] {
  const cert = certificate ? ['--certificate', certificate] : []
  return ['sign', '--yes', '--key', key, ...cert, ...offlineSigning(s), image]
}

export function attestArgs(
  s: SigningFixtures,
  key: string,
  type: string,
  predicate: string,
  image: string,
  certificate?: string
): string[] {
  const cert = certificate ? ['--certificate', certificate] : []
  return [
    'attest',
    '--yes',
    '--key',
    key,
    ...cert,
    '--type',
    type,
    '--predicate',
    predicate,
    ...offlineSigning(s),
    image
  ]
}

/**
 * Keyless signing for real: an ephemeral key certified by the stand-in Fulcio for the identity in
 * the OIDC token that cosign finds in its environment (SIGSTORE_ID_TOKEN, or the GitHub Actions
 * request variables, from which it fetches one itself).
 */
export function signKeylessArgs(s: SigningFixtures, image: string): string[] {
  return [
    'sign',
    '--yes',
    '--signing-config',
    s.keylessService.signingConfig,
    '--trusted-root',
    s.trustedRoot,
    image
  ]
}

/** The environment of a workflow with `id-token: write` (what @actions/core's getIDToken reads). */
export function workflowTokenEnv(s: SigningFixtures, workflow: 'release' | 'wrong'): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: s.keylessService.tokenRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: s.keylessService.requestTokens[workflow]
  }
}

/** What @actions/core's getIDToken('sigstore') returns in that workflow. */
export async function fetchIdToken(s: SigningFixtures, workflow: 'release' | 'wrong'): Promise<string> {
  const env = workflowTokenEnv(s, workflow)
  const res = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sigstore`, {
    headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` }
  })
  if (!res.ok) throw new Error(`token request: HTTP ${res.status}`)
  return ((await res.json()) as { value: string }).value
}

function offlineSigning(s: SigningFixtures): string[] {
  return ['--signing-config', s.signingConfig, '--trusted-root', s.trustedRoot]
}

/** `verify-attestation` takes the same key or identity flags as `verify`, plus `--type`. */
export function verifyAttestationArgs(verifyArgs: string[], type: string): string[] {
  const [, ...rest] = verifyArgs
  const image = rest.pop()!
  return ['verify-attestation', ...rest, '--type', type, image]
}

/**
 * A new image of its own digest (a copy of `from` with one more label, in repository
 * container-gate/fresh-<name>), for scenarios that sign or attest: a signature stays on its digest
 * for the rest of the run, so a scenario that writes one must not write it on an image another
 * scenario (or the same one under the next Node version) reads.
 */
export async function freshImage(
  env: E2eEnv,
  from: string,
  name: string
): Promise<Omit<SignedImage, 'signedBy'>> {
  const crane = process.env.E2E_CRANE
  if (!crane) throw new Error('E2E_CRANE is not set: run through scripts/e2e.sh')
  const repository = `${env.registry}/container-gate/fresh-${name}`
  const reference = `${repository}:1`
  const unique = `${name}-${randomUUID()}`
  const mutate = await run(
    crane,
    ['mutate', from, '--label', `org.container-gate.e2e.copy=${unique}`, '--tag', reference],
    cosignEnv()
  )
  if (mutate.exitCode !== 0) throw new Error(`crane mutate ${from}: ${mutate.stderr}`)
  const digest = (await run(crane, ['digest', reference], cosignEnv())).stdout.trim()
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`crane digest ${reference}: ${digest}`)
  return { reference, digest, pinned: `${repository}@${digest}` }
}

/**
 * The predicate types of the Sigstore bundles attached to `repository@digest`, read from the
 * registry itself (the OCI 1.1 referrers tag `sha256-<hex>`, which cosign 3 writes when the
 * registry has no referrers API, as the suite's registry has not): `https://sigstore.dev/cosign/sign/v1`
 * for a signature, the attestation's type otherwise. Empty when nothing is attached.
 */
export async function attachedPredicateTypes(pinned: string): Promise<string[]> {
  const at = pinned.indexOf('@')
  const slash = pinned.indexOf('/')
  const host = pinned.slice(0, slash)
  const repository = pinned.slice(slash + 1, at)
  const digest = pinned.slice(at + 1)
  const accept = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json'
  const base = `http://${host}/v2/${repository}/manifests/`
  const index = await fetch(base + digest.replace(':', '-'), { headers: { Accept: accept } })
  if (index.status === 404) return []
  if (!index.ok) throw new Error(`${base}: HTTP ${index.status}`)
  const manifests = ((await index.json()) as { manifests?: { digest: string }[] }).manifests ?? []
  const types: string[] = []
  for (const m of manifests) {
    const res = await fetch(base + m.digest, { headers: { Accept: accept } })
    const manifest = (await res.json()) as { annotations?: Record<string, string> }
    types.push(manifest.annotations?.['dev.sigstore.bundle.predicateType'] ?? '(no predicate type)')
  }
  return types.sort()
}
