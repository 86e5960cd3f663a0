/**
 * Puts an image's findings on the Dockerfile line that brought them in. Pure: the image's build
 * record (from its Trivy report) and the Dockerfile's text in, the findings out with `file`,
 * `startLine` and `origin` set, and one sentence for the log.
 *
 * Certain → the layer's line (the FROM line for the base image's layers). Not certain (no history,
 * squashed, another Dockerfile) → OS packages on the FROM line, the reason in their `origin`, which
 * every report shows; other packages stay on the image, since no line is known for them.
 */
import type { Finding, ImageOrigin } from '../../findings/model.js'
import { DockerfileSyntaxError, parseDockerfile, type Instruction } from '../base-images/parser.js'
import { alignLayers, finalStage, instructionText, originOfLayer, type Alignment } from './align.js'
import type { ImageBuild } from './history.js'

export interface Placement {
  findings: Finding[]
  /** What was done for this image, for the log (said once per image). */
  note: string
}

interface Paired {
  /** The scan's subject (the image reference or image-input path). */
  subject: string
  dockerfile: { path: string; text: string }
  build: ImageBuild
  /** Whether OS packages go to the FROM line when the history does not match: only when the
   * workflow paired it (the input). A guessed pairing (the only Dockerfile in scope) that the
   * history contradicts is more likely the wrong Dockerfile than a rewritten image, and a label is
   * the image's own claim, which a LABEL line in a pull request can point at any Dockerfile. */
  fallback: boolean
}

const isOsPackage = (f: Finding) => f.package?.class === 'os-pkgs'

function at(f: Finding, ins: Instruction, origin: ImageOrigin): Finding {
  return { ...f, file: origin.dockerfile, startLine: ins.startLine, endLine: ins.endLine, origin }
}

/** Where one finding goes; undefined leaves it on the image. */
function placeOne(
  f: Finding,
  alignment: Alignment,
  from: Instruction,
  common: Pick<ImageOrigin, 'dockerfile' | 'baseImage'>
): Finding | undefined {
  const fallback = (reason: string) =>
    isOsPackage(f)
      ? at(f, from, { ...common, how: 'fallback', instruction: instructionText(from), reason })
      : undefined
  if (!alignment.certain) return fallback(alignment.reason)
  if (!f.layer) return fallback('Trivy named no layer for the package')
  const origin = originOfLayer(alignment, f.layer)
  if (!origin) return fallback('the layer Trivy named is not one of the image’s, or appears twice')
  return at(f, origin.instruction, {
    ...common,
    how: origin.how,
    instruction: instructionText(origin.instruction)
  })
}

function countBy(findings: readonly Finding[]): string {
  const lines = new Map<number, number>()
  for (const f of findings) lines.set(f.startLine!, (lines.get(f.startLine!) ?? 0) + 1)
  return [...lines.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([line, n]) => `line ${line}: ${n}`)
    .join(', ')
}

/** The subject's image findings placed on `dockerfile`; every other finding is returned as it was. */
export function placeOnDockerfile(findings: readonly Finding[], paired: Paired): Placement {
  const { subject, dockerfile } = paired
  const mine = (f: Finding) => f.subject === subject && f.tool === 'trivy' && f.kind === 'vuln' && !!f.image
  let parsed
  try {
    parsed = parseDockerfile(dockerfile.text)
  } catch (error) {
    if (!(error instanceof DockerfileSyntaxError)) throw error
    return {
      findings: [...findings],
      note: `${subject}: its findings stay on the image: ${dockerfile.path} cannot be parsed (line ${error.line}: ${error.message}).`
    }
  }
  const stage = finalStage(parsed)
  if (!stage)
    return {
      findings: [...findings],
      note: `${subject}: its findings stay on the image: ${dockerfile.path} has no FROM.`
    }
  const alignment = alignLayers(paired.build, stage)
  if (!alignment.certain && !paired.fallback)
    return {
      findings: [...findings],
      note: `${subject}: its findings stay on the image: ${dockerfile.path} does not match the image's history (${alignment.reason}). Pair the image with the Dockerfile that built it (image: ${subject} | path/to/Dockerfile).`
    }
  const common = { dockerfile: dockerfile.path, baseImage: stage.from.args[0] ?? '' }
  const out: Finding[] = []
  const placed: Finding[] = []
  let left = 0
  for (const f of findings) {
    if (!mine(f)) {
      out.push(f)
      continue
    }
    const moved = placeOne(f, alignment, stage.from, common)
    if (moved) placed.push(moved)
    else left++
    out.push(moved ?? f)
  }
  const where = placed.length > 0 ? ` (${countBy(placed)})` : ''
  const stay = left > 0 ? `; ${left} stay on the image (no line is known for them)` : ''
  const note = alignment.certain
    ? `${subject}: ${placed.length} findings placed on ${dockerfile.path}${where}${stay}.`
    : `${subject}: the image's history does not match ${dockerfile.path}: ${alignment.reason}. Its OS packages' findings are shown on the FROM line (${stage.from.startLine})${stay}.`
  return { findings: out, note }
}
