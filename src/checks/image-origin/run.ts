/**
 * Image findings onto Dockerfile lines, for every image scan: which Dockerfile built the image
 * (pairing.ts, with BuildKit's provenance fetched by fetch-provenance.ts only when nothing else
 * decides), the image's build record from the scan's own Trivy report (history.ts), the Dockerfile
 * read through the safe read, then the placement (place.ts). The only part of this folder that
 * reads files.
 */
import { readFile } from 'node:fs/promises'
import type { Finding } from '../../findings/model.js'
import { parseJson } from '../../scanners/json-input.js'
import type { ScanOutcome } from '../../scanners/run.js'
import { readSources } from '../../workspace/sources.js'
import { fetchProvenance, type Crane } from './fetch-provenance.js'
import { imageBuild, type ImageBuild } from './history.js'
import { pairDockerfile, type PairingContext, type PairingResult } from './pairing.js'
import { placeOnDockerfile } from './place.js'
import type { Repository } from './provenance.js'

export interface PlacementInput {
  outcomes: readonly ScanOutcome[]
  /** The inputs' pairings, by scanned subject. */
  dockerfileFor: Readonly<Record<string, string>>
  /** Dockerfiles in scope. */
  dockerfiles: readonly string[]
  workspace: string
  /** This workflow's repository (GITHUB_SERVER_URL, GITHUB_REPOSITORY), when known. */
  repository?: Repository
  /** crane, installed on first use: only an image that nothing else pairs needs it. */
  crane?: () => Promise<Crane>
}

const HOW = {
  input: 'as the input pairs it',
  label: 'named by its label',
  provenance: 'named by its BuildKit provenance',
  'only-dockerfile': 'the only Dockerfile in scope'
}

/**
 * The pairing of one image: from the inputs, labels and files in scope first; then, for an image
 * pulled from a registry that none of them pairs while Dockerfiles are in scope, from its provenance.
 */
async function pair(
  scan: ScanOutcome,
  build: ImageBuild,
  input: PlacementInput,
  imagesScanned: number
): Promise<PairingResult> {
  const ctx: PairingContext = {
    given: input.dockerfileFor[scan.job.subject],
    labels: build.labels,
    dockerfiles: input.dockerfiles,
    imagesScanned,
    ...(input.repository ? { repository: input.repository } : {})
  }
  const first = pairDockerfile(ctx)
  const ambiguous = !first.pairing && input.dockerfiles.length > 0 && scan.job.image?.kind === 'reference'
  if (!ambiguous || !input.crane) return first
  // crane's install fails the step like any tool's (a digest mismatch is never a note); what the
  // registry answers, or does not, is a note about this image.
  const provenance = await fetchProvenance(await input.crane(), scan.job.subject, build)
  return pairDockerfile({ ...ctx, provenance })
}

/** The findings with each paired image's findings on its Dockerfile's lines; `say` gets one line per image. */
export async function placeImageFindings(
  findings: readonly Finding[],
  input: PlacementInput,
  say: (line: string) => void
): Promise<Finding[]> {
  const scans = input.outcomes.filter(o => o.job.tool === 'trivy' && o.job.image && o.reportFile)
  let current = [...findings]
  const notes: string[] = []
  for (const scan of scans) {
    const subject = scan.job.subject
    if (!current.some(f => f.subject === subject && f.image)) continue
    const report: unknown = parseJson(await readFile(scan.reportFile!, 'utf8'), scan.reportFile!)
    const build = imageBuild(report)
    if (!build) continue
    const { pairing, note } = await pair(scan, build, input, scans.length)
    if (!pairing) {
      notes.push(
        `${subject}: no Dockerfile is paired with it${note ? ` (${note})` : ''}, so its findings stay on the image (pair one in the input: image: ${subject} | path/to/Dockerfile).`
      )
      continue
    }
    const read = readSources(input.workspace, [pairing.dockerfile])
    const text = read.texts[0]?.text
    if (text === undefined) {
      const why = read.unread[0]?.reason ?? 'it cannot be read'
      notes.push(`${subject}: its findings stay on the image: ${pairing.dockerfile} cannot be read (${why}).`)
      continue
    }
    if (pairing.remark) notes.push(`${subject}: ${pairing.remark}.`)
    const placed = placeOnDockerfile(current, {
      subject,
      dockerfile: { path: pairing.dockerfile, text },
      build,
      // Only the workflow's own word places findings the history does not bear out: the label is
      // the image's claim (a LABEL line can name any Dockerfile, and a Dockerfile's path is a scope
      // the policy's ignores narrow to), and the only Dockerfile in scope is a guess.
      fallback: pairing.how === 'input'
    })
    current = placed.findings
    notes.push(`${placed.note} Dockerfile: ${HOW[pairing.how]}.`)
  }
  for (const note of notes) say(note)
  return current
}
