/**
 * CG-NOT-CHECKED: something in scope the gate could not judge (a manifest that is not YAML, an
 * unrendered template outside a chart, a file over the size limit, unreadable...). The gate's
 * promise is that what it did not check does not pass silently, so this is a finding like any
 * other — in SARIF, the comment and the summary — of its own kind (`coverage`), CRITICAL, which the
 * default tiers block and a policy can lower.
 */
import type { Finding } from './model.js'

export const NOT_CHECKED = 'CG-NOT-CHECKED'

export interface NotCheckedInput {
  /** Repository-relative path. */
  file: string
  line?: number
  /** Which check could not run: "the admission rules", "the base-image check". */
  check: string
  /** Why, in words the author can act on. */
  reason: string
  /** The SARIF subject of that check's findings ("admission", "base-images"). */
  subject: string
}

export function notCheckedFinding(input: NotCheckedInput): Finding {
  const where = input.line !== undefined ? `${input.file}:${input.line}` : input.file
  return {
    tool: 'container-gate',
    kind: 'coverage',
    ruleId: NOT_CHECKED,
    aliases: [],
    severity: 'CRITICAL',
    title: 'Not checked',
    description:
      'A file in scope that container-gate could not judge. What the gate did not check must not pass silently, so this blocks by default; fix the file, take it out of scope, or lower the policy tier `coverage` to accept the risk.',
    message: `${where} was not checked by ${input.check}: ${input.reason}`,
    target: input.file,
    subject: input.subject,
    file: input.file,
    // A whole file (too large, unreadable) is shown at its first line, so it is annotated too.
    startLine: input.line ?? 1,
    endLine: input.line ?? 1
  }
}
