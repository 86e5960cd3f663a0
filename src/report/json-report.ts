/**
 * The machine-readable report (`report-file`): what was asked, what was found, and what was decided.
 * Later steps and other tools read it instead of scraping the summary. Pure.
 */
import type { Inputs } from '../inputs/read.js'
import type { Verdict } from '../policy/types.js'

export const JSON_REPORT_VERSION = 1

export interface JsonReportMeta {
  generatedAt: Date
  policySource: string
  toolVersions: Record<string, string>
  scans: Array<{ tool: string; label: string; exitCode?: number; reportFile?: string }>
  imported: string[]
  sarifFile: string
}

export function renderJsonReport(inputs: Inputs, verdict: Verdict, meta: JsonReportMeta): string {
  // The token is never part of the report, even masked; nor are build-arg values (workflows pass
  // credentials that way): only their names.
  const { githubToken: _token, buildArgs, ...rest } = inputs
  const safeInputs = { ...rest, buildArgs: [...buildArgs.keys()] }
  return JSON.stringify(
    {
      version: JSON_REPORT_VERSION,
      generatedAt: meta.generatedAt.toISOString(),
      inputs: safeInputs,
      policy: meta.policySource,
      tools: meta.toolVersions,
      scans: meta.scans,
      imported: meta.imported,
      sarifFile: meta.sarifFile,
      verdict: {
        outcome: verdict.outcome,
        reason: verdict.reason,
        counts: verdict.counts,
        rebuildRequired: verdict.rebuildRequired,
        blocking: verdict.blocking.length,
        warnings: verdict.warnings.length,
        expiredIgnores: verdict.expiredIgnores
      },
      findings: verdict.decisions.map(d => ({
        ...d.finding,
        decision: {
          action: d.action,
          rule: d.rule,
          ...(d.deadline ? { deadline: d.deadline } : {}),
          ...(d.suppressedBy ? { suppressedBy: d.suppressedBy } : {})
        }
      }))
    },
    null,
    2
  )
}
