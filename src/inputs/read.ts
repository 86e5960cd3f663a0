/**
 * Every input is read and validated once, here, into a typed Inputs object; nothing else reads
 * INPUT_*. A bad value is one ConfigurationError naming the input, the value and what is accepted.
 * The settings later stages consume (GitHubSettings, ToolSettings) are defined in this folder, so
 * reading the inputs never depends on a later stage.
 */
import { posix } from 'node:path'
import { badInput } from '../errors.js'
import { trimCategory } from '../findings/category.js'
import { SEVERITIES, type Severity } from '../findings/severity.js'
import { isImageRef, parseImageRef } from '../oci/image-ref.js'
import { formatPlatform, isPlatform, parsePlatform, type Platform } from '../oci/platform.js'
import { dockerfilePairings, pairedLines } from './pairing.js'
import { readSigningInputs, type SigningInputs } from './signing.js'
import { parseToolInputs, TOOL_INPUT_NAMES, type ToolSettings } from './tools.js'
import {
  booleanInput,
  choiceInput,
  lines,
  list,
  optionalBoolean,
  optionalLines,
  withoutRepeats,
  type InputReader
} from './values.js'

/** How the pull-request comment is kept: edited in place, deleted and written anew, or not at all. */
export type CommentMode = 'update' | 'recreate' | 'off'
const COMMENT_MODES: readonly CommentMode[] = ['update', 'recreate', 'off']

/** The reporting inputs. The token is kept apart (Inputs.githubToken) so no report can copy it. */
export interface GitHubSettings {
  uploadSarif: boolean
  /** Keep the SARIF and the JSON report as a workflow artifact (the `upload-artifact` input). */
  uploadArtifact: boolean
  sarifCategory: string
  waitForProcessing: boolean
  comment: CommentMode
  commentKey: string
  matrix: string
  /** This run's name in a fleet (`leg-name`); '' when not given (the JSON report derives one). */
  legName: string
}

export interface Inputs {
  images: string[]
  imageInputs: string[]
  /** The Dockerfile each image (by its `images` / `imageInputs` spelling) was built from, when an
   * `image` or `image-input` line says so (`ref | path/to/Dockerfile`). */
  dockerfileFor: Record<string, string>
  /** Globs of the Dockerfiles in scope (linted, and read for the base-image rules); undefined: none. */
  dockerfiles?: string[]
  /** Run hadolint on the Dockerfiles in scope. */
  hadolint: boolean
  /** The build's target platforms (docker/build-push-action's `platforms`); empty: the runner's. */
  platforms: Platform[]
  /** The build's `--build-arg` values (docker/build-push-action's `build-args`). */
  buildArgs: Map<string, string>
  configPaths: string[]
  /** Globs of Kubernetes manifests for the admission rules; undefined: YAML under configPaths. */
  manifests?: string[]
  /** Globs of the cluster's Gatekeeper ConstraintTemplates and Constraints; undefined: no gator. */
  gatekeeperPolicies?: string[]
  reports: string[]
  failOn?: Severity
  ignoreUnfixed?: boolean
  mode: 'gate' | 'monitor'
  fail: boolean
  summary: boolean
  githubToken: string
  /** Code scanning upload and pull-request comment settings. */
  github: GitHubSettings
  policyPath?: string
  /** Tool versions, mirror and Trivy DB settings (tools.ts). */
  tools: ToolSettings
  /** Signature verification for every scanned image, the Sigstore deployment, sign and attest (signing.ts). */
  signing: SigningInputs
  /** Non-fatal remarks about the inputs (a plain-http mirror), shown as warnings. */
  warnings: string[]
  /** What was made of the inputs that is worth one log line (a value given twice, used once). */
  notes: string[]
}

/** Severities fail-on accepts: UNKNOWN is not a threshold anyone means. */
const FAIL_ON = SEVERITIES.filter(s => s !== 'UNKNOWN')

/** fail-on: a severity, or empty to let the policy decide. */
function severityInput(name: string, raw: string): Severity | undefined {
  const value = raw.trim().toUpperCase()
  if (value === '') return undefined
  if ((FAIL_ON as readonly string[]).includes(value)) return value as Severity
  throw badInput(name, raw, `expected one of ${FAIL_ON.join(', ')} (or empty to let the policy decide)`)
}

/** The sarif-category prefix: GitHub treats the text up to the last '/' of an id as the category. */
function categoryPrefix(raw: string): string {
  const value = trimCategory(raw.trim())
  if (value === '') return 'container-gate'
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(value)) {
    throw badInput(
      'sarif-category',
      raw,
      'expected letters, digits, ".", "_", "-" and "/" (for example container-gate or security/containers)'
    )
  }
  return value
}

/** Image references: one per line; whitespace inside a reference or a leading '-' is refused. */
function imageRefs(refs: string[]): string[] {
  for (const ref of refs) {
    if (/\s/.test(ref) || ref.startsWith('-')) {
      throw badInput(
        'image',
        ref,
        'expected an image reference such as ghcr.io/owner/app:1.2 or app@sha256:<digest>'
      )
    }
  }
  return refs
}

