/**
 * Which images a Dockerfile makes BuildKit pull, per target platform and set of build arguments:
 * every FROM, every COPY --from and RUN --mount=from= that names an image rather than a stage.
 * Follows dockerfile2llb (v0.34): the automatic platform ARGs, the ARGs before the first FROM
 * (build arguments replace declared defaults, defaults are expanded in order, an ARG without a
 * default leaves the name as it was), then each FROM name expanded by BuildKit's lexer and looked
 * up as an earlier stage, `scratch`, or an image reference.
 */
import { detectSyntax, parseDockerfile, DockerfileSyntaxError, type Instruction } from './parser.js'
import { formatPlatform, isPlatformSpecifier, type Platform } from '../../oci/platform.js'
import { isImageRef, parseImageRef, type ImageRef } from '../../oci/image-ref.js'
import { processWord, ShellSyntaxError } from './shell-lex.js'

/** What the build is given: `docker buildx build --platform … --build-arg …` on a build machine. */
export interface BuildSettings {
  platforms: readonly Platform[]
  buildPlatform: Platform
  buildArgs: ReadonlyMap<string, string>
}

/** One image source: a FROM line, a COPY --from, a RUN --mount=from=, or the frontend image a
 * `# syntax=` directive (or the BUILDKIT_SYNTAX build argument) makes BuildKit run instead of its own. */
export interface ImageSource {
  instruction: 'FROM' | 'COPY' | 'RUN' | 'SYNTAX' | 'BUILDKIT_SYNTAX'
  /** 1-based lines of the instruction. */
  startLine: number
  endLine: number
  /** The name as written, before ARG expansion. */
  raw: string
  /** The name after expansion (an unset variable expands to ''), when the lexer accepts it. */
  value?: string
  /**
   * image: a registry image; stage: a build stage; scratch: the empty image; unresolved: depends on
   * an ARG that has no value here (no default, not in build-args), so the build decides; invalid:
   * BuildKit refuses it (and the build fails).
   */
  kind: 'image' | 'stage' | 'scratch' | 'unresolved' | 'invalid'
  image?: ImageRef
  /** For unresolved: the ARGs without a value that the name depends on. */
  unsetArgs?: string[]
  /** For invalid: BuildKit's objection. */
  problem?: string
  /** FROM … AS name, lower-cased as BuildKit does. */
  stage?: string
}

