/**
 * Run contexts built from real webhook payloads (@octokit/webhooks-examples: Codertocat/Hello-World,
 * pull request #2 from branch `changes` into `master`, head ec26c3e5…; push to refs/heads/master at
 * 6113728f…) and the GITHUB_* variables the runner sets alongside them.
 */
import { createRequire } from 'node:module'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runContextFrom, type Env } from '../../src/github/context.js'
import type { RunContext } from '../../src/github/types.js'

const require = createRequire(import.meta.url)
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
  name: string
  examples: Array<Record<string, unknown> & { action?: string; ref?: string; after?: string }>
}>

export function webhookExample(
  event: string,
  pick: (e: Record<string, unknown> & { action?: string; ref?: string }) => boolean
) {
  const found = examples.find(x => x.name === event)?.examples.find(pick)
  if (!found) throw new Error(`no ${event} example matches`)
  return structuredClone(found)
}

/** The parts of a pull_request payload tests change (e.g. to make it a fork). */
export interface PullRequestPayload {
  pull_request: { head: { sha: string; repo: { full_name: string } | null }; base: { ref: string } }
}

/** The merge commit GitHub would have made for the PR (GITHUB_SHA on pull_request). */
export const MERGE_SHA = '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c'

/** A workspace with the Dockerfile the basic verdict's hadolint and trivy config findings point at. */
export function workspaceWithDockerfile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-ws-'))
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM alpine:latest\nRUN apt-get update\nRUN apt-get install -y curl\n'
  )
  return dir
}

export function baseEnv(apiUrl: string, workspace: string, extra: Env = {}): Env {
  return {
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'scan',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: apiUrl,
    GITHUB_WORKSPACE: workspace,
    ...extra
  }
}

/** pull_request "opened" for PR #2 (same repository: not a fork). */
export function pullRequestContext(
  apiUrl: string,
  workspace: string,
  mutate?: (payload: PullRequestPayload) => void
): RunContext {
  const payload = webhookExample('pull_request', e => e.action === 'opened')
  mutate?.(payload as unknown as PullRequestPayload)
  return runContextFrom(
    baseEnv(apiUrl, workspace, {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/2/merge',
      GITHUB_SHA: MERGE_SHA
    }),
    payload
  )
}

/** push to refs/heads/master. */
export function pushContext(apiUrl: string, workspace: string): RunContext {
  const payload = webhookExample('push', e => e.ref === 'refs/heads/master')
  return runContextFrom(
    baseEnv(apiUrl, workspace, {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: String(payload.ref),
      GITHUB_SHA: String((payload as { after?: string }).after)
    }),
    payload
  )
}
