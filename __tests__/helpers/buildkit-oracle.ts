/**
 * The Dockerfile differential test's comparison: the action's reading of every image source
 * (FROM, COPY --from, RUN --mount=from=) against BuildKit's, as e2e/cmd/buildkit-oracle prints it.
 * Used by the unit test (on the recorded output) and the end-to-end test (on a fresh run).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { isPlatform, parsePlatform, type Platform } from '../../src/oci/platform.js'
import { readDockerfile, type ImageSource } from '../../src/checks/base-images/read.js'

export const FIXTURES = path.resolve(process.cwd(), '__fixtures__/dockerfiles')
export const RECORDING = path.join(FIXTURES, 'buildkit-v0.34.2.json')

/** BuildKit's reading of one source (the oracle's JSON). */
export interface OracleSource {
  instruction: 'FROM' | 'COPY' | 'RUN' | 'SYNTAX' | 'BUILDKIT_SYNTAX'
  line: number
  endLine: number
  raw: string
  value?: string
  unmatched?: string[]
  kind: 'image' | 'stage' | 'scratch' | 'error'
  image?: string
  error?: string
}

export interface OracleResult {
  file: string
  platform: string
  buildPlatform: string
  buildArgs?: Record<string, string>
  error?: string
  errorLine?: number
  froms: OracleSource[]
}

function platform(spec: string): Platform {
  const p = parsePlatform(spec)
  if (!isPlatform(p)) throw new Error(`${spec}: ${p.error}`)
  return p
}

/** The action's reading of the same file for the same run. */
export function actionReading(result: OracleResult) {
  const text = readFileSync(path.join(FIXTURES, result.file), 'utf8')
  return readDockerfile(text, {
    platforms: [platform(result.platform)],
    buildPlatform: platform(result.buildPlatform),
    buildArgs: new Map(Object.entries(result.buildArgs ?? {}))
  })
}

/**
 * Why one source is read differently, or undefined when the two agree. Agreement: the same kind
 * and image (or both refuse it), the same expanded name; and where the action says "unresolved"
 * (fail closed: an ARG without a value decides the image at build time), BuildKit's own reading
 * must show those ARGs unset and give the same expanded name.
 */
export function disagreement(oracle: OracleSource, action: ImageSource | undefined): string | undefined {
  if (!action) return 'the action has no reading for this source'
  if (oracle.value !== undefined && action.value !== undefined && oracle.value !== action.value)
    return `expanded to '${action.value}', BuildKit '${oracle.value}'`
  if (action.kind === 'unresolved') {
    const notUnset = (action.unsetArgs ?? []).filter(a => !(oracle.unmatched ?? []).includes(a))
    return notUnset.length > 0 ? `ARGs ${notUnset.join(', ')} are set for BuildKit` : undefined
  }
  const kind = action.kind === 'invalid' ? 'error' : action.kind
  if (kind !== oracle.kind)
    return `${action.kind}${action.problem ? ` (${action.problem})` : ''}, BuildKit ${oracle.kind}${oracle.error ? ` (${oracle.error})` : ''}`
  if (kind === 'image' && action.image?.normalized !== oracle.image)
    return `image ${action.image?.normalized}, BuildKit ${oracle.image}`
  return undefined
}

/** Disagreements of one run, as `file platform line: reason`. */
export function compareRun(result: OracleResult): string[] {
  const reading = actionReading(result)
  const where = `${result.file} ${result.platform}${result.buildArgs ? ` ${JSON.stringify(result.buildArgs)}` : ''}`
  const out: string[] = []
  let sources = reading.platforms[0]?.sources ?? []
  const isFrontend = (i: string) => i === 'SYNTAX' || i === 'BUILDKIT_SYNTAX'
  if (result.error && result.froms.every(o => isFrontend(o.instruction))) {
    // BuildKit refused the file before reading any FROM line: the action agrees when it refuses
    // the file too, or reads that very line as invalid. Only the frontend image is compared then.
    const invalidThere = sources.some(
      s => s.kind === 'invalid' && s.startLine <= result.errorLine! && result.errorLine! <= s.endLine
    )
    if (!reading.refusal && !invalidThere)
      out.push(`${where}: BuildKit refuses the file (${result.error}), the action reads it`)
    sources = sources.filter(s => isFrontend(s.instruction))
  }
  const used = new Set<ImageSource>()
  for (const o of result.froms) {
    const a = sources.find(s => !used.has(s) && s.instruction === o.instruction && s.startLine === o.line)
    if (a) used.add(a)
    const why = disagreement(o, a)
    if (why) out.push(`${where} ${o.instruction}@${o.line}: ${why}`)
  }
  for (const a of sources)
    if (!used.has(a)) out.push(`${where} ${a.instruction}@${a.startLine}: BuildKit has no such source`)
  return out
}

export function loadRecording(file = RECORDING): { buildkit: string; results: OracleResult[] } {
  return JSON.parse(readFileSync(file, 'utf8')) as { buildkit: string; results: OracleResult[] }
}

/**
 * Disagreements that are understood, each with its reason; anything else fails the test, and so
 * does an explanation that no longer matches anything.
 */
export const EXPLAINED: Array<{ match: RegExp; reason: string }> = [
  {
    match:
      /^corpus\/moby__buildkit\/frontend\/dockerfile\/parser\/testfiles\/health\/Dockerfile .*: BuildKit refuses the file \(dockerfile parse error on line 4: HEALTHCHECK requires at least one argument\), the action reads it$/,
    reason:
      "BuildKit's parser test: BuildKit refuses the whole file for an instruction the base-image check does not read (an empty HEALTHCHECK), so nothing is built and no image is pulled. The action still judges the FROM lines (stricter, not a bypass)."
  }
]
