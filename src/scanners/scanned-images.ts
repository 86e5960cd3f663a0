/**
 * Which image each image scan actually scanned, from the scan's own report: the registry digest
 * Trivy pulled (Metadata.RepoDigests) for an `image` reference, the tags a tarball carries
 * (Metadata.RepoTags) for an `image-input`. Signatures are verified and made on exactly that digest,
 * never on a tag resolved again later. Read only when signatures are in play: a report can be large.
 */
import { readFile } from 'node:fs/promises'
import { isImageRef, parseImageRef } from '../oci/image-ref.js'
import { isObject, obj, parseJson, strings } from './json-input.js'
import type { ScanOutcome } from './run.js'

/** A registry image the run scanned. */
export interface ScannedRegistryImage {
  /** As given in the `image` input. */
  reference: string
  /** repository@digest that was scanned; undefined when the report names none. */
  pinned?: string
  /** The scan's Trivy JSON report (attestations are converted from it). */
  reportFile: string
}

/** An image input (tarball, OCI layout) the run scanned: it has no registry, so no signature. */
export interface ScannedImageInput {
  path: string
  /** The tags it carries, when it says (a `docker save` of a tagged image). */
  tags: string[]
}

/** The repository@digest of the report that belongs to `reference`'s repository. Pure. */
export function pinnedDigest(reference: string, report: unknown): string | undefined {
  const ref = parseImageRef(reference)
  if (!isImageRef(ref)) return undefined
  const repository = `${ref.registry}/${ref.repository}`
  const metadata = isObject(report) ? (obj(report, 'Metadata') ?? {}) : {}
  const digests = strings(metadata, 'RepoDigests')
    .map(d => parseImageRef(d))
    .filter(isImageRef)
    .filter(d => d.digest && `${d.registry}/${d.repository}` === repository)
  // Named by digest: that digest, provided the scan says so too (Trivy echoes it).
  const wanted = ref.digest ? digests.find(d => d.digest === ref.digest) : digests[0]
  return wanted ? `${repository}@${wanted.digest}` : undefined
}

/** The tags an image input's report names. Pure. */
export function inputTags(report: unknown): string[] {
  const metadata = isObject(report) ? (obj(report, 'Metadata') ?? {}) : {}
  return strings(metadata, 'RepoTags')
}

/** The images the scans covered, with what their reports say was scanned. */
export async function scannedImages(
  outcomes: readonly ScanOutcome[]
): Promise<{ registry: ScannedRegistryImage[]; inputs: ScannedImageInput[] }> {
  const out = { registry: [] as ScannedRegistryImage[], inputs: [] as ScannedImageInput[] }
  for (const { job, reportFile } of outcomes) {
    if (!job.image || !reportFile) continue
    const report = parseJson(await readFile(reportFile, 'utf8'), reportFile)
    if (job.image.kind === 'reference') {
      const pinned = pinnedDigest(job.image.ref, report)
      out.registry.push({ reference: job.image.ref, reportFile, ...(pinned ? { pinned } : {}) })
    } else out.inputs.push({ path: job.image.path, tags: inputTags(report) })
  }
  return out
}