export interface DockerfileReading {
  /** Per target platform (as TARGETPLATFORM spells it), every image source in file order. */
  platforms: Array<{ platform: string; sources: ImageSource[] }>
  /** Set when BuildKit refuses the whole file (nothing is built from it). */
  refusal?: { line: number; message: string }
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/

/** The ARG state before the first FROM: values, which declared ARGs have none, and what depends on them. */
interface MetaArgs {
  env: Map<string, string>
  /** Declared ARGs that have no value (no default, no build argument). */
  unset: Set<string>
  /** For each ARG, the unset ARGs its default was expanded from (so it is as unknown as they are). */
  taint: Map<string, Set<string>>
}

function platformArgs(target: Platform, build: Platform, settings: BuildSettings, stage: string): MetaArgs {
  const pairs: Array<[string, string]> = [
    ['BUILDPLATFORM', formatPlatform(build)],
    ['BUILDOS', build.os],
    ['BUILDOSVERSION', ''],
    ['BUILDARCH', build.architecture],
    ['BUILDVARIANT', build.variant],
    ['TARGETPLATFORM', formatPlatform(target)],
    ['TARGETOS', target.os],
    ['TARGETOSVERSION', ''],
    ['TARGETARCH', target.architecture],
    ['TARGETVARIANT', target.variant],
    ['TARGETSTAGE', stage || 'default']
  ]
  const env = new Map(pairs.map(([k, v]) => [k, settings.buildArgs.get(k) ?? v]))
  return { env, unset: new Set(), taint: new Map() }
}

/** The unset ARGs a word depends on, directly or through another ARG's default. */
function dependsOn(meta: MetaArgs, matched: Set<string>, unmatched: Set<string>): Set<string> {
  const deps = new Set([...unmatched].filter(n => meta.unset.has(n)))
  for (const name of matched) for (const d of meta.taint.get(name) ?? []) deps.add(d)
  return deps
}

/** BuildKit's buildMetaArgs over the ARG instructions before the first FROM. */
function applyMetaArgs(
  meta: MetaArgs,
  args: Instruction[],
  settings: BuildSettings,
  escapeToken: string
): void {
  for (const arg of args) {
    for (const word of arg.args) {
      const eq = word.indexOf('=')
      const key = eq < 0 ? word : word.slice(0, eq)
      if (key === '') throw new DockerfileSyntaxError('ARG names can not be blank', arg.startLine)
      const given = settings.buildArgs.get(key)
      if (given !== undefined) {
        meta.env.set(key, given)
        meta.taint.delete(key)
        meta.unset.delete(key)
      } else if (eq >= 0) {
        const res = lex(word.slice(eq + 1), meta.env, escapeToken, arg.startLine)
        meta.taint.set(key, dependsOn(meta, res.matched, res.unmatched))
        meta.env.set(key, res.value)
        meta.unset.delete(key)
      } else if (!meta.env.has(key)) meta.unset.add(key)
    }
  }
}

function lex(word: string, env: ReadonlyMap<string, string>, escapeToken: string, line: number) {
  try {
    return processWord(word, env, { escapeToken })
  } catch (error) {
    if (error instanceof ShellSyntaxError) throw new DockerfileSyntaxError(error.message, line)
    throw error
  }
}

/** instructions.Parse's checks of a FROM: only --platform, one value; `image` or `image AS name`. */
function fromShape(ins: Instruction): { problem?: string; platform?: string; stage?: string } {
  let platform: string | undefined
  for (const flag of ins.flags) {
    if (flag === '--') break
    const eq = flag.indexOf('=')
    const name = eq < 0 ? flag : flag.slice(0, eq)
    if (name !== '--platform') return { problem: `unknown flag: ${name}` }
    if (eq < 0) return { problem: `missing a value on flag: ${name}` }
    if (platform !== undefined) return { problem: `duplicate flag specified: ${name}` }
    platform = flag.slice(eq + 1)
  }
  const [, as, name] = ins.args
  if (ins.args.length === 3 && as!.toLowerCase() === 'as') {
    const stage = name!.toLowerCase()
    if (!STAGE_NAME.test(stage)) return { problem: `invalid name for build stage: "${name}"` }
    return { platform, stage }
  }
  if (ins.args.length !== 1) return { problem: 'FROM requires either one or three arguments' }
  return { platform }
}

/** Earlier stage, scratch, or an image reference (in that order, as BuildKit looks names up). */
function classify(source: ImageSource, name: string, isStage: boolean): ImageSource {
  if (isStage) return { ...source, kind: 'stage' }
  if (name === 'scratch') return { ...source, kind: 'scratch' }
  const ref = parseImageRef(name)
  return isImageRef(ref)
    ? { ...source, kind: 'image', image: ref }
    : { ...source, kind: 'invalid', problem: ref.error }
}

function readFrom(
  ins: Instruction,
  meta: MetaArgs,
  escapeToken: string,
  stages: ReadonlySet<string>
): ImageSource {
  const shape = fromShape(ins)
  const raw = ins.args[0] ?? ''
  const base: ImageSource = {
    instruction: 'FROM',
    startLine: ins.startLine,
    endLine: ins.endLine,
    raw,
    kind: 'invalid',
    ...(shape.stage ? { stage: shape.stage } : {})
  }
  if (shape.problem) return { ...base, problem: shape.problem }
  let res
  try {
    res = processWord(raw, meta.env, { escapeToken })
  } catch (error) {
    if (error instanceof ShellSyntaxError) return { ...base, problem: error.message }
    throw error
  }
  const source = { ...base, value: res.value }
  const unset = [...dependsOn(meta, res.matched, res.unmatched)].sort()
  if (unset.length > 0) return { ...source, kind: 'unresolved', unsetArgs: unset }
  if (res.value === '') return { ...source, problem: `base name (${raw}) should not be blank` }
  const platformProblem =
    shape.platform === undefined ? undefined : checkPlatform(shape.platform, meta, escapeToken)
  if (platformProblem) return { ...source, problem: platformProblem }
  return classify(source, res.value, stages.has(res.value))
}

function checkPlatform(flag: string, meta: MetaArgs, escapeToken: string): string | undefined {
  try {
    const value = processWord(flag, meta.env, { escapeToken }).value
    if (value === '') return `empty platform value from expression ${flag}`
    return isPlatformSpecifier(value) ? undefined : `failed to parse platform ${flag}`
  } catch (error) {
    if (error instanceof ShellSyntaxError) return `failed to process arguments for platform: ${error.message}`
    throw error
  }
}

/** COPY --from and RUN --mount=from= names: never expanded; a stage (any position, any case), a
 * COPY stage index, scratch, or an image BuildKit pulls. */
function commandSources(
  ins: Instruction,
  stageNames: ReadonlySet<string>,
  stageCount: number,
  escapeToken: string
): ImageSource[] {
  const command = ins.command.toLowerCase()
  const at = { startLine: ins.startLine, endLine: ins.endLine }
  if (command === 'copy') {
    const from = ins.flags.filter(f => f.startsWith('--from='))
    if (from.length === 0) return []
    const raw = from[from.length - 1]!.slice('--from='.length)
    const source: ImageSource = { instruction: 'COPY', ...at, raw, value: raw, kind: 'invalid' }
    if (from.length > 1) return [{ ...source, problem: 'duplicate flag specified: --from' }]
    let unchanged: boolean
    try {
      unchanged = processWord(raw, new Map(), { escapeToken }).value === raw
    } catch (error) {
      if (error instanceof ShellSyntaxError) return [{ ...source, problem: error.message }]
      throw error
    }
    if (!unchanged) return [{ ...source, problem: 'variable expansion is not supported for --from' }]
    if (/^[+-]?[0-9]+$/.test(raw)) {
      const index = Number(raw)
      if (index >= 0 && index < stageCount) return [{ ...source, kind: 'stage' }]
      return [{ ...source, problem: `invalid stage index ${index}` }]
    }
    return [classify(source, raw, stageNames.has(raw.toLowerCase()))]
  }
  if (command !== 'run') return []
  const sources: ImageSource[] = []
  for (const flag of ins.flags.filter(f => f.startsWith('--mount='))) {
    // The last from= of a mount counts; a mount without one reads from scratch (nothing pulled).
    let raw = ''
    for (const field of csvFields(flag.slice('--mount='.length))) {
      const eq = field.indexOf('=')
      if (eq >= 0 && field.slice(0, eq).toLowerCase() === 'from') raw = field.slice(eq + 1)
    }
    if (raw === '') continue
    const source: ImageSource = { instruction: 'RUN', ...at, raw, value: raw, kind: 'invalid' }
    const dollar = raw.indexOf('$')
    if (dollar !== -1 && dollar !== raw.length - 1)
      sources.push({
        ...source,
        problem: "'from' doesn't support variable expansion, define alias stage instead"
      })
    else sources.push(classify(source, raw, stageNames.has(raw.toLowerCase())))
  }
  return sources
}

/** One CSV record (the --mount syntax): commas separate, double quotes protect, "" is a quote. */
function csvFields(text: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted && ch === '"' && text[i + 1] === '"') [field, i] = [field + '"', i + 1]
    else if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) {
      fields.push(field)
      field = ''
    } else field += ch
  }
  fields.push(field)
  return fields
}

