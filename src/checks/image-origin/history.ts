/**
 * What an image scan's Trivy report (0.74.0) says about how the image was built: its layers
 * (`Metadata.DiffIDs`, the config's `rootfs.diff_ids`), the config's `history` and labels
 * (`Metadata.ImageConfig`). Pure. See e2e/HISTORY.md for where each comes from.
 */
import { isObject, obj, str, strings } from '../../scanners/json-input.js'
import { scannedPlatform, type ScannedPlatform } from './attestation.js'

/** One entry of the image config's history (OCI image spec), the fields the mapping reads. */
export interface HistoryEntry {
  createdBy: string
  /** The OCI spec's `empty_layer`: the entry made no layer (ENV, USER, CMD...). */
  emptyLayer: boolean
}

export interface ImageBuild {
  /** Uncompressed layer digests, bottom first. */
  diffIds: string[]
  /** undefined when the config has no history at all (images assembled without a builder's record). */
  history?: HistoryEntry[]
  labels: Record<string, string>
  /** The platform scanned (config os/architecture), to find its attestation in the index. */
  platform?: ScannedPlatform
  /** `Metadata.RepoDigests`: for a tag naming an index, the index's digest (`repo@sha256:…`). */
  repoDigests: string[]
}

/** The build record of a Trivy image report; undefined when the report is not an image's. */
export function imageBuild(report: unknown): ImageBuild | undefined {
  if (!isObject(report) || str(report, 'ArtifactType') !== 'container_image') return undefined
  const metadata = obj(report, 'Metadata') ?? {}
  const config = obj(metadata, 'ImageConfig') ?? {}
  const rootfs = strings(obj(config, 'rootfs') ?? {}, 'diff_ids')
  const diffIds = rootfs.length > 0 ? rootfs : strings(metadata, 'DiffIDs')
  const rawHistory = config.history
  const history = Array.isArray(rawHistory)
    ? rawHistory.filter(isObject).map(h => ({
        createdBy: str(h, 'created_by') ?? '',
        emptyLayer: h.empty_layer === true
      }))
    : undefined
  const rawLabels = obj(obj(config, 'config') ?? {}, 'Labels') ?? {}
  const labels: Record<string, string> = {}
  for (const [k, v] of Object.entries(rawLabels)) if (typeof v === 'string') labels[k] = v
  const platform = scannedPlatform(config)
  return {
    diffIds,
    ...(history && history.length > 0 ? { history } : {}),
    labels,
    ...(platform ? { platform } : {}),
    repoDigests: strings(metadata, 'RepoDigests')
  }
}
