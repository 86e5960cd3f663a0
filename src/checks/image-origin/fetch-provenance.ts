/**
 * Fetches BuildKit's provenance attestation of a scanned image with crane (installed verified like
 * the scanners): `crane manifest` of the index Trivy scanned (by its digest, so a tag moved since
 * the scan is not read), `crane manifest` of the attestation, `crane blob` of its statement. argv
 * only, the scrubbed environment (registry credentials come from the Docker config, as for Trivy),
 * every output capped. go-containerregistry checks each digest it fetches by. Nothing here throws
 * for what the registry says: every way of not finding the statement is a problem, said aloud.
 */
import type { Exec } from '../../tools/exec.js'
import { attestationInIndex, provenanceLayer, type Step } from './attestation.js'
import type { ImageBuild } from './history.js'
import type { ProvenanceLookup } from './pairing.js'
import { MAX_PROVENANCE_BYTES, readProvenance } from './provenance.js'

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

export interface Crane {
  crane: string
  exec: Exec
}

/**
 * `registry/repository@sha256:…` of what Trivy scanned (for a tag naming an index, the index's
 * digest): its report's RepoDigests, the one of the scanned repository first.
 */
function indexReference(build: ImageBuild, subject: string): string | undefined {
  const repository = subject.replace(/@.*$/, '').replace(/:[^/:]+$/, '')
  // Never a value crane could read as a flag.
  const digests = build.repoDigests.filter(d => /^[^@\s-][^@\s]*@sha256:[0-9a-f]{64}$/.test(d))
  const fromReport = digests.find(d => d.replace(/@.*$/, '') === repository) ?? digests[0]
  return fromReport ?? (/^[^@\s-][^@\s]*@sha256:[0-9a-f]{64}$/.test(subject) ? subject : undefined)
}

async function craneOut(tool: Crane, args: string[], max: number): Promise<Step<string>> {
  try {
    const result = await tool.exec(tool.crane, args, { maxOutputBytes: max })
    if (result.exitCode === 0) return { ok: true, value: result.stdout }
    const why = result.stderr.trim().split('\n').pop()?.slice(0, 300) ?? ''
    return { ok: false, problem: `crane ${args[0]} exited ${result.exitCode}${why ? `: ${why}` : ''}` }
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) }
  }
}

/** The provenance of one scanned image, or why there is none to read. */
export async function fetchProvenance(
  tool: Crane,
  subject: string,
  build: ImageBuild
): Promise<ProvenanceLookup> {
  const index = indexReference(build, subject)
  if (!index) return { problem: 'Trivy’s report names no digest of it in the registry' }
  if (!build.platform) return { problem: 'Trivy’s report names no platform for it' }
  const repository = index.replace(/@.*$/, '')
  const indexText = await craneOut(tool, ['manifest', index], MAX_MANIFEST_BYTES)
  if (!indexText.ok) return { problem: indexText.problem }
  const found = attestationInIndex(indexText.value, build.platform)
  if (!found.ok) return { problem: found.problem }
  const manifest = await craneOut(
    tool,
    ['manifest', `${repository}@${found.value.attestation}`],
    MAX_MANIFEST_BYTES
  )
  if (!manifest.ok) return { problem: manifest.problem }
  const layer = provenanceLayer(manifest.value)
  if (!layer.ok) return { problem: layer.problem }
  const blob = await craneOut(tool, ['blob', `${repository}@${layer.value}`], MAX_PROVENANCE_BYTES + 1)
  if (!blob.ok) return { problem: blob.problem }
  const read = readProvenance(blob.value)
  if (!read.ok) return { problem: read.reason }
  // The statement must be about the image scanned, not another one the index carries.
  if (!read.reading.subjects.includes(found.value.image))
    return { problem: `its statement is about another image than ${found.value.image}` }
  return { reading: read.reading }
}