/** The frontend image BuildKit runs for this file: BUILDKIT_SYNTAX, else the syntax directive. */
function frontendSource(text: string, settings: BuildSettings): ImageSource | undefined {
  const arg = settings.buildArgs.get('BUILDKIT_SYNTAX')
  const found =
    arg !== undefined
      ? { instruction: 'BUILDKIT_SYNTAX' as const, ref: trimSpace(arg).split(' ')[0]!, line: 1 }
      : { instruction: 'SYNTAX' as const, ...detectSyntax(text) }
  if (found.ref === undefined || found.line === undefined) return undefined
  const line = Math.max(found.line, 1)
  const source: ImageSource = {
    instruction: found.instruction,
    startLine: line,
    endLine: line,
    raw: found.ref,
    value: found.ref,
    kind: 'invalid'
  }
  const ref = parseImageRef(found.ref)
  return isImageRef(ref) ? { ...source, kind: 'image', image: ref } : { ...source, problem: ref.error }
}

const trimSpace = (s: string): string => s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '')

/** Instructions BuildKit knows; any other makes it refuse the file (instructions.Parse). */
const INSTRUCTIONS = new Set(
  'add arg cmd copy entrypoint env expose from healthcheck label maintainer onbuild run shell stopsignal user volume workdir'.split(
    ' '
  )
)

