/**
 * Finding BuildKit's provenance beside an image in the registry, read from the manifests crane
 * prints. Pure. BuildKit pushes an OCI index holding each platform's image manifest and, per image,
 * an attestation manifest (platform `unknown/unknown`, annotations `vnd.docker.reference.type:
 * attestation-manifest` and `vnd.docker.reference.digest: <image manifest digest>`) whose
 * `application/vnd.in-toto+json` layer with annotation `in-toto.io/predicate-type` is the statement
 * (e2e/HISTORY.md; recorded: crane-0.22.1-history-api-index.json).
 */
import { isObject, num, obj, objects, str, type JsonObject } from '../../scanners/json-input.js'
import { MAX_PROVENANCE_BYTES, SLSA_V02, SLSA_V1 } from './provenance.js'

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])
const DIGEST = /^sha256:[0-9a-f]{64}$/

/** The platform Trivy scanned (the image config's os / architecture / variant). */
export interface ScannedPlatform {
  os: string
  architecture: string
  variant?: string
}

export type Step<T> = { ok: true; value: T } | { ok: false; problem: string }
const problem = <T>(text: string): Step<T> => ({ ok: false, problem: text })

function parse(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** The image manifest of the scanned platform in an index, and the attestation manifest naming it. */
export function attestationInIndex(
  text: string,
  platform: ScannedPlatform
): Step<{ image: string; attestation: string }> {
  const index = parse(text)
  if (!index) return problem('the registry’s manifest is not JSON')
  const type = str(index, 'mediaType')
  if (!type || !INDEX_TYPES.has(type))
    return problem('the image is not in an index, where BuildKit puts its attestations')
  const entries = objects(index, 'manifests').filter(m => DIGEST.test(str(m, 'digest') ?? ''))
  const annotations = (m: JsonObject) => obj(m, 'annotations') ?? {}
  const isAttestation = (m: JsonObject) =>
    str(annotations(m), 'vnd.docker.reference.type') === 'attestation-manifest'
  const images = entries.filter(m => {
    const p = obj(m, 'platform') ?? {}
    return (
      !isAttestation(m) &&
      str(p, 'os') === platform.os &&
      str(p, 'architecture') === platform.architecture &&
      (platform.variant === undefined || (str(p, 'variant') ?? '') === platform.variant)
    )
  })
  if (images.length !== 1)
    return problem(
      `the index has ${images.length} images for ${platform.os}/${platform.architecture}, not one`
    )
  const image = str(images[0]!, 'digest')!
  const attestations = entries.filter(
    m => isAttestation(m) && str(annotations(m), 'vnd.docker.reference.digest') === image
  )
  if (attestations.length !== 1)
    return problem(
      attestations.length === 0
        ? 'the index holds no attestation for it (built without provenance)'
        : 'the index holds more than one attestation for it'
    )
  return { ok: true, value: { image, attestation: str(attestations[0]!, 'digest')! } }
}

/** The provenance layer of an attestation manifest: its digest, refused when larger than is read. */
export function provenanceLayer(text: string): Step<string> {
  const manifest = parse(text)
  if (!manifest) return problem('the attestation manifest is not JSON')
  const layers = objects(manifest, 'layers').filter(l => {
    const type = str(obj(l, 'annotations') ?? {}, 'in-toto.io/predicate-type')
    return str(l, 'mediaType') === 'application/vnd.in-toto+json' && (type === SLSA_V1 || type === SLSA_V02)
  })
  if (layers.length !== 1)
    return problem(`the attestation manifest has ${layers.length} SLSA provenance layers, not one`)
  const layer = layers[0]!
  const digest = str(layer, 'digest') ?? ''
  const size = num(layer, 'size')
  if (!DIGEST.test(digest)) return problem('the provenance layer has no sha256 digest')
  if (size === undefined || size > MAX_PROVENANCE_BYTES)
    return problem(
      `the provenance layer is ${size ?? 'of unknown size'} bytes; at most ${MAX_PROVENANCE_BYTES} are read`
    )
  return { ok: true, value: digest }
}

/** Whether a value looks like the JSON object Trivy's report gives as ImageConfig. */
export function scannedPlatform(config: unknown): ScannedPlatform | undefined {
  if (!isObject(config)) return undefined
  const os = str(config, 'os')
  const architecture = str(config, 'architecture')
  const variant = str(config, 'variant')
  return os && architecture ? { os, architecture, ...(variant ? { variant } : {}) } : undefined
}
