/**
 * The fleet modes' side effects, kept to this one module: finding the Dockerfiles and reading the
 * images file (plan), reading the legs' reports one at a time through the workspace's safe read
 * (aggregate), and writing the fleet's one pull-request comment. Everything it decides comes from
 * plan.ts and aggregate.ts; the entry (fleet-main.ts) writes the outputs and alone fails the step.
 */
import { ConfigurationError, badInput } from '../errors.js'
import { commentKey, commentMarker, upsertComment } from '../github/comment.js'
import { readRunContext } from '../github/context.js'
import type { AggregateInputs, PlanInputs } from '../inputs/fleet.js'
import { log } from '../log.js'
import { DEFAULT_DOCKERFILE_GLOBS, globsWithoutMatch, listFiles, matchGlobs } from '../workspace/files.js'
import { READ_LIMITS, readFileSafely, refusedRead } from '../workspace/safe-read.js'
import { addLeg, concludeFleet, newFleet, type FleetResult } from './aggregate.js'
import { parseLegReport } from './legs.js'
import { planMatrix, type Matrix } from './plan.js'
import { renderFleetComment } from './render.js'

/** `mode: plan`: the Dockerfiles matching the globs (the default ones when none is given) and the images file. */
export async function runPlan(inputs: PlanInputs, workspace: string): Promise<Matrix> {
  const wantDockerfiles = inputs.dockerfiles !== undefined || inputs.imagesFile === undefined
  const globs = inputs.dockerfiles ?? DEFAULT_DOCKERFILE_GLOBS
  const files = wantDockerfiles ? await listFiles(workspace) : []
  const dockerfiles = wantDockerfiles ? matchGlobs(files, globs) : []
  if (inputs.dockerfiles && dockerfiles.length === 0)
    throw badInput(
      'dockerfile',
      inputs.dockerfiles.join('\n'),
      'globs that match at least one Dockerfile of the repository (for example services/*/Dockerfile)'
    )
  let imagesFile: { path: string; text: string } | undefined
  if (inputs.imagesFile) {
    const read = readFileSafely(inputs.imagesFile, {
      workspace,
      maxBytes: READ_LIMITS.config,
      scope: 'workspace'
    })
    if (!read.ok)
      throw refusedRead(
        `Input 'images-file': ${JSON.stringify(inputs.imagesFile)}`,
        read,
        'Expected a file of the repository listing one image reference per line.'
      )
    imagesFile = { path: inputs.imagesFile, text: read.text }
  }
  const matrix = planMatrix({
    dockerfiles,
    ...(imagesFile ? { imagesFile } : {}),
    ...(inputs.imagePattern ? { imagePattern: inputs.imagePattern } : {}),
    groupSize: inputs.groupSize
  })
  log.info(
    `Plan: ${matrix.include.length} matrix job${matrix.include.length === 1 ? '' : 's'} (${dockerfiles.length} Dockerfile${dockerfiles.length === 1 ? '' : 's'}${imagesFile ? ', the images of ' + inputs.imagesFile : ''}; group-size ${inputs.groupSize}).`
  )
  return matrix
}

/** The report files the globs match, inside the workspace; a glob that matches nothing is an error. */
async function reportFiles(globs: readonly string[], workspace: string): Promise<string[]> {
  const files = await listFiles(workspace)
  const unmatched = globsWithoutMatch(files, globs)
  if (unmatched.length > 0)
    throw badInput(
      'report',
      unmatched.join('\n'),
      "globs that each match a leg's JSON report inside the workspace (download the legs' artifacts there first, for example with actions/download-artifact and path: legs)"
    )
  return matchGlobs(files, globs)
}

/**
 * `mode: aggregate`: every leg's report, read and folded in one at a time, so memory holds one
 * report's text and the distinct findings, never every report at once.
 */
export async function runAggregate(inputs: AggregateInputs, workspace: string): Promise<FleetResult> {
  const files = await reportFiles(inputs.reports, workspace)
  const state = newFleet()
  for (const file of files) {
    const read = readFileSafely(file, { workspace, maxBytes: READ_LIMITS.report, scope: 'workspace' })
    if (!read.ok)
      throw refusedRead(
        `Input 'report': ${JSON.stringify(file)}`,
        read,
        "Expected a leg's JSON report inside the workspace."
      )
    const leg = parseLegReport(read.text, file)
    addLeg(state, leg)
    log.info(`${file}: leg ${leg.leg}, ${leg.outcome}, ${leg.findings.length} findings.`)
  }
  const result = concludeFleet(state, inputs.expectedLegs, inputs.allowMissingLegs)
  if (result.totals.legs.reported === 0)
    throw new ConfigurationError("Input 'report': no leg report was read.")
  return result
}

/** The fleet's one comment, keyed apart from every leg's: `<workflow>/fleet`, or the comment-key input. */
export async function publishFleetComment(
  inputs: AggregateInputs,
  result: FleetResult,
  env = process.env
): Promise<{ url?: string; warning?: string }> {
  if (inputs.comment === 'off' || !env.GITHUB_REPOSITORY || !inputs.githubToken) return {}
  const ctx = readRunContext(env)
  if (!ctx.pullRequest) return {}
  // Loaded only here: the Octokit stack is a fifth of the bundle, and most runs never comment.
  const { createGitHubClient } = await import('../github/client.js')
  const client = createGitHubClient({
    token: inputs.githubToken,
    apiUrl: ctx.apiUrl,
    logger: log,
    setSecret: log.mask
  })
  const key = commentKey({ workflow: ctx.workflow, job: 'fleet', override: inputs.commentKey })
  const runUrl = ctx.runId ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}` : undefined
  const body = renderFleetComment(result, commentMarker(key), runUrl)
  const upserted = await upsertComment({ client, ctx, key, body, mode: inputs.comment, logger: log })
  return {
    ...(upserted.url ? { url: upserted.url } : {}),
    ...(upserted.warnings[0] ? { warning: upserted.warnings[0].message } : {})
  }
}
