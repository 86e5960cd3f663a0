/**
 * Real cosign output kept under __fixtures__/recorded/ for the parsers' unit tests. With
 * E2E_RECORD=1 a scenario writes what cosign printed; otherwise it checks that the recording still
 * is what this cosign prints, once the parts that change from run to run (the registry's port,
 * digests, signatures, the run folder) are masked on both sides. A cosign upgrade that changes its
 * words fails here, and the recordings are made again under the new version's name.
 */
import { expect } from '@jest/globals'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './harness.js'
import type { CosignResult } from './signing.js'

export interface Recording {
  /** The cosign release that printed it. */
  cosignVersion: string
  /** What the recording shows, for whoever reads the parser test. */
  about: string
  /** The argv, with the run folder written as <run>. */
  command: string[]
  exitCode: number
  stdout: string
  stderr: string
}

export function recordingPath(name: string): string {
  const version = process.env.E2E_COSIGN_VERSION
  if (!version) throw new Error('E2E_COSIGN_VERSION is not set: run through scripts/e2e.sh')
  return join(REPO, '__fixtures__/recorded', `cosign-${version}-${name}.json`)
}

/** scripts/e2e.sh's run folder (mktemp container-gate-e2e.XXXXXX) as <run>. */
function withoutRunFolder(text: string): string {
  return text.replace(/[^\s"']*\/container-gate-e2e\.[A-Za-z0-9]+/g, '<run>')
}

/** Masks what differs between two runs of the same command, and nothing else. */
export function mask(text: string): string {
  return withoutRunFolder(text)
    .replace(/cosign-home-[A-Za-z0-9]+/g, 'cosign-home-<tmp>')
    .replace(/127\.0\.0\.1:\d+/g, '<registry>')
    .replace(/[0-9a-f]{64}/g, '<hex>')
    .replace(/[A-Za-z0-9+/]{40,}={0,2}/g, '<base64>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC( m=[+-][\d.]+)?/g, '<time>')
}

/**
 * cosign fetches the bundles of an image in parallel, so several verified payloads (a JSON array,
 * or one envelope per line) and the predicate types it lists come in any order.
 */
function unordered(stdout: string): string {
  try {
    const parsed: unknown = JSON.parse(stdout)
    if (Array.isArray(parsed)) return JSON.stringify(parsed.map(p => JSON.stringify(p)).sort())
  } catch {
    // not one JSON document: one per line
  }
  return stdout.split('\n').sort().join('\n')
}

/** Writes the recording (E2E_RECORD=1) or checks it against this run's output. */
export function recordOrCompare(name: string, about: string, r: CosignResult): void {
  const file = recordingPath(name)
  const command = r.args.map(withoutRunFolder)
  const now: Recording = {
    cosignVersion: process.env.E2E_COSIGN_VERSION!,
    about,
    command,
    exitCode: r.exitCode,
    stdout: r.stdout,
    stderr: r.stderr
  }
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Recording) : undefined
  if (process.env.E2E_RECORD === '1') {
    // A recording that says the same (ports and digests aside) is kept: no churn in the history.
    if (!kept || !isEqual(view(kept), view(now)) || kept.about !== about)
      writeFileSync(file, JSON.stringify(now, null, 2) + '\n')
    return
  }
  if (!kept) throw new Error(`${file} is missing: record it with E2E_RECORD=1 npm run test:e2e`)
  expect(view(now)).toEqual(view(kept))
}

function view(x: Recording): Record<string, unknown> {
  return {
    command: mask(x.command.join(' ')),
    exitCode: x.exitCode,
    stdout: unordered(mask(x.stdout)),
    stderr: mask(x.stderr).replace(
      /found: (\S+)/g,
      (_, list: string) => `found: ${list.split(',').sort().join(',')}`
    )
  }
}

const isEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
