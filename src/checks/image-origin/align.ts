/**
 * Which Dockerfile line made each layer of an image: the layers (`rootfs.diff_ids`), the history
 * entries that made them (the OCI spec: entries with `empty_layer` made none, the others are the
 * layers in order) and the final stage's instructions, which BuildKit records one entry each after
 * those of the base image. Pure. The reasoning, from BuildKit's and Trivy's sources, is in
 * e2e/HISTORY.md ("Aligning findings with Dockerfile lines").
 */
import type { Instruction, ParsedDockerfile } from '../base-images/parser.js'
import { entryMismatch } from './created-by.js'
import type { ImageBuild } from './history.js'

/** The stage the image is: its FROM and the instructions after it that leave a history entry. */
export interface FinalStage {
  from: Instruction
  /** In order; ONBUILD registers a trigger for later images and leaves no entry here. */
  instructions: Instruction[]
}

export function finalStage(parsed: ParsedDockerfile): FinalStage | undefined {
  const last = parsed.instructions.findLastIndex(i => i.command.toLowerCase() === 'from')
  if (last < 0) return undefined
  const instructions = parsed.instructions.slice(last + 1).filter(i => i.command.toLowerCase() !== 'onbuild')
  return { from: parsed.instructions[last]!, instructions }
}

/** What made one layer: the base image (its FROM line) or an instruction of the final stage. */
export interface LayerOrigin {
  how: 'base' | 'instruction'
  instruction: Instruction
}

export type Alignment =
  | { certain: true; layers: LayerOrigin[]; diffIds: string[] }
  /** The history does not describe this Dockerfile's layers; reason completes "…because ". */
  | { certain: false; reason: string }

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`
const layers = (n: number) => `${n} ${n === 1 ? 'layer' : 'layers'}`

/** One-line form of an instruction for messages: its lines joined, white space collapsed. */
export function instructionText(ins: Instruction): string {
  return `${ins.command.toUpperCase()} ${ins.text}`.replace(/\s+/g, ' ').trim()
}

/** Each layer's origin, when the image's history certainly describes the Dockerfile's final stage. */
export function alignLayers(build: ImageBuild, stage: FinalStage): Alignment {
  const history = build.history
  if (!history)
    return {
      certain: false,
      reason: 'the image has no build history (built by a tool that omits it, or rewritten)'
    }
  const made = history.flatMap((h, i) => (h.emptyLayer ? [] : [i]))
  if (made.length !== build.diffIds.length)
    return {
      certain: false,
      reason: `its history records ${layers(made.length)} but it has ${layers(build.diffIds.length)} (squashed or rewritten)`
    }
  const own = stage.instructions.length
  const base = history.length - own
  if (base < 0)
    return {
      certain: false,
      reason: `the final stage has ${own} instructions but the image's history only ${entries(history.length)}`
    }
  const scratch = stage.from.args[0]?.toLowerCase() === 'scratch'
  if (scratch && base > 0)
    return {
      certain: false,
      reason: `FROM scratch, yet the history has ${entries(base)} before the final stage's`
    }
  // From the last line back: BuildKit writes the final stage's entries last, so a line added or
  // changed since the build is the first one met this way, and the message names it.
  for (let i = own - 1; i >= 0; i--) {
    const ins = stage.instructions[i]!
    const why = entryMismatch(history[base + i]!, ins)
    if (why)
      return {
        certain: false,
        reason: `line ${ins.startLine} (${shorten(instructionText(ins), 60)}) is not what the history records there (${why}): the image was built from another version of the Dockerfile`
      }
  }
  const origins = made.map((entry): LayerOrigin =>
    entry < base
      ? { how: 'base', instruction: stage.from }
      : { how: 'instruction', instruction: stage.instructions[entry - base]! }
  )
  return { certain: true, layers: origins, diffIds: build.diffIds }
}

/**
 * The origin of the layer Trivy names by its DiffID. Two layers can share a DiffID (BuildKit keeps
 * an empty diff as a layer): only when every such layer has the same origin is it certain.
 */
export function originOfLayer(
  alignment: Alignment & { certain: true },
  diffId: string
): LayerOrigin | undefined {
  const found = alignment.diffIds.flatMap((d, k) => (d === diffId ? [alignment.layers[k]!] : []))
  const first = found[0]
  if (!first || found.some(o => o.instruction !== first.instruction)) return undefined
  return first
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
