/**
 * Which Dockerfile built a scanned image. Pure. In order:
 * 1. the `image` / `image-input` line says it (`ref | path/to/Dockerfile`); it always wins, and
 *    what the image says otherwise (label, provenance, another repository) is a remark;
 * 2. the image's label `com.docker.image.source.entrypoint` (buildx with BUILDX_GIT_LABELS) names a
 *    Dockerfile in scope;
 * 3. BuildKit's provenance attestation (provenance.ts, fetched only when 1 and 2 leave more than one
 *    candidate) names a Dockerfile in scope, and the repository it names — its vcs source, else the
 *    label `org.opencontainers.image.source` — is this one (GITHUB_REPOSITORY);
 * 4. the repository has exactly one Dockerfile in scope and the step scans exactly one image.
 * Otherwise the image's findings stay on the image. `org.opencontainers.image.source` is the
 * repository's URL, not a file, so it never pairs on its own; it only confirms or contradicts.
 */
import { posix } from 'node:path'
import { namesRepository, type ProvenanceReading, type Repository } from './provenance.js'

export const ENTRYPOINT_LABEL = 'com.docker.image.source.entrypoint'
export const SOURCE_LABEL = 'org.opencontainers.image.source'

export interface Pairing {
  dockerfile: string
  how: 'input' | 'label' | 'provenance' | 'only-dockerfile'
  /** Something worth a log line (the image says another file or repository than the pairing used). */
  remark?: string
}

/** The provenance attestation as fetched: read, or why it could not be. */
export type ProvenanceLookup = { reading: ProvenanceReading } | { problem: string }

export interface PairingContext {
  /** From the inputs, when the line paired it. */
  given?: string
  labels: Record<string, string>
  /** Dockerfiles in scope (the `dockerfile` input). */
  dockerfiles: readonly string[]
  /** Images and image inputs this step scans. */
  imagesScanned: number
  provenance?: ProvenanceLookup
  /** This workflow's repository, when known (GITHUB_REPOSITORY). */
  repository?: Repository
}

/** What pairing could not use, said once per image (undefined when it paired or nothing was said). */
export interface PairingResult {
  pairing?: Pairing
  note?: string
}

function labelled(labels: Record<string, string>): string | undefined {
  const raw = labels[ENTRYPOINT_LABEL]?.trim()
  if (!raw) return undefined
  const path = posix.normalize(raw.replaceAll('\\', '/')).replace(/^\.\//, '')
  return path.startsWith('../') || posix.isAbsolute(path) ? undefined : path
}

/** The repository the image says it came from, when that is not this one. */
function otherRepository(ctx: PairingContext, reading?: ProvenanceReading): string | undefined {
  if (!ctx.repository) return undefined
  const said = reading?.repository ?? ctx.labels[SOURCE_LABEL]?.trim()
  if (!said || namesRepository(said, ctx.repository)) return undefined
  // Untrusted text for the log (escaped there): kept to a readable length.
  return said.length > 200 ? `${said.slice(0, 200)}…` : said
}

interface Said {
  /** The Dockerfile the provenance names, trusted to pair. */
  dockerfile?: string
  /** Why the provenance names none that can be used. */
  why?: string
}

function fromProvenance(ctx: PairingContext): Said {
  const lookup = ctx.provenance
  if (!lookup) return {}
  if ('problem' in lookup) return { why: `its provenance could not be read: ${lookup.problem}` }
  const { reading } = lookup
  // Trusted only when it positively names this repository: a path means nothing in another one.
  if (!ctx.repository)
    return { why: 'its provenance is not used: this run’s repository is unknown (GITHUB_REPOSITORY)' }
  if (!(reading.repository ?? ctx.labels[SOURCE_LABEL]?.trim()))
    return {
      why: `its provenance (SLSA ${reading.slsa}) is not used: neither it nor the label ${SOURCE_LABEL} names the repository it was built from`
    }
  const other = otherRepository(ctx, reading)
  if (other)
    return {
      why: `its provenance says it was built from ${other}, not ${ctx.repository!.name}, so the Dockerfile it names is not looked for here`
    }
  if (reading.refused) return { why: `its provenance (SLSA ${reading.slsa}) is not used: ${reading.refused}` }
  return { dockerfile: reading.dockerfile! }
}

/** The remarks an explicit or only-file pairing gets when the image says otherwise. */
function contradictions(ctx: PairingContext, dockerfile: string, said: Said): string | undefined {
  const remarks: string[] = []
  const fromLabel = labelled(ctx.labels)
  if (fromLabel && fromLabel !== dockerfile) remarks.push(`its label ${ENTRYPOINT_LABEL} names ${fromLabel}`)
  if (said.dockerfile && said.dockerfile !== dockerfile)
    remarks.push(`its provenance names ${said.dockerfile}`)
  else if (said.why) remarks.push(said.why)
  // Without a provenance reading (which already weighed it), the label alone can contradict.
  const read = ctx.provenance !== undefined && 'reading' in ctx.provenance
  const other = read ? undefined : otherRepository(ctx)
  if (other) remarks.push(`its label ${SOURCE_LABEL} names ${other}, not ${ctx.repository!.name}`)
  return remarks.length > 0 ? remarks.join('; ') : undefined
}

export function pairDockerfile(ctx: PairingContext): PairingResult {
  const said = fromProvenance(ctx)
  if (ctx.given) {
    const remark = contradictions(ctx, ctx.given, said)
    const pairing: Pairing = { dockerfile: ctx.given, how: 'input' }
    return {
      pairing: remark
        ? { ...pairing, remark: `${remark}; the pairing in the input (${ctx.given}) is used` }
        : pairing
    }
  }
  const fromLabel = labelled(ctx.labels)
  if (fromLabel && ctx.dockerfiles.includes(fromLabel))
    return { pairing: { dockerfile: fromLabel, how: 'label' } }
  if (said.dockerfile && ctx.dockerfiles.includes(said.dockerfile))
    return { pairing: { dockerfile: said.dockerfile, how: 'provenance' } }
  if (ctx.dockerfiles.length === 1 && ctx.imagesScanned === 1) {
    const dockerfile = ctx.dockerfiles[0]!
    const remark = contradictions(ctx, dockerfile, said)
    const pairing: Pairing = { dockerfile, how: 'only-dockerfile' }
    return {
      pairing: remark
        ? {
            ...pairing,
            remark: `${remark}; it is still paired with ${dockerfile}, the only Dockerfile in scope`
          }
        : pairing
    }
  }
  if (said.dockerfile)
    return { note: `its provenance names ${said.dockerfile}, which is not among the Dockerfiles in scope` }
  return said.why ? { note: said.why } : {}
}
