// Golden files for renderers. A golden is the reviewed expectation: a missing one is a failure, never
// a file the test writes and then agrees with. UPDATE_GOLDEN=1 (re)writes them on purpose; review
// the diff before committing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect } from '@jest/globals'

/** Whether this run was asked to (re)write golden files. */
export function updatingGoldens(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.UPDATE_GOLDEN === '1'
}

/**
 * Compares `actual` with the golden file `dir/name`. Throws when the file is missing (the message
 * says how to create it), unless UPDATE_GOLDEN=1, which writes it first.
 */
export function expectGolden(
  dir: string,
  name: string,
  actual: string,
  env: NodeJS.ProcessEnv = process.env
): void {
  const file = path.join(dir, name)
  if (updatingGoldens(env)) writeFileSync(file, actual)
  else if (!existsSync(file))
    throw new Error(
      `The golden file ${file} is missing: run the test with UPDATE_GOLDEN=1 to write it, then review and commit it.`
    )
  expect(actual).toBe(readFileSync(file, 'utf8'))
}