/** instructions.Parse's file-level refusals: an unknown instruction, or one (other than ARG)
 * before the first FROM. */
function structureProblem(instructions: readonly Instruction[]): DockerfileSyntaxError | undefined {
  let staged = false
  for (const ins of instructions) {
    const name = ins.command.toLowerCase()
    if (!INSTRUCTIONS.has(name))
      return new DockerfileSyntaxError(`unknown instruction: ${ins.command}`, ins.startLine)
    if (name === 'from') staged = true
    else if (!staged && name !== 'arg')
      return new DockerfileSyntaxError('no build stage in current context', ins.startLine)
  }
  return undefined
}

/** Reads a Dockerfile for every target platform of the build. Never throws. */
export function readDockerfile(text: string, settings: BuildSettings): DockerfileReading {
  const frontend = frontendSource(text, settings)
  // The frontend image is pulled and run before the Dockerfile is parsed: it counts even then.
  const refused = (error: DockerfileSyntaxError): DockerfileReading => ({
    platforms: settings.platforms.map(p => ({
      platform: formatPlatform(p),
      sources: frontend ? [frontend] : []
    })),
    refusal: { line: error.line, message: error.message }
  })
  let parsed
  try {
    parsed = parseDockerfile(text)
  } catch (error) {
    if (error instanceof DockerfileSyntaxError) return refused(error)
    throw error
  }
  const problem = structureProblem(parsed.instructions)
  if (problem) return refused(problem)
  const { instructions, escapeToken } = parsed
  const firstFrom = instructions.findIndex(i => i.command.toLowerCase() === 'from')
  const froms = instructions.filter(i => i.command.toLowerCase() === 'from')
  const metaArgs = instructions
    .slice(0, firstFrom < 0 ? instructions.length : firstFrom)
    .filter(i => i.command.toLowerCase() === 'arg')
  const stageNames = new Set(froms.map(f => fromShape(f).stage).filter((s): s is string => s !== undefined))
  const lastStage = froms.length > 0 ? (fromShape(froms[froms.length - 1]!).stage ?? '') : ''
  const commands =
    firstFrom < 0
      ? []
      : instructions.slice(firstFrom).flatMap(i => commandSources(i, stageNames, froms.length, escapeToken))
  const platforms: DockerfileReading['platforms'] = []
  for (const target of settings.platforms) {
    const meta = platformArgs(target, settings.buildPlatform, settings, lastStage)
    try {
      applyMetaArgs(meta, metaArgs, settings, escapeToken)
    } catch (error) {
      if (error instanceof DockerfileSyntaxError) return refused(error)
      throw error
    }
    const seen = new Set<string>()
    const sources = froms.map(ins => {
      const source = readFrom(ins, meta, escapeToken, seen)
      if (source.stage) seen.add(source.stage)
      return source
    })
    const all = [...(frontend ? [frontend] : []), ...sources, ...commands].sort(
      (a, b) => a.startLine - b.startLine
    )
    platforms.push({ platform: formatPlatform(target), sources: all })
  }
  return { platforms }
}
