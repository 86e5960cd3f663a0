/**
 * Image findings onto Dockerfile lines, for every image scan: which Dockerfile built the image
 * (pairing.ts), the image's build record from the scan's own Trivy report (history.ts), the
 * Dockerfile read through the safe read, then the placement (place.ts). The only part of this
 * folder that reads files.
 */
import { readFile } from 'node:fs/promises'
import type { Finding } from '../../findings/model.js'
import { parseJson } from '../../scanners/json-input.js'
import type { ScanOutcome } from '../../scanners/run.js'
import { readSources } from '../../workspace/sources.js'
import { imageBuild } from './history.js'
import { pairDockerfile } from './pairing.js'
import { placeOnDockerfile } from './place.js'

export interface PlacementInput {
  outcomes: readonly ScanOutcome[]
  /** The inputs' pairings, by scanned subject. */
  dockerfileFor: Readonly<Record<string, string>>
  /** Dockerfiles in scope. */
  dockerfiles: readonly string[]
  workspace: string
}

const HOW = {
  input: 'as the input pairs it',
  label: 'named by its label',
  'only-dockerfile': 'the only Dockerfile in scope'
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
    const pairing = pairDockerfile({
      given: input.dockerfileFor[subject],
      labels: build.labels,
      dockerfiles: input.dockerfiles,
      imagesScanned: scans.length
    })
    if (!pairing) {
      notes.push(
        `${subject}: no Dockerfile is paired with it, so its findings stay on the image (pair one in the input: image: ${subject} | path/to/Dockerfile).`
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
