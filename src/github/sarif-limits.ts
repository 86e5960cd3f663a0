/**
 * Shapes a SARIF log into uploads GitHub accepts (pure). GitHub's documented limits: at most 20 runs
 * per upload, 25,000 results per run and 10 MB per gzipped upload; since July 2025 an upload with two
 * runs of the same tool and category is rejected. So: runs of one tool and category are merged into
 * one, uploads carry one tool's runs (so `tool_name` is true), at most 20 of them, and when a run is
 * too big its least severe results are dropped first — and every drop is reported, never silent.
 */
import { gzipSync } from 'node:zlib'
import {
  SEVERITIES,
  countSeverities,
  normalizeSeverity,
  severityRank,
  type Severity,
  type SeverityCounts
} from '../findings/severity.js'
import type { SarifLog, SarifResult, SarifRun } from '../report/sarif-types.js'

export interface SarifLimits {
  runsPerUpload: number
  resultsPerRun: number
  /** Bytes of the gzipped SARIF (before base64). */
  gzippedBytes: number
}

export const GITHUB_LIMITS: SarifLimits = {
  runsPerUpload: 20,
  resultsPerRun: 25_000,
  gzippedBytes: 10 * 1000 * 1000
}

/** Results left out of one category's upload, and why. */
export interface DroppedResults {
  tool: string
  category: string
  count: number
  severityCounts: SeverityCounts
  reason: 'results-per-run' | 'upload-size'
}

/** One POST to code-scanning/sarifs. */
interface PlannedUpload {
  tool: string
  categories: string[]
  sarif: SarifLog
  /** gzip of JSON.stringify(sarif); what is sent (base64 encoded). */
  gzipped: Buffer
  resultCount: number
}

export interface UploadPlan {
  uploads: PlannedUpload[]
  dropped: DroppedResults[]
}

export function categoryOfRun(run: SarifRun): string {
  return run.automationDetails?.id ?? ''
}

const LEVEL_SEVERITY: Record<SarifResult['level'], Severity> = {
  error: 'HIGH',
  warning: 'MEDIUM',
  note: 'LOW',
  none: 'UNKNOWN'
}

/** A result's severity: the `severity` property container-gate writes, else its level. */
function resultSeverity(result: SarifResult): Severity {
  const raw = result.properties?.severity
  return typeof raw === 'string' ? normalizeSeverity(raw) : LEVEL_SEVERITY[result.level]
}

/** Runs of the same tool and category become one run (rules de-duplicated, indexes remapped). */
export function mergeRuns(runs: readonly SarifRun[]): SarifRun[] {
  const merged = new Map<string, SarifRun>()
  for (const run of runs) {
    const key = `${run.tool.driver.name}\u0000${categoryOfRun(run)}`
    const into = merged.get(key)
    if (!into) {
      merged.set(key, {
        ...run,
        tool: { driver: { ...run.tool.driver, rules: [...run.tool.driver.rules] } },
        results: [...run.results]
      })
      continue
    }
    const rules = into.tool.driver.rules
    for (const r of run.results) {
      const rule = r.ruleIndex !== undefined ? run.tool.driver.rules[r.ruleIndex] : undefined
      let index = rules.findIndex(x => x.id === r.ruleId)
      if (index < 0 && rule) index = rules.push(rule) - 1
      into.results.push(index >= 0 ? { ...r, ruleIndex: index } : { ...r, ruleIndex: undefined })
    }
  }
  return [...merged.values()]
}

/** Keeps the `keep` most severe results (stable within a severity) and only the rules they use. */
function keepMostSevere(run: SarifRun, keep: number): { run: SarifRun; dropped: SarifResult[] } {
  const ranked = run.results
    .map((r, i) => ({ r, i, rank: severityRank(resultSeverity(r)) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
  const kept = ranked.slice(0, keep).sort((a, b) => a.i - b.i)
  const dropped = ranked.slice(keep).map(x => x.r)
  return {
    run: withResults(
      run,
      kept.map(x => x.r)
    ),
    dropped
  }
}

/** A copy of `run` with `results` and just the rules they reference, re-indexed. */
function withResults(run: SarifRun, results: SarifResult[]): SarifRun {
  const old = run.tool.driver.rules
  const rules: typeof old = []
  const remap = new Map<number, number>()
  const out = results.map(r => {
    if (r.ruleIndex === undefined || !old[r.ruleIndex]) return r
    let index = remap.get(r.ruleIndex)
    if (index === undefined) {
      index = rules.push(old[r.ruleIndex] as (typeof old)[number]) - 1
      remap.set(r.ruleIndex, index)
    }
    return index === r.ruleIndex ? r : { ...r, ruleIndex: index }
  })
  return { ...run, tool: { driver: { ...run.tool.driver, rules } }, results: out }
}

function gzip(log: SarifLog): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(log)))
}

