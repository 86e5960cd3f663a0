/**
 * Times each stage of the action's own processing once, cold, in a fresh process, the way a runner
 * executes it: read → parse → evaluate → renderSarif → stringify → JSON report → renderSummary →
 * renderComment, plus the stages that only run when publishing to GitHub (annotations, upload plan).
 * bench/run.mjs bundles this file with ncc and runs it once per size and round; it prints one JSON
 * line of milliseconds per stage. Usage: node entry.js <report.json>...
 */
import { readFileSync } from 'node:fs'
import type { Finding, ScannedSubject } from '../src/findings/model.js'
import { planUploads } from '../src/github/sarif-limits.js'
import { readInputs } from '../src/inputs/read.js'
import { defaultPolicy } from '../src/policy/defaults.js'
import { evaluate } from '../src/policy/evaluate.js'
import { selectAnnotations } from '../src/report/annotations.js'
import { renderComment } from '../src/report/comment.js'
import { describeRun, renderJsonReport } from '../src/report/json-report.js'
import { renderSarif } from '../src/report/sarif.js'
import { renderSummary } from '../src/report/summary.js'
import { parseImportedReport } from '../src/scanners/import.js'

const files = process.argv.slice(2)
const times: Record<string, number> = {}

function timed<T>(stage: string, work: () => T): T {
  const start = process.hrtime.bigint()
  const value = work()
  times[stage] = Number(process.hrtime.bigint() - start) / 1e6
  return value
}

// The same wiring as src/main.ts (importReports, evaluate, renderSarif...), without the file writes
// whose cost depends on the disk more than on the action.
const now = new Date()
const texts = timed('read', () => files.map(file => readFileSync(file, 'utf8')))
const findings = timed('parse', () => {
  const all: Finding[] = []
  texts.forEach((text, i) => {
    for (const f of parseImportedReport(text, files[i]!).findings) all.push(f)
  })
  return all
})
const subjects: ScannedSubject[] = findings.map(f => ({ tool: f.tool, subject: f.subject }))
const policy = defaultPolicy()
const verdict = timed('evaluate', () => evaluate(findings, policy, { mode: 'gate' }, now))
const sarif = timed('renderSarif', () =>
  renderSarif(verdict, { categoryPrefix: 'container-gate', subjects, toolVersions: {} })
)
const sarifText = timed('stringifySarif', () => JSON.stringify(sarif, null, 2))
const inputs = readInputs(name => (name === 'report' ? files.join('\n') : ''))
const report = timed('renderJsonReport', () =>
  renderJsonReport(describeRun(inputs), verdict, {
    generatedAt: now,
    policySource: policy.source,
    toolVersions: {},
    scans: [],
    imported: files,
    sarifFile: 'container-gate.sarif'
  })
)
const summary = timed('renderSummary', () =>
  renderSummary(verdict, { subjects, sarifFile: 'container-gate.sarif', reportFile: 'report.json' })
)
const comment = timed('renderComment', () =>
  renderComment(verdict, { marker: '<!-- container-gate:bench -->', subjects })
)
const annotations = timed('selectAnnotations', () => selectAnnotations(verdict))
const plan = timed('planUploads', () => planUploads(sarif))

process.stdout.write(
  JSON.stringify({
    findings: findings.length,
    decisions: verdict.decisions.length,
    blocking: verdict.blocking.length,
    sarifResults: sarif.runs.reduce((n, r) => n + r.results.length, 0),
    bytes: {
      sarif: sarifText.length,
      report: report.length,
      summary: summary.length,
      comment: comment.length
    },
    annotations: annotations.errors.length + annotations.warnings.length,
    uploads: plan.uploads.length,
    dropped: plan.dropped.reduce((n, d) => n + d.count, 0),
    times
  }) + '\n'
)
