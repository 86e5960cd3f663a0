/**
 * How every report names the Dockerfile line an image finding was placed on (Finding.origin, set
 * by checks/image-origin): "where" as `services/app/Dockerfile:7 (RUN apt-get install …)`, and the
 * sentence that says what the line has to do with the finding and what fixes it. Plain text: each
 * renderer escapes it at its own boundary (markdown/escape.ts, SARIF's messageText, log.ts).
 */
import type { Finding, ImageOrigin } from '../../findings/model.js'
import { triggersRebuild } from '../../policy/evaluate.js'
import type { Decision } from '../../policy/types.js'

/** Long RUN lines are shortened: the line number is what leads to the text. */
const INSTRUCTION_CHARS = 60

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** `services/app/Dockerfile:7 (RUN apt-get update && apt-get install -y …)`. */
export function originWhere(f: Finding & { origin: ImageOrigin }): string {
  return `${f.origin.dockerfile}:${f.startLine ?? 1} (${shorten(f.origin.instruction, INSTRUCTION_CHARS)})`
}

/** What the line has to do with the finding, and what fixes it; undefined for findings not placed. */
export function originSentence(d: Decision, mode?: 'gate' | 'monitor'): string | undefined {
  const f = d.finding
  const o = f.origin
  if (!o) return undefined
  const line = `line ${f.startLine ?? 1} of ${o.dockerfile}`
  if (o.how === 'fallback')
    return `Shown on the FROM line (${line}): which line brought it in is not known, because ${o.reason ?? 'the image’s history does not say'}.`
  if (o.how === 'base') {
    const rebuild =
      mode === 'monitor' && triggersRebuild(d) ? ' Rebuild on a newer base image: that is the fix.' : ''
    return `Comes with the base image ${o.baseImage} (FROM, ${line}).${rebuild}`
  }
  const command = o.instruction.split(' ')[0]
  if (command === 'RUN' && f.kind === 'vuln')
    return `Installed by ${line} (${shorten(o.instruction, INSTRUCTION_CHARS)}): that line is the fix (install a fixed version there).`
  return `Brought in by ${line} (${shorten(o.instruction, INSTRUCTION_CHARS)}).`
}
