/**
 * Where the run works: the workspace (the checked-out repository every repository path is relative
 * to) and this run's private folder for reports and scanner caches, under RUNNER_TEMP.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The workspace: GITHUB_WORKSPACE on a runner, the current directory elsewhere; absolute. */
export function workspaceRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolve(env.GITHUB_WORKSPACE || process.cwd())
}

/** Where this run keeps its reports and scanner caches. */
export interface RunPaths {
  workspace: string
  outDir: string
  trivyCacheDir: string
  /** An empty ignore file for Trivy, so it never applies .trivyignore itself: the policy does, and
   * shows what it ignored and why. */
  emptyIgnoreFile: string
}

/** Makes this run's folder (a fresh one per run) under RUNNER_TEMP. */
export async function prepareRunPaths(): Promise<RunPaths> {
  const workspace = workspaceRoot()
  const temp = process.env.RUNNER_TEMP || tmpdir()
  await mkdir(temp, { recursive: true })
  const outDir = await mkdtemp(join(temp, 'container-gate-'))
  const emptyIgnoreFile = join(outDir, 'empty.trivyignore')
  await writeFile(emptyIgnoreFile, '')
  return { workspace, outDir, trivyCacheDir: join(temp, 'container-gate-trivy-cache'), emptyIgnoreFile }
}
