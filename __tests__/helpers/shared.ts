// Paths to the upstream fixtures copied into the repository (__fixtures__/shared, see its
// SOURCES.md), for tests only. The layout is the reference folder's (`SHARED/fixtures/...`), so the
// repository alone runs every test: nothing is read from outside it.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export const SHARED = resolve(process.cwd(), '__fixtures__/shared')
export const GOLDEN = resolve(SHARED, 'fixtures/trivy/golden')
export const RECORDED = resolve(process.cwd(), '__fixtures__/recorded')

export function golden(name: string): string {
  return readFileSync(resolve(GOLDEN, name), 'utf8')
}

export function recorded(name: string): string {
  return readFileSync(resolve(RECORDED, name), 'utf8')
}
