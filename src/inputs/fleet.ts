/**
 * The inputs of the two fleet modes: `mode: plan` (find the work, write the matrix) and
 * `mode: aggregate` (read the legs' reports, one verdict). Read once, like every other input; a bad
 * value is one ConfigurationError naming the input, the value and what is accepted.
 */
import { badInput } from '../errors.js'
import { isImageRef, parseImageRef } from '../oci/image-ref.js'
import {
  DEFAULT_DOCKERFILE_GLOBS,
  booleanInput,
  choiceInput,
  lines,
  optionalLines,
  type InputReader
} from './values.js'
import type { CommentMode } from './read.js'

/** The modes that do not scan: they plan a matrix of scanning jobs, or aggregate its results. */
export const FLEET_MODES = ['plan', 'aggregate'] as const
export type FleetMode = (typeof FLEET_MODES)[number]

/** GitHub's limit on the jobs of one matrix. */
export const MATRIX_LIMIT = 256

export function isFleetMode(raw: string): raw is FleetMode {
  return (FLEET_MODES as readonly string[]).includes(raw.trim().toLowerCase())
}

export interface PlanInputs {
  mode: 'plan'
  /** Globs of the Dockerfiles, one matrix entry each; undefined: only `images-file`. */
  dockerfiles?: string[]
  /** A repository file listing image references, one per line ('#' comments). */
  imagesFile?: string
  /** The image name per Dockerfile: `{dir}` (the Dockerfile's folder), `{folder}` (its last part), `{name}` (the entry's name). */
  imagePattern?: string
  /** Images (Dockerfiles or listed references) per matrix job. */
  groupSize: number
}

export interface AggregateInputs {
  mode: 'aggregate'
  /** Globs of the legs' JSON reports, inside the workspace. */
  reports: string[]
  /** The names of the legs that must report (from the plan's matrix or a plain list). */
  expectedLegs: string[]
  allowMissingLegs: boolean
  fail: boolean
  summary: boolean
  comment: CommentMode
  commentKey: string
  githubToken: string
}

export type FleetInputs = PlanInputs | AggregateInputs

const PATTERN_ACCEPTED =
  "expected an image name with {dir} (the Dockerfile's folder), {folder} (its last part) or {name} (the matrix entry's name), for example ghcr.io/acme/{folder}"

function imagePattern(raw: string): string | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  const sample = value.replaceAll('{dir}', 'a/b').replaceAll('{folder}', 'b').replaceAll('{name}', 'a-b')
  if (!/\{(dir|folder|name)\}/.test(value) || !isImageRef(parseImageRef(sample)))
    throw badInput('image-pattern', raw, PATTERN_ACCEPTED)
  return value
}

function groupSize(raw: string): number {
  const value = raw.trim()
  if (value === '') return 1
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > MATRIX_LIMIT)
    throw badInput(
      'group-size',
      raw,
      `expected a whole number from 1 to ${MATRIX_LIMIT} (images per matrix job)`
    )
  return n
}

/**
 * `expected-legs`: the plan's `matrix` output (JSON with `include`, each entry's `name`), a JSON
 * list of names, or one name per line.
 */
export function expectedLegs(raw: string): string[] {
  const value = raw.trim()
  const accepted =
    "expected the plan's matrix output (${{ needs.plan.outputs.matrix }}), a JSON list of leg names, or one leg name per line"
  if (value === '')
    throw badInput(
      'expected-legs',
      raw,
      `${accepted}: the aggregate must know which legs to wait for, or a lost leg would go unnoticed`
    )
  if (!value.startsWith('{') && !value.startsWith('[')) return [...new Set(lines('expected-legs', value))]
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw badInput('expected-legs', raw, accepted)
  }
  const entries = Array.isArray(parsed)
    ? parsed
    : parsed !== null &&
        typeof parsed === 'object' &&
        Array.isArray((parsed as { include?: unknown }).include)
      ? (parsed as { include: unknown[] }).include
      : undefined
  const names = entries?.map(e =>
    typeof e === 'string'
      ? e
      : e !== null && typeof e === 'object'
        ? (e as { name?: unknown }).name
        : undefined
  )
  if (!names || names.length === 0 || names.some(n => typeof n !== 'string' || n.trim() === ''))
    throw badInput('expected-legs', raw, `${accepted}; every entry needs a name`)
  return [...new Set(names as string[])]
}

const COMMENT_MODES: readonly CommentMode[] = ['update', 'recreate', 'off']

export function readFleetInputs(get: InputReader): FleetInputs {
  const mode = choiceInput('mode', get('mode'), FLEET_MODES, 'plan')
  if (mode === 'plan') {
    const imagesFile = get('images-file').trim()
    const dockerfiles = optionalLines('dockerfile', get('dockerfile'))
    // The runner passes action.yml's default globs when the workflow sets none: next to an images
    // file they are not a request to plan the repository's Dockerfiles too (set other globs for that).
    const defaultGlobs = dockerfiles?.join('\n') === DEFAULT_DOCKERFILE_GLOBS.join('\n')
    return {
      mode,
      dockerfiles: imagesFile && defaultGlobs ? undefined : dockerfiles,
      ...(imagesFile ? { imagesFile } : {}),
      ...(imagePattern(get('image-pattern')) ? { imagePattern: imagePattern(get('image-pattern')) } : {}),
      groupSize: groupSize(get('group-size'))
    }
  }
  const reports = lines('report', get('report'))
  if (reports.length === 0)
    throw badInput(
      'report',
      '',
      "expected globs of the legs' JSON reports, one per line (for example legs/**/container-gate-report.json)"
    )
  return {
    mode,
    reports,
    expectedLegs: expectedLegs(get('expected-legs')),
    allowMissingLegs: booleanInput('allow-missing-legs', get('allow-missing-legs'), false),
    fail: booleanInput('fail', get('fail'), true),
    summary: booleanInput('summary', get('summary'), true),
    comment: choiceInput('comment', get('comment'), COMMENT_MODES, 'update'),
    commentKey: get('comment-key').trim(),
    githubToken: get('github-token')
  }
}
