/**
 * Which Dockerfile built a scanned image. Pure. In order:
 * 1. the `image` / `image-input` line says it (`ref | path/to/Dockerfile`);
 * 2. the image's label `com.docker.image.source.entrypoint` (buildx with BUILDX_GIT_LABELS) names a
 *    Dockerfile in scope — `org.opencontainers.image.source` is the repository's URL, not a file, so
 *    it cannot pair on its own;
 * 3. the repository has exactly one Dockerfile in scope and the step scans exactly one image.
 * Otherwise the image's findings stay on the image. (BuildKit's provenance also names the
 * Dockerfile, but it lives in the registry's index beside the image, which Trivy's report does not
 * carry; see e2e/HISTORY.md.)
 */
import { posix } from 'node:path'

export const ENTRYPOINT_LABEL = 'com.docker.image.source.entrypoint'

export interface Pairing {
  dockerfile: string
  how: 'input' | 'label' | 'only-dockerfile'
  /** Something worth a log line (the label names another file than the input). */
  remark?: string
}

export interface PairingContext {
  /** From the inputs, when the line paired it. */
  given?: string
  labels: Record<string, string>
  /** Dockerfiles in scope (the `dockerfile` input). */
  dockerfiles: readonly string[]
  /** Images and image inputs this step scans. */
  imagesScanned: number
}

function labelled(labels: Record<string, string>): string | undefined {
  const raw = labels[ENTRYPOINT_LABEL]?.trim()
  if (!raw) return undefined
  const path = posix.normalize(raw.replaceAll('\\', '/')).replace(/^\.\//, '')
  return path.startsWith('../') || posix.isAbsolute(path) ? undefined : path
}

export function pairDockerfile(ctx: PairingContext): Pairing | undefined {
  const fromLabel = labelled(ctx.labels)
  if (ctx.given) {
    const remark =
      fromLabel && fromLabel !== ctx.given
        ? `its label ${ENTRYPOINT_LABEL} names ${fromLabel}; the pairing in the input (${ctx.given}) is used`
        : undefined
    return { dockerfile: ctx.given, how: 'input', ...(remark ? { remark } : {}) }
  }
  if (fromLabel && ctx.dockerfiles.includes(fromLabel)) return { dockerfile: fromLabel, how: 'label' }
  if (ctx.dockerfiles.length === 1 && ctx.imagesScanned === 1)
    return { dockerfile: ctx.dockerfiles[0]!, how: 'only-dockerfile' }
  return undefined
}
