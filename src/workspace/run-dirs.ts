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
  /** Neutral stand-ins for the configuration files Trivy would otherwise read from the workspace
   * (its cwd): a pull request's `trivy.yaml` (`severity: [UNKNOWN]`) or `trivy-secret.yaml`
   * (`disable-rules`) would silently hide every finding. The inputs and the policy decide instead. */
  trivyConfigFile: string
  trivySecretConfigFile: string
}

/** Makes this run's folder (a fresh one per run) under RUNNER_TEMP. */
export async function prepareRunPaths(): Promise<RunPaths> {
  const workspace = workspaceRoot()
  const temp = process.env.RUNNER_TEMP || tmpdir()
  await mkdir(temp, { recursive: true })
  const outDir = await mkdtemp(join(temp, 'container-gate-'))
  const emptyIgnoreFile = join(outDir, 'empty.trivyignore')
  await writeFile(emptyIgnoreFile, '')
  const trivyConfigFile = join(outDir, 'trivy.yaml')
  await writeFile(trivyConfigFile, '')
  // An empty secret config is a decode error for Trivy; an empty mapping means its built-in rules.
  const trivySecretConfigFile = join(outDir, 'trivy-secret.yaml')
  await writeFile(trivySecretConfigFile, '{}\n')
  return {
    workspace,
    outDir,
    trivyCacheDir: join(temp, 'container-gate-trivy-cache'),
    emptyIgnoreFile,
    trivyConfigFile,
    trivySecretConfigFile
  }
}