function logOf(template: SarifLog, runs: SarifRun[]): SarifLog {
  return { ...template, runs }
}

/**
 * Shrinks one run until its own upload fits `gzippedBytes`, dropping the least severe results; the
 * kept count is estimated from the compression ratio and tightened until it fits.
 */
function fitRun(
  template: SarifLog,
  run: SarifRun,
  limits: SarifLimits
): { run: SarifRun; dropped: SarifResult[]; gzipped: Buffer } {
  let gz = gzip(logOf(template, [run]))
  if (gz.length <= limits.gzippedBytes) return { run, dropped: [], gzipped: gz }
  let keep = run.results.length
  let current = run
  let dropped: SarifResult[] = []
  while (gz.length > limits.gzippedBytes && keep > 0) {
    keep = Math.min(keep - 1, Math.floor((keep * limits.gzippedBytes * 0.97) / gz.length))
    const attempt = keepMostSevere(run, Math.max(0, keep))
    current = attempt.run
    dropped = attempt.dropped
    gz = gzip(logOf(template, [current]))
  }
  return { run: current, dropped, gzipped: gz }
}

/** Plans the uploads for a log; never returns an upload over any limit. */
export function planUploads(log: SarifLog, limits: SarifLimits = GITHUB_LIMITS): UploadPlan {
  const template: SarifLog = { ...log, runs: [] }
  const dropped: DroppedResults[] = []
  const note = (run: SarifRun, results: SarifResult[], reason: DroppedResults['reason']) => {
    if (results.length === 0) return
    dropped.push({
      tool: run.tool.driver.name,
      category: categoryOfRun(run),
      count: results.length,
      severityCounts: countSeverities(results.map(resultSeverity)),
      reason
    })
  }

  // Per tool, so each upload's tool_name is the one tool it carries.
  const byTool = new Map<string, SarifRun[]>()
  for (let run of mergeRuns(log.runs)) {
    if (run.results.length > limits.resultsPerRun) {
      const cut = keepMostSevere(run, limits.resultsPerRun)
      note(run, cut.dropped, 'results-per-run')
      run = cut.run
    }
    const fit = fitRun(template, run, limits)
    note(run, fit.dropped, 'upload-size')
    byTool.set(run.tool.driver.name, [...(byTool.get(run.tool.driver.name) ?? []), fit.run])
  }

  const uploads: PlannedUpload[] = []
  for (const [tool, runs] of byTool) {
    let batch: SarifRun[] = []
    let batchGz: Buffer | undefined
    const flush = () => {
      if (batch.length === 0) return
      const sarif = logOf(template, batch)
      uploads.push({
        tool,
        categories: batch.map(categoryOfRun),
        sarif,
        gzipped: batchGz ?? gzip(sarif),
        resultCount: batch.reduce((n, r) => n + r.results.length, 0)
      })
      batch = []
      batchGz = undefined
    }
    for (const run of runs) {
      if (batch.length >= limits.runsPerUpload) flush()
      const candidate = [...batch, run]
      const gz = gzip(logOf(template, candidate))
      if (gz.length > limits.gzippedBytes && batch.length > 0) {
        flush()
        batch = [run]
        batchGz = undefined
      } else {
        batch = candidate
        batchGz = gz
      }
    }
    flush()
  }
  return { uploads, dropped }
}

/** One sentence per drop, for the summary and the comment. */
export function droppedNotes(dropped: readonly DroppedResults[]): string[] {
  return dropped.map(d => {
    const parts = SEVERITIES.filter(s => d.severityCounts[s]).map(s => `${d.severityCounts[s]} ${s}`)
    const why =
      d.reason === 'results-per-run'
        ? 'code scanning accepts at most 25,000 results per run'
        : 'the upload would exceed 10 MB gzipped'
    return `Code scanning: ${d.count} of ${d.tool}'s results in ${d.category} (${parts.join(', ')}) were not uploaded because ${why}; the least severe were left out first. All are in the SARIF file.`
  })
}
