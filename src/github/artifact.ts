/**
 * The SARIF and the JSON report as a workflow artifact, so "everything" outlives the runner's
 * temporary disk: uploaded with the toolkit's own @actions/artifact (the Actions results service,
 * authenticated by the runner's ACTIONS_RUNTIME_TOKEN, not the GitHub token), and linked from the
 * job summary and the pull-request comment. The library is loaded only when an upload happens: it
 * brings the Azure storage SDK, which a run without it should not pay for at start-up.
 *
 * An upload that cannot happen or fails never touches the verdict: it is a log line (a warning when
 * it failed), and the summary then points to the files on the runner.
 */
import { basename } from 'node:path'
import { messageOf } from '../errors.js'
import type { Logger } from '../log.js'
import { commentKey } from './comment.js'

/** The part of @actions/artifact's client used here (lib/internal/client.d.ts, 6.x). */
export interface ArtifactApi {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string
  ): Promise<{ id?: number; size?: number; digest?: string }>
}

async function toolkitArtifactClient(): Promise<ArtifactApi> {
  const { DefaultArtifactClient } = await import('@actions/artifact')
  return new DefaultArtifactClient()
}

export interface ArtifactRequest {
  /** The `upload-artifact` input. */
  enabled: boolean
  /** Absolute paths of the files to keep (the SARIF and the JSON report), all in `rootDirectory`. */
  files: readonly string[]
  rootDirectory: string
  /** The `matrix` and `comment-key` inputs: one artifact per matrix leg, as one comment per leg. */
  matrix?: string
  commentKey?: string
  env?: Readonly<Record<string, string | undefined>>
  logger: Logger
  /** The artifact client; by default @actions/artifact, loaded on first use. */
  client?: () => Promise<ArtifactApi>
}

export interface ArtifactOutcome {
  /** The artifact's page (output `artifact-url`); absent when nothing was uploaded. */
  url?: string
  name?: string
  /** Why nothing was uploaded, in words for the log and the summary. */
  skipped?: string
}

/** Characters an artifact name must not contain (@actions/artifact's validateArtifactName). */
const NAME_FORBIDDEN = /[":<>|*?\\/\r\n]/g

/** "container-gate-gate" or, per matrix leg, "container-gate-gate-os=linux,node=20": unique per run. */
export function artifactName(parts: { job: string; matrix?: string; commentKey?: string }): string {
  // The comment key already tells matrix legs (and explicitly named steps) apart; the workflow is
  // the same for every artifact of a run, so it is left out.
  const key = commentKey({
    workflow: '',
    job: parts.job,
    ...(parts.matrix !== undefined ? { matrix: parts.matrix } : {}),
    ...(parts.commentKey ? { override: parts.commentKey } : {})
  })
  return `container-gate-${key.replace(NAME_FORBIDDEN, '-')}`.slice(0, 200)
}

/** Whether GitHub hosts the artifact service @actions/artifact speaks (not GitHub Enterprise Server). */
function hasResultsService(serverUrl: string): boolean {
  let host: string
  try {
    host = new URL(serverUrl).hostname.toLowerCase()
  } catch {
    return false
  }
  return host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost')
}

/** Why no upload can happen here, or undefined when one can. */
function unavailable(request: ArtifactRequest, env: Readonly<Record<string, string | undefined>>) {
  if (!request.enabled) return "the input 'upload-artifact' is false"
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
    return 'this run has no artifact service (not on a GitHub Actions runner)'
  if (!hasResultsService(env.GITHUB_SERVER_URL || 'https://github.com'))
    return 'GitHub Enterprise Server has no artifact service for @actions/artifact'
  return undefined
}

/** The artifact's page in the run, built from the run's own context. */
function artifactUrl(env: Readonly<Record<string, string | undefined>>, id: number): string | undefined {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const { GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env
  if (!repository || !runId) return undefined
  return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`
}

/** Uploads the files as one artifact; says why not when it cannot, warns when it fails. */
export async function uploadReportArtifact(request: ArtifactRequest): Promise<ArtifactOutcome> {
  const env = request.env ?? process.env
  const { logger } = request
  const skipped = unavailable(request, env)
  if (skipped) {
    logger.info(`Artifact: not uploaded, ${skipped}.`)
    return { skipped }
  }
  const name = artifactName({
    job: env.GITHUB_JOB ?? '',
    ...(request.matrix !== undefined ? { matrix: request.matrix } : {}),
    ...(request.commentKey ? { commentKey: request.commentKey } : {})
  })
  try {
    const client = await (request.client ?? toolkitArtifactClient)()
    const uploaded = await client.uploadArtifact(name, [...request.files], request.rootDirectory)
    if (uploaded.id === undefined) throw new Error('the artifact service returned no artifact ID')
    const url = artifactUrl(env, uploaded.id)
    const files = request.files.map(f => basename(f)).join(', ')
    logger.info(
      `Artifact: uploaded ${name} (${files}, ${uploaded.size ?? '?'} bytes)${url ? `: ${url}` : ''}.`
    )
    return { name, ...(url ? { url } : {}) }
  } catch (error) {
    const why = `the upload of ${name} failed: ${messageOf(error)}`
    logger.warning(`Artifact: not uploaded, ${why}. The SARIF and the JSON report stay on the runner only.`)
    return { skipped: why }
  }
}
