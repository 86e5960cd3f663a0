/**
 * Whether and how this run will sign, settled before any scan: the key (a private key file checked
 * and copied, or a reference) and its password, or the workflow's OIDC token for keyless signing;
 * the private deployment's signing config; and the secrets each cosign call will get in its
 * environment, by the names cosign reads, for those calls only. A mistake is one error naming the
 * input (and, for a missing token, the `id-token: write` permission).
 */
import { ConfigurationError, badInput } from '../errors.js'
import { keyEnvironment, keyFileProblem, keyReference } from '../checks/signatures/keys.js'
import { readNamedFile, readSigstoreInput, writeCopy } from '../checks/signatures/prepare.js'
import { parseSigningConfig, type SigstoreTrust } from '../checks/signatures/trust.js'
import type { AttestKind, SigningInputs } from '../inputs/signing.js'

type Environment = Readonly<Record<string, string | undefined>>

/** How this run signs, when it does. */
export interface SigningPlan {
  /** The `--key` argument (a checked copy, or a reference as written); undefined: keyless. */
  key?: string
  /** Secrets for the sign and attest calls only (COSIGN_PASSWORD, the OIDC token or its request variables). */
  secretEnv: Record<string, string>
  /** `--signing-config F --trusted-root F` of a private deployment; empty: public Sigstore. */
  deployment: string[]
  attest: AttestKind[]
}

interface Context {
  workspace: string
  dir: string
  env: Environment
}

const PASSWORD = 'COSIGN_PASSWORD'

/** The private key and what cosign needs to use it. */
function keySigner(key: string, context: Context): Pick<SigningPlan, 'key' | 'secretEnv'> {
  const label = `Input 'cosign-key': ${JSON.stringify(key)}`
  const reference = keyReference(key)
  if ('error' in reference) throw badInput('cosign-key', key, reference.error)
  if (reference.kind === 'kms') return { key, secretEnv: keyEnvironment(reference, context.env) }
  if (reference.kind === 'env' && context.env[reference.variable] === undefined)
    throw new ConfigurationError(
      `${label}: the environment variable ${reference.variable} is not set in this step.`
    )
  const password = context.env[PASSWORD]
  if (password === undefined)
    throw new ConfigurationError(
      `${label}: signing with a cosign key needs its password in the step's environment: env: ${PASSWORD}: \${{ secrets.COSIGN_PASSWORD }} (an empty value for a key without one). It reaches cosign only, never the log.`
    )
  if (reference.kind === 'env')
    return { key, secretEnv: { ...keyEnvironment(reference, context.env), [PASSWORD]: password } }
  const text = readNamedFile(reference.path, context.workspace, label, 'given-path')
  const problem = keyFileProblem(text, 'sign')
  if (problem) throw new ConfigurationError(`${label}: ${problem}.`)
  return { key: writeCopy(context.dir, 'signing.key', text), secretEnv: { [PASSWORD]: password } }
}

/** Keyless: the workflow's identity token, which cosign fetches itself from the runner's request variables. */
function keylessSigner(env: Environment): Pick<SigningPlan, 'secretEnv'> {
  const given = env.SIGSTORE_ID_TOKEN
  if (given) return { secretEnv: { SIGSTORE_ID_TOKEN: given } }
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (url && token)
    return { secretEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: token } }
  throw badInput(
    'sign',
    'true',
    "signing needs a key or an identity: give cosign-key (with COSIGN_PASSWORD in the step's env), or let the job sign keyless with its OIDC token by granting `permissions: id-token: write` (the runner then provides ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN, which this job does not have)"
  )
}

/** The private deployment's signing config, needed (and only meaningful) with its trusted root. */
function deploymentFlags(
  inputs: SigningInputs,
  trust: SigstoreTrust,
  keyless: boolean,
  context: Context
): string[] {
  const root = trust.trustedRoot
  if (!root) {
    if (inputs.signingConfig)
      throw badInput(
        'sigstore-signing-config',
        inputs.signingConfig,
        "a signing config belongs to a private deployment: give that deployment's trusted root in sigstore-trusted-root too"
      )
    return []
  }
  if (!inputs.signingConfig)
    throw badInput(
      'sigstore-signing-config',
      '',
      'signing with the private deployment of sigstore-trusted-root needs its signing config (which Fulcio, log and timestamp authority to use; cosign signing-config create writes one); without it cosign would sign with the public instance'
    )
  const { text, contents: config } = readSigstoreInput(
    'sigstore-signing-config',
    inputs.signingConfig,
    context.workspace,
    parseSigningConfig,
    'a Sigstore signing config'
  )
  if (keyless && config.certificateAuthorities === 0)
    throw badInput(
      'sigstore-signing-config',
      inputs.signingConfig,
      'keyless signing needs a certificate authority (Fulcio) in the signing config, and it names none: add one, or sign with cosign-key'
    )
  return [
    '--signing-config',
    writeCopy(context.dir, 'signing_config.json', text),
    '--trusted-root',
    root.file
  ]
}

/** The signing plan, or undefined when `sign` is off. `images`: the registry images scanned. */
export function prepareSigning(
  inputs: SigningInputs,
  images: readonly string[],
  trust: SigstoreTrust,
  context: Context
): SigningPlan | undefined {
  if (!inputs.sign) {
    if (inputs.signingConfig)
      throw badInput(
        'sigstore-signing-config',
        inputs.signingConfig,
        'it is used only for signing: set sign: true, or remove it'
      )
    return undefined
  }
  if (images.length === 0)
    throw badInput(
      'sign',
      'true',
      'signing needs registry images: set image (the pushed reference); an image-input on disk has no registry to hold a signature'
    )
  const signer = inputs.cosignKey ? keySigner(inputs.cosignKey, context) : keylessSigner(context.env)
  const deployment = deploymentFlags(inputs, trust, !inputs.cosignKey, context)
  return { ...signer, deployment, attest: inputs.attest }
}
