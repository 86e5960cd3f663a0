// Paths to the read-only reference material beside the repository (../shared), for tests only.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export const SHARED = resolve(process.cwd(), '../shared')
export const GOLDEN = resolve(SHARED, 'fixtures/trivy/golden')
export const RECORDED = resolve(process.cwd(), '__fixtures__/recorded')

export function golden(name: string): string {
  return readFileSync(resolve(GOLDEN, name), 'utf8')
}

export function recorded(name: string): string {
  return readFileSync(resolve(RECORDED, name), 'utf8')
}