/** `platforms`: comma- or newline-separated os/arch[/variant], normalized as buildx does. */
function platformsInput(raw: string): Platform[] {
  const out = new Map<string, Platform>()
  for (const value of list(raw)) {
    const p = parsePlatform(value)
    if (!isPlatform(p))
      throw badInput(
        'platforms',
        value,
        `${p.error}; expected platforms as docker/build-push-action takes them, os/arch or os/arch/variant separated by commas or newlines (for example linux/amd64,linux/arm64,linux/arm/v7)`
      )
    out.set(formatPlatform(p), p)
  }
  return [...out.values()]
}

/** `build-args`: one NAME=value per line, as docker/build-push-action passes them to --build-arg. */
function buildArgsInput(raw: string): Map<string, string> {
  const args = new Map<string, string>()
  for (const line of lines('build-args', raw, { allowEmptyLines: true })) {
    const eq = line.indexOf('=')
    const name = eq < 0 ? '' : line.slice(0, eq)
    if (name === '' || /\s/.test(name))
      throw badInput(
        'build-args',
        line,
        'expected one NAME=value per line (NAME an ARG of the Dockerfile, the value taken literally), as docker/build-push-action takes build-args'
      )
    args.set(name, line.slice(eq + 1)) // a later line for the same name wins, as with --build-arg
  }
  return args
}

/** One image however it is written: registry, `library/` and `:latest` filled in as Docker does;
 * with a digest, the digest alone says which image it is. */
function imageKey(ref: string): string {
  const parsed = parseImageRef(ref)
  if (!isImageRef(parsed)) return ref
  return parsed.digest ? `${parsed.registry}/${parsed.repository}@${parsed.digest}` : parsed.normalized
}

/** One path however it is written: `./a/`, `a` and `a/b/..` are the same relative path. */
function pathKey(path: string): string {
  const normalized = posix.normalize(path.replaceAll('\\', '/'))
  return normalized === '/' ? normalized : normalized.replace(/\/+$/, '') || '.'
}

/** Where the results go on GitHub: code scanning, the artifact, the comment, the fleet's leg. */
function readGitHubInputs(get: InputReader): Inputs['github'] {
  return {
    uploadSarif: booleanInput('upload-sarif', get('upload-sarif'), true),
    uploadArtifact: booleanInput('upload-artifact', get('upload-artifact'), true),
    sarifCategory: categoryPrefix(get('sarif-category')),
    waitForProcessing: booleanInput('wait-for-processing', get('wait-for-processing'), true),
    // A fleet leg (leg-name set) leaves the pull-request comment to the aggregate unless told otherwise.
    comment: choiceInput('comment', get('comment'), COMMENT_MODES, get('leg-name').trim() ? 'off' : 'update'),
    commentKey: get('comment-key').trim(),
    matrix: get('matrix'),
    legName: get('leg-name').trim()
  }
}

export function readInputs(get: InputReader): Inputs {
  const notes: string[] = []
  const image = { same: 'image', done: 'scanned' }
  const path = { same: 'path', done: 'scanned' }
  const dockerfile = optionalLines('dockerfile', get('dockerfile'))
  const policy = get('policy').trim()
  const tools = parseToolInputs(Object.fromEntries(TOOL_INPUT_NAMES.map(name => [name, get(name)])))
  const mode = choiceInput('mode', get('mode'), ['gate', 'monitor'] as const, 'gate')
  const imageLines = pairedLines('image', lines('image', get('image')))
  const inputLines = pairedLines('image-input', lines('image-input', get('image-input')))
  const images = withoutRepeats('image', imageRefs(imageLines.map(l => l.target)), imageKey, image, notes)
  const imageInputs = withoutRepeats(
    'image-input',
    inputLines.map(l => l.target),
    pathKey,
    path,
    notes
  )
  return {
    images,
    imageInputs,
    dockerfileFor: {
      ...dockerfilePairings('image', imageLines, images, imageKey),
      ...dockerfilePairings('image-input', inputLines, imageInputs, pathKey)
    },
    dockerfiles: dockerfile,
    hadolint: booleanInput('hadolint', get('hadolint'), true),
    platforms: platformsInput(get('platforms')),
    buildArgs: buildArgsInput(get('build-args')),
    configPaths: withoutRepeats('config-path', list(get('config-path')), pathKey, path, notes),
    manifests: optionalLines('manifests', get('manifests')),
    gatekeeperPolicies: optionalLines('gatekeeper-policies', get('gatekeeper-policies')),
    reports: lines('report', get('report')),
    failOn: severityInput('fail-on', get('fail-on')),
    ignoreUnfixed: optionalBoolean('ignore-unfixed', get('ignore-unfixed')),
    mode,
    fail: booleanInput('fail', get('fail'), true),
    summary: booleanInput('summary', get('summary'), true),
    githubToken: get('github-token'),
    github: readGitHubInputs(get),
    policyPath: policy === '' ? undefined : policy,
    tools: tools.settings,
    signing: readSigningInputs(get, mode),
    warnings: tools.warnings,
    notes
  }
}
