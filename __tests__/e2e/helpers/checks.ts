/**
 * Checks every scenario makes on whatever the action produced: SARIF valid for the 2.1.0 schema
 * and for GitHub's ingestion rules, and the token nowhere in logs, summary, SARIF or report.
 */
import { expect } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { FAKE_TOKEN, transcript, type RunResult } from './harness.js'
import { multitoolErrors, schemaErrors } from './sarif-check.js'

/** The parts of report-file the scenarios compare. */
export interface ReportFinding {
  tool: string
  kind: string
  ruleId: string
  title: string
  severity: string
  file?: string
  startLine?: number
  package?: { name: string; installedVersion?: string; fixedVersion?: string }
  decision: { action: string; suppressedBy?: unknown }
}

export interface JsonReport {
  verdict: { outcome: string; reason: string; counts: Record<string, number>; blocking: number }
  findings: ReportFinding[]
}

/** Validates the SARIF and the report of a run that got as far as writing them; returns the report. */
export async function expectSoundReports(r: RunResult): Promise<JsonReport> {
  const sarifFile = r.outputs['sarif-file']
  const reportFile = r.outputs['report-file']
  expect({ sarifFile, reportFile, log: sarifFile && reportFile ? 'ok' : transcript(r) }).toEqual({
    sarifFile: expect.any(String),
    reportFile: expect.any(String),
    log: 'ok'
  })
  expect(existsSync(sarifFile!)).toBe(true)
  const sarif = JSON.parse(readFileSync(sarifFile!, 'utf8')) as unknown
  expect(schemaErrors(sarif)).toEqual([])
  expect(await multitoolErrors(sarifFile!, r.dirs.temp)).toEqual([])

  const report = readFileSync(reportFile!, 'utf8')
  // `::add-mask::<token>` is how the runner learns to hide it; the runner never prints that line.
  const log = r.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  const places = {
    stdout: log,
    stderr: r.stderr,
    post: `${r.post?.stdout ?? ''}\n${r.post?.stderr ?? ''}`,
    summary: r.summary,
    sarif: readFileSync(sarifFile!, 'utf8'),
    report
  }
  expect(
    Object.entries(places)
      .filter(([, text]) => text.includes(FAKE_TOKEN))
      .map(([where]) => where)
  ).toEqual([])
  return JSON.parse(report) as JsonReport
}

/** Findings reduced to what must agree between two ways of scanning the same image. */
export function vulnerabilityKeys(report: JsonReport): string[] {
  return report.findings
    .filter(f => f.kind === 'vuln')
    .map(f =>
      [
        f.ruleId,
        f.package?.name,
        f.package?.installedVersion,
        f.package?.fixedVersion ?? '-',
        f.severity,
        f.decision.action
      ].join(' ')
    )
    .sort()
}

export function blockingRules(report: JsonReport): string[] {
  return report.findings
    .filter(f => f.decision.action === 'block')
    .map(f => f.ruleId)
    .sort()
}
