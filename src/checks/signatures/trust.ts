/**
 * Which Sigstore deployment signatures are checked against. Without the `sigstore-trusted-root`
 * input, cosign's default: the public-good instance, whose trusted root cosign fetches through
 * TUF, with a transparency-log entry required for every signature. With it, a private deployment
 * or an offline verifier: cosign is given that trusted root, and what the root lists decides what
 * can be required. A root without a transparency log cannot prove a log entry, so none is asked
 * for (a signed timestamp is, when the root lists a timestamp authority); without a CT log, no
 * signed certificate timestamp is.
 */

/** What a trusted_root.json lists, as far as the verification flags depend on it. */
export interface TrustedRootContents {
  certificateAuthorities: number
  transparencyLogs: number
  ctLogs: number
  timestampAuthorities: number
}

/** The deployment verification runs against. */
export interface SigstoreTrust {
  /** The trusted root cosign reads (a validated copy); undefined: public Sigstore through TUF. */
  trustedRoot?: { file: string; contents: TrustedRootContents }
}

const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json'
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig'

function countOf(root: Record<string, unknown>, key: string): number | string {
  const value = root[key]
  if (value === undefined || value === null) return 0
  return Array.isArray(value) ? value.length : `'${key}' is not a list`
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Reads a Sigstore trusted_root.json, or says why it is not one. */
export function parseTrustedRoot(text: string): TrustedRootContents | { error: string } {
  const root = parseObject(text)
  if (!root) return { error: 'it is not a JSON object' }
  const mediaType = typeof root.mediaType === 'string' ? root.mediaType : ''
  if (!mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE))
    return {
      error: `its mediaType is ${JSON.stringify(root.mediaType ?? null)}, not ${TRUSTED_ROOT_MEDIA_TYPE};version=0.1 (cosign trusted-root create writes one)`
    }
  const counts = {
    certificateAuthorities: countOf(root, 'certificateAuthorities'),
    transparencyLogs: countOf(root, 'tlogs'),
    ctLogs: countOf(root, 'ctlogs'),
    timestampAuthorities: countOf(root, 'timestampAuthorities')
  }
  const wrong = Object.values(counts).find(v => typeof v === 'string')
  if (typeof wrong === 'string') return { error: wrong }
  return counts as TrustedRootContents
}

/** What a signing config names, as far as signing depends on it. */
export interface SigningConfigContents {
  /** Fulcio instances: keyless signing needs one. */
  certificateAuthorities: number
  transparencyLogs: number
}

/** Reads a Sigstore signing config (`cosign signing-config create`), or says why it is not one. */
export function parseSigningConfig(text: string): SigningConfigContents | { error: string } {
  const config = parseObject(text)
  if (!config) return { error: 'it is not a JSON object' }
  const mediaType = typeof config.mediaType === 'string' ? config.mediaType : ''
  if (!mediaType.startsWith(SIGNING_CONFIG_MEDIA_TYPE))
    return {
      error: `its mediaType is ${JSON.stringify(config.mediaType ?? null)}, not ${SIGNING_CONFIG_MEDIA_TYPE}.v0.2+json (cosign signing-config create writes one)`
    }
  const cas = countOf(config, 'caUrls')
  const tlogs = countOf(config, 'rekorTlogUrls')
  if (typeof cas === 'string') return { error: cas }
  if (typeof tlogs === 'string') return { error: tlogs }
  return { certificateAuthorities: cas, transparencyLogs: tlogs }
}

/**
 * The flags that point cosign at the deployment and ask only for what its trusted root can prove.
 * `keyless`: the certificate checks (SCTs) apply only to keyless signatures.
 */
export function trustFlags(trust: SigstoreTrust, keyless: boolean): string[] {
  const root = trust.trustedRoot
  if (!root) return []
  const flags = ['--trusted-root', root.file]
  if (root.contents.transparencyLogs === 0) {
    flags.push('--insecure-ignore-tlog')
    if (root.contents.timestampAuthorities > 0) flags.push('--use-signed-timestamps')
  }
  if (keyless && root.contents.ctLogs === 0) flags.push('--insecure-ignore-sct')
  return flags
}

/** One line for the log: what verification will and will not require, and why. */
export function describeTrust(trust: SigstoreTrust): string {
  const root = trust.trustedRoot
  if (!root)
    return 'Signatures are verified against the public Sigstore instance (its trusted root through TUF, a transparency-log entry required).'
  const c = root.contents
  const parts = [
    c.transparencyLogs > 0
      ? 'a transparency-log entry is required'
      : c.timestampAuthorities > 0
        ? 'it lists no transparency log, so a signed timestamp is required instead of a log entry'
        : 'it lists no transparency log or timestamp authority, so no log entry is required',
    c.ctLogs > 0
      ? 'keyless certificates need a signed certificate timestamp'
      : 'it lists no CT log, so keyless certificates are checked without a signed certificate timestamp'
  ]
  return `Signatures are verified against the trusted root of input 'sigstore-trusted-root': ${parts.join('; ')}.`
}
