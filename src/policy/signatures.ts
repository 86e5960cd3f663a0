/**
 * The policy file's `signatures:` section: a list of rules, each with the image patterns it
 * covers and who must have signed (a key, or a keyless identity and its issuer), optionally an
 * attestation type. Every mistake is an error naming the file and line, before any scan.
 */
import type { Node } from 'yaml'
import { compileImagePattern, isImagePattern } from '../oci/image-ref.js'
import { keyReference } from '../checks/signatures/keys.js'
import {
  ATTESTATION_TYPES,
  attestationType,
  type AttestationType,
  type SignatureRule,
  type Signer
} from '../checks/signatures/rules.js'
import { identityRegexpProblem } from '../inputs/signing.js'
import { YamlSource, describe, suggest } from './yaml-source.js'

const RULE_KEYS = ['images', 'key', 'identity', 'identity-regexp', 'issuer', 'type'] as const
type RuleKey = (typeof RULE_KEYS)[number]

function patterns(src: YamlSource, node: unknown, what: string): string[] {
  const items = src.sequence(node, `${what}.images`)
  if (items.length === 0)
    throw src.error(node as Node, `${what}.images is empty: list the image patterns the rule covers`)
  return items.map(item => {
    const pattern = src.string(item, `${what}.images entry`)
    const compiled = compileImagePattern(pattern)
    if (!isImagePattern(compiled))
      throw src.error(
        item as Node,
        `${what} pattern '${pattern}' can never match an image: ${compiled.error}`
      )
    return pattern
  })
}

function regexpOf(src: YamlSource, node: unknown, what: string): string {
  const text = src.string(node, `${what}.identity-regexp`)
  const problem = identityRegexpProblem(text)
  if (problem)
    throw src.error(node as Node, `${what}.identity-regexp is not a pattern cosign can use: ${problem}`)
  return text
}

function typeOf(src: YamlSource, node: unknown, what: string): AttestationType {
  const name = src.string(node, `${what}.type`)
  const type = attestationType(name)
  if (type) return type
  const hint = suggest(name, Object.keys(ATTESTATION_TYPES))
  throw src.error(
    node as Node,
    `${what}.type is ${describe(node)}, an unknown attestation type.${hint ? ` Did you mean '${hint}'?` : ''} Accepted: ${Object.keys(ATTESTATION_TYPES).join(', ')}, or a predicate type URI.`
  )
}

function keyOf(src: YamlSource, node: unknown, what: string): string {
  const key = src.string(node, `${what}.key`)
  const reference = keyReference(key)
  if ('error' in reference) throw src.error(node as Node, `${what}.key '${key}': ${reference.error}`)
  return key
}

/** Who must have signed: key, or identity / identity-regexp with issuer; never both kinds. */
function signerOf(src: YamlSource, item: unknown, what: string, values: Map<RuleKey, unknown>): Signer {
  const text = (key: RuleKey) => (values.has(key) ? src.string(values.get(key), `${what}.${key}`) : undefined)
  const keyless = values.has('identity') || values.has('identity-regexp')
  if (values.has('key') && (keyless || values.has('issuer')))
    throw src.error(
      item as Node,
      `${what} has key and keyless (identity, issuer) in the same rule; a rule names one signer: write two rules to require both`
    )
  if (values.has('key')) return { kind: 'key', key: keyOf(src, values.get('key'), what) }
  if (values.has('identity') && values.has('identity-regexp'))
    throw src.error(
      item as Node,
      `${what} has both identity and identity-regexp; give one (cosign takes one)`
    )
  if (!keyless)
    throw src.error(
      item as Node,
      `${what} names no signer: give key (a public key file or KMS reference), or identity (or identity-regexp) with issuer`
    )
  const issuer = text('issuer')
  if (!issuer)
    throw src.error(
      item as Node,
      `${what} has an identity without an issuer: add issuer (for GitHub Actions workflows https://token.actions.githubusercontent.com)`
    )
  const identityRegexp = values.has('identity-regexp')
    ? regexpOf(src, values.get('identity-regexp'), what)
    : undefined
  return {
    kind: 'identity',
    issuer,
    ...(identityRegexp ? { identityRegexp } : { identity: text('identity')! })
  }
}

function parseRule(src: YamlSource, item: unknown, index: number): SignatureRule {
  const what = `signatures[${index}]`
  const values = new Map<RuleKey, unknown>()
  for (const { key, value } of src.entries(item, what, RULE_KEYS)) values.set(key as RuleKey, value)
  if (!values.has('images'))
    throw src.error(
      item as Node,
      `${what} needs images: the image patterns it covers (as in base-images.allow)`
    )
  const images = patterns(src, values.get('images'), what)
  const signer = signerOf(src, item, what, values)
  const attestation = values.has('type') ? typeOf(src, values.get('type'), what) : undefined
  return {
    images,
    signer,
    ...(attestation ? { attestation } : {}),
    source: src.where(item as Node),
    appliesTo: 'scanned-and-base'
  }
}

/** The rules of a `signatures:` section. */
export function parseSignatureRules(src: YamlSource, node: unknown): SignatureRule[] {
  return src.sequence(node, 'signatures').map((item, i) => parseRule(src, item, i))
}
