/**
 * The fleet modes' step: `mode: plan` writes the matrix of scanning jobs, `mode: aggregate` reads
 * the legs' reports and gives the fleet one verdict, one summary and one comment. Like main.ts, this
 * entry writes the outputs and is the only place (for these modes) that fails the step.
 */
import * as core from './workflow-commands.js'
import { failureMessage } from './errors.js'
import { publishFleetComment, runAggregate, runPlan } from './fleet/run.js'
import { renderFleetSummary } from './fleet/render.js'
import type { FleetResult } from './fleet/aggregate.js'
import { readFleetInputs, type AggregateInputs } from './inputs/fleet.js'
import { escapeCommandData, log } from './log.js'
import { workspaceRoot } from './workspace/run-dirs.js'

/** The aggregate's outputs: JSON a later job reads with fromJSON. */
function setAggregateOutputs(result: FleetResult, commentUrl?: string): void {
  core.setOutput('verdict', result.outcome)
  core.setOutput('leg-verdicts', JSON.stringify(result.legs))
  core.setOutput('fleet-totals', JSON.stringify({ outcome: result.outcome, ...result.totals }))
  core.setOutput('rebuild-images', JSON.stringify(result.rebuild))
  core.setOutput('rebuild-required', result.rebuild.length > 0)
  core.setOutput('blocking-count', result.totals.blocking.distinct)
  core.setOutput('comment-url', commentUrl ?? '')
}

async function aggregate(inputs: AggregateInputs, workspace: string): Promise<void> {
  const result = await log.stage("Fleet: the legs' reports", () => runAggregate(inputs, workspace))
  const published = await publishFleetComment(inputs, result)
  if (published.warning) log.warning(published.warning)
  if (inputs.summary && process.env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(renderFleetSummary(result)).write()
  setAggregateOutputs(result, published.url)
  const sentence = `container-gate fleet: ${result.outcome}: ${result.reason}.`
  log.info(sentence)
  if (result.outcome === 'fail' && inputs.fail) core.setFailed(escapeCommandData(sentence))
}

export async function runFleet(): Promise<void> {
  try {
    const inputs = readFleetInputs(name => core.getInput(name))
    if (inputs.mode === 'aggregate' && inputs.githubToken) log.mask(inputs.githubToken)
    const workspace = workspaceRoot()
    if (inputs.mode === 'plan') {
      const matrix = await runPlan(inputs, workspace)
      core.setOutput('matrix', JSON.stringify(matrix))
      log.info(`matrix: ${JSON.stringify(matrix)}`)
    } else {
      await aggregate(inputs, workspace)
    }
  } catch (error) {
    if (error instanceof Error && error.stack) log.debug(error.stack)
    core.setFailed(escapeCommandData(failureMessage(error)))
  }
}
