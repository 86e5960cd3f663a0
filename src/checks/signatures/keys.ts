/**
 * Key references as cosign reads them (`--key`): a PEM file, an environment variable (`env://NAME`)
 * or a key held by a KMS (`awskms://`, `gcpkms://`, `azurekms://`, `hashivault://`, `k8s://`). A
 * file is checked and copied before cosign reads it; a reference is passed as written, and cosign
 * gets, for that call only, the variables its provider reads to reach the key, and nothing else
 * of the runner's environment beyond the scrubbed one. Pure.
 */

export type KeyReference =
  { kind: 'file'; path: string } | { kind: 'env'; variable: string } | { kind: 'kms'; scheme: string }

/** The variables each KMS provider reads for its credentials (their SDKs' documented names). */
const KMS_CREDENTIALS: Readonly<Record<string, readonly string[]>> = {
  awskms: [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_ROLE_ARN',
    'AWS_ROLE_SESSION_NAME',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CA_BUNDLE',
    'AWS_ENDPOINT_URL'
  ],
  gcpkms: [
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GOOGLE_CLOUD_PROJECT',
    'CLOUDSDK_CONFIG',
    'CLOUDSDK_CORE_PROJECT'
  ],
  azurekms: [
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_CLIENT_CERTIFICATE_PATH',
    'AZURE_FEDERATED_TOKEN_FILE',
    'AZURE_AUTHORITY_HOST',
    'AZURE_ENVIRONMENT'
  ],
  hashivault: ['VAULT_ADDR', 'VAULT_TOKEN', 'VAULT_NAMESPACE', 'VAULT_CACERT', 'TRANSIT_SECRET_ENGINE_PATH'],
  k8s: ['KUBECONFIG']
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** What a key written in a rule or an input is, or why cosign cannot be given it. */
export function keyReference(key: string): KeyReference | { error: string } {
  const scheme = /^([a-z0-9]+):\/\//.exec(key)?.[1]
  if (scheme === undefined) {
    if (/^[a-z0-9]+:/.test(key) && !/^[a-zA-Z]:[\\/]/.test(key))
      return {
        error: `'${key.split(':')[0]}:' references are not supported; give a key file, env://NAME or a KMS reference`
      }
    return { kind: 'file', path: key }
  }
  if (scheme === 'env') {
    const variable = key.slice('env://'.length)
    return ENV_NAME.test(variable)
      ? { kind: 'env', variable }
      : { error: `env://${variable} does not name an environment variable` }
  }
  if (KMS_CREDENTIALS[scheme]) return { kind: 'kms', scheme }
  if (scheme === 'http' || scheme === 'https')
    return {
      error:
        'a key fetched from a URL at run time is only as trustworthy as that server: commit the public key to the repository and give its path'
    }
  return {
    error: `'${scheme}://' keys are not supported; give a key file, env://NAME or one of ${Object.keys(
      KMS_CREDENTIALS
    )
      .map(s => `${s}://`)
      .join(', ')}`
  }
}

/** The variables cosign needs for this key, taken from the runner's environment (set ones only). */
export function keyEnvironment(
  reference: KeyReference,
  environment: Readonly<Record<string, string | undefined>>
): Record<string, string> {
  const names =
    reference.kind === 'env'
      ? [reference.variable]
      : reference.kind === 'kms'
        ? (KMS_CREDENTIALS[reference.scheme] ?? [])
        : []
  const out: Record<string, string> = {}
  for (const name of names) {
    const value = environment[name]
    if (value !== undefined) out[name] = value
  }
  return out
}

/** The PEM block types of keys, as cosign loads them. */
const PUBLIC_KEY = /^-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY)-----$/m
const PRIVATE_KEY = /^-----BEGIN (ENCRYPTED SIGSTORE PRIVATE KEY|ENCRYPTED COSIGN PRIVATE KEY)-----$/m
const ANY_PEM = /^-----BEGIN ([A-Z0-9 ]+)-----$/m

/** Whether a key file holds what its use needs: a public key to verify, cosign's private key to sign. */
export function keyFileProblem(text: string, use: 'verify' | 'sign'): string | undefined {
  const found = ANY_PEM.exec(text)?.[1]
  if (use === 'verify') {
    if (PUBLIC_KEY.test(text)) return undefined
    if (found && /PRIVATE KEY/.test(found))
      return 'it is a private key; verifying takes the public key (cosign.pub, from cosign public-key)'
    return `it is not a PEM public key (${found ? `it holds ${found}` : 'no -----BEGIN PUBLIC KEY----- block'})`
  }
  if (PRIVATE_KEY.test(text)) return undefined
  if (found && /PUBLIC KEY/.test(found))
    return 'it is a public key; signing takes the private key (cosign.key)'
  return `it is not a cosign private key (${found ? `it holds ${found}; cosign import-key-pair converts other keys` : 'no -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY----- block'})`
}
