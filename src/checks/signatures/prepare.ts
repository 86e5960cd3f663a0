/**
 * Everything verification needs, checked before any scan: the rules (the policy's and the quick
 * inputs'), the key files they name (read through the safe read, checked to be public keys, and
 * copied into the run's folder: cosign reads the copy, never a path a pull request could swap),
 * the environment a key reference needs, and the trusted root of a private deployment. A mistake
 * is one ConfigurationError naming the policy file and line or the input.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigurationError, badInput } from '../../errors.js'
import type { SigningInputs } from '../../inputs/signing.js'
import { READ_LIMITS, readFileSafely, refusedRead } from '../../workspace/safe-read.js'
import { keyEnvironment, keyFileProblem, keyReference } from './keys.js'
import type { SignatureRule } from './rules.js'
import { parseTrustedRoot, type SigstoreTrust } from './trust.js'

/** What the signature check runs with. */
export interface VerificationSettings {
  /** The policy file's rules, then those of the quick inputs. */
  rules: SignatureRule[]
  trust: SigstoreTrust
  /** The validated copy of each key file, by the key as the rule wrote it. */
  keyFiles: ReadonlyMap<string, string>
  /** What cosign needs in its environment for each key reference (env://, KMS), by the key. */
  keyEnv: ReadonlyMap<string, Record<string, string>>
}

type Environment = Readonly<Record<string, string | undefined>>

/** The rules the quick inputs stand for: every scanned image, never the base images. */
export function inputRules(inputs: SigningInputs): SignatureRule[] {
  const rules: SignatureRule[] = []
  // With sign: true the key is the one to sign with (the image is not signed yet).
  if (inputs.cosignKey && !inputs.sign)
    rules.push({
      images: ['**'],
      signer: { kind: 'key', key: inputs.cosignKey },
      source: "input 'cosign-key'",
      appliesTo: 'scanned'
    })
  const identity = inputs.certificateIdentity ?? inputs.certificateIdentityRegexp
  if (identity && inputs.certificateOidcIssuer) {
    const name = inputs.certificateIdentity ? 'certificate-identity' : 'certificate-identity-regexp'
    rules.push({
      images: ['**'],
      signer: {
        kind: 'identity',
        issuer: inputs.certificateOidcIssuer,
        ...(inputs.certificateIdentity
          ? { identity: inputs.certificateIdentity }
          : { identityRegexp: inputs.certificateIdentityRegexp! })
      },
      source: `inputs '${name}' and 'certificate-oidc-issuer'`,
      appliesTo: 'scanned'
    })
  }
  return rules
}

/** Reads a file the workflow or the policy names, through the safe read; an error names `label`. */
export function readNamedFile(
  path: string,
  workspace: string,
  label: string,
  scope: 'workspace' | 'given-path'
): string {
  const read = readFileSafely(path, { workspace, maxBytes: READ_LIMITS.config, scope })
  if (!read.ok) throw refusedRead(label, read, '')
  return read.text
}

/** Writes a checked copy for cosign to read (only this run's folder, only this user). */
export function writeCopy(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, name)
  writeFileSync(file, text, { mode: 0o600 })
  return file
}

/** The label of a rule's key in messages: the policy file and line, or the input. */
function keyLabel(rule: SignatureRule): string {
  return rule.source.startsWith('input')
    ? `Input 'cosign-key': ${JSON.stringify(rule.signer.kind === 'key' ? rule.signer.key : '')}`
    : `${rule.source}: key ${JSON.stringify(rule.signer.kind === 'key' ? rule.signer.key : '')}`
}

function prepareKeys(
  rules: readonly SignatureRule[],
  context: { workspace: string; dir: string; env: Environment }
): Pick<VerificationSettings, 'keyFiles' | 'keyEnv'> {
  const keyFiles = new Map<string, string>()
  const keyEnv = new Map<string, Record<string, string>>()
  for (const rule of rules) {
    if (rule.signer.kind !== 'key' || keyFiles.has(rule.signer.key) || keyEnv.has(rule.signer.key)) continue
    const key = rule.signer.key
    const reference = keyReference(key)
    if ('error' in reference) throw new ConfigurationError(`${keyLabel(rule)}: ${reference.error}.`)
    if (reference.kind === 'file') {
      // A policy's key is a repository file; the input may name one an earlier step wrote.
      const scope = rule.source.startsWith('input') ? 'given-path' : 'workspace'
      const text = readNamedFile(reference.path, context.workspace, keyLabel(rule), scope)
      const problem = keyFileProblem(text, 'verify')
      if (problem) throw new ConfigurationError(`${keyLabel(rule)}: ${problem}.`)
      keyFiles.set(key, writeCopy(context.dir, `key-${keyFiles.size + 1}.pub`, text))
      continue
    }
    if (reference.kind === 'env' && context.env[reference.variable] === undefined)
      throw new ConfigurationError(
        `${keyLabel(rule)}: the environment variable ${reference.variable} is not set in this step (set it in the step's env:).`
      )
    keyEnv.set(key, keyEnvironment(reference, context.env))
  }
  return { keyFiles, keyEnv }
}

/** A Sigstore JSON file an input names, read through the safe read and parsed; errors name the input. */
export function readSigstoreInput<T extends object>(
  input: string,
  path: string,
  workspace: string,
  parse: (text: string) => T | { error: string },
  expected: string
): { text: string; contents: T } {
  const text = readNamedFile(path, workspace, `Input '${input}': ${JSON.stringify(path)}`, 'given-path')
  const contents = parse(text)
  if ('error' in contents) throw badInput(input, path, `expected ${expected}, but ${contents.error}`)
  return { text, contents: contents as T }
}

/** The deployment to verify against: the `sigstore-trusted-root` input, checked and copied. */
export function prepareTrust(
  inputs: Pick<SigningInputs, 'trustedRoot'>,
  context: { workspace: string; dir: string }
): SigstoreTrust {
  if (!inputs.trustedRoot) return {}
  const { text, contents } = readSigstoreInput(
    'sigstore-trusted-root',
    inputs.trustedRoot,
    context.workspace,
    parseTrustedRoot,
    'a Sigstore trusted_root.json'
  )
  if (contents.certificateAuthorities === 0 && contents.transparencyLogs === 0)
    throw badInput(
      'sigstore-trusted-root',
      inputs.trustedRoot,
      'the trusted root lists no certificate authority and no transparency log, so nothing could ever verify against it'
    )
  return { trustedRoot: { file: writeCopy(context.dir, 'trusted_root.json', text), contents } }
}

/** The verification settings, every file they name checked. */
export function prepareVerification(
  policyRules: readonly SignatureRule[],
  inputs: SigningInputs,
  context: { workspace: string; dir: string; env: Environment }
): VerificationSettings {
  const rules = [...policyRules, ...inputRules(inputs)]
  return { rules, trust: prepareTrust(inputs, context), ...prepareKeys(rules, context) }
}
