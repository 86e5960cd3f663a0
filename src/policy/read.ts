/**
 * The only part of the policy that touches the file system: find and read the policy file and
 * Trivy's ignore files in the workspace, then hand the text to the pure parsers.
 */
import path from 'node:path'
import { ConfigurationError } from '../errors.js'
import { READ_LIMITS, readFileSafely, refusedRead } from '../workspace/safe-read.js'
import { defaultPolicy } from './defaults.js'
import { DEFAULT_POLICY_PATH, parsePolicy } from './load.js'
import { TRIVY_IGNORE_FILES, parseTrivyIgnore, parseTrivyIgnoreYaml } from './trivyignore.js'
import type { IgnoreRule, Policy } from './types.js'

/**
 * Reads a repository configuration file, or undefined when it does not exist. Anything else that
 * stops the read (a link out of the workspace, a directory or device, over 1 MiB) is an error naming
 * `label`: these files decide what blocks, so they are never skipped silently.
 */
function readOptional(file: string, workspace: string, label: string): string | undefined {
  const result = readFileSafely(file, { workspace, maxBytes: READ_LIMITS.config, scope: 'given-path' })
  if (result.ok) return result.text
  if (result.problem === 'missing') return undefined
  throw refusedRead(label, result, '')
}

/** The path shown in messages: relative to the workspace when the file is inside it. */
function display(file: string, workspace: string): string {
  const rel = path.relative(workspace, file)
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file
}

/** Trivy's ignore files at the workspace root (`.trivyignore.yaml`, `.trivyignore.yml`, `.trivyignore`). */
async function readTrivyIgnores(workspace: string): Promise<IgnoreRule[]> {
  const rules: IgnoreRule[] = []
  for (const name of TRIVY_IGNORE_FILES) {
    const text = readOptional(name, workspace, name)
    if (text === undefined) continue
    rules.push(...(name === '.trivyignore' ? parseTrivyIgnore(text, name) : parseTrivyIgnoreYaml(text, name)))
  }
  return rules
}

/**
 * The policy in force: the file named by the `policy` input (relative to the workspace; an error when
 * it is missing), else `.github/container-gate.yml` when present, else the built-in defaults — plus
 * the entries of Trivy's ignore files in the workspace, after the policy file's own ignores.
 */
export async function readPolicy(policyInput: string | undefined, workspace: string): Promise<Policy> {
  const explicit = policyInput?.trim() ? policyInput.trim() : undefined
  const file = path.resolve(workspace, explicit ?? DEFAULT_POLICY_PATH)
  const label = explicit ? `Input 'policy': ${JSON.stringify(explicit)}` : DEFAULT_POLICY_PATH
  const text = readOptional(explicit ?? DEFAULT_POLICY_PATH, workspace, label)
  if (text === undefined && explicit)
    throw new ConfigurationError(
      `Input 'policy' names ${JSON.stringify(explicit)}, which does not exist; give a policy file path relative to the repository, or leave it empty to use ${DEFAULT_POLICY_PATH} or the built-in defaults.`
    )
  const policy = text === undefined ? defaultPolicy() : parsePolicy(text, display(file, workspace))
  policy.ignores = [...policy.ignores, ...(await readTrivyIgnores(workspace))]
  return policy
}
