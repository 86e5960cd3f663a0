/**
 * Existing reports given through the `report` input: a Trivy JSON or a hadolint JSON, recognized by
 * shape. An imported report becomes the same Findings a scan of the same subject would give, so the
 * policy and every ignore apply to both alike.
 */
import { ConfigurationError, messageOf, ToolError } from '../errors.js'
import { textInterner, type Intern } from '../findings/intern.js'
import type { Finding, ScannedSubject } from '../findings/model.js'
import { READ_LIMITS, readFileChunksSafely, refusedRead } from '../workspace/safe-read.js'
import { hadolintFindings, isHadolintReport } from './hadolint.js'
import { isObject, parseJson, str, type Json, type JsonObject } from './json-input.js'
import { JsonStreamReader } from './json-stream.js'
import { isTrivyReport, trivyFindings, type TrivyParseContext } from './trivy.js'
import { trivyStream } from './trivy-stream.js'

export type ReportFormat = 'trivy' | 'hadolint'

function detectReportFormat(value: unknown): ReportFormat | undefined {
  if (isTrivyReport(value)) return 'trivy'
  if (isHadolintReport(value)) return 'hadolint'
  return undefined
}

/**
 * @param text the report's content
 * @param file the path as the user wrote it, for messages
 */
export function parseImportedReport(
  text: string,
  file: string
): { format: ReportFormat; findings: Finding[] } {
  let value: Json
  try {
    value = parseJson(text, file)
  } catch (error) {
    // The input named a file that is no report: the user's to fix, not a tool's failure.
    throw new ConfigurationError(`Input 'report': ${messageOf(error)}`)
  }
  return importedFindings(value, file, textInterner())
}

/** The findings of a parsed report. */
function importedFindings(
  value: Json,
  file: string,
  intern: Intern
): { format: ReportFormat; findings: Finding[] } {
  const format = detectReportFormat(value)
  if (format === 'hadolint')
    return { format, findings: hadolintFindings(value, file, { subject: file, fileBase: '' }) }
  if (format === 'trivy' && isObject(value))
    return { format, findings: trivyFindings(value, file, importContext(value, file), intern) }
  throw notAReport(file)
}

function notAReport(file: string): ConfigurationError {
  return new ConfigurationError(
    `Input 'report' names ${JSON.stringify(file)}, which is neither a Trivy JSON report (trivy --format json) nor a hadolint JSON report (hadolint --format json).`
  )
}

/** The subject is what Trivy scanned, as a scan of the same image or path would name it. */
function importContext(report: JsonObject, file: string): TrivyParseContext {
  const artifact = str(report, 'ArtifactName') ?? file
  const isRepository = str(report, 'ArtifactType') !== 'container_image'
  return { subject: artifact, fileBase: isRepository ? repoRelative(artifact) : undefined }
}

/**
 * Reads one imported report in chunks (json-stream.ts): a Trivy report becomes Findings as it is
 * read (trivy-stream.ts), so a report of hundreds of MiB costs its findings, not its text and a
 * tree of it. A hadolint report (a JSON array) is kept whole. Undefined when already imported.
 */
function readImportedReport(
  file: string,
  workspace: string,
  seen: Map<string, string>,
  note: (message: string) => void
): { realPath: string; format: ReportFormat; findings: Finding[] } | undefined {
  const label = `Input 'report': ${JSON.stringify(file)}`
  const intern = textInterner()
  const trivy = trivyStream(intern)
  const opened: { first?: '{' | '[' } = {}
  const reader = new JsonStreamReader(file, byte => {
    opened.first = byte
    return byte === '{' ? trivy.shape : { kind: 'keep' }
  })
  try {
    const read = readFileChunksSafely(
      file,
      { workspace, maxBytes: READ_LIMITS.report, scope: 'given-path' },
      realPath => (seen.has(realPath) ? undefined : (chunk: Buffer) => reader.write(chunk))
    )
    if (!read.ok) throw refusedRead(label, read, REPORT_ACCEPTED)
    if (read.skipped) {
      note(`${label} is the same file as ${JSON.stringify(seen.get(read.realPath))}; imported once.`)
      return undefined
    }
    seen.set(read.realPath, file)
    const kept = reader.end()
    if (opened.first === '[') return { realPath: read.realPath, ...importedFindings(kept, file, intern) }
    if (!isTrivyReport(kept)) throw notAReport(file)
    const findings = trivy.findings(kept, file, report => importContext(report, file))
    return { realPath: read.realPath, format: 'trivy', findings }
  } catch (error) {
    // The input named a file that is no report: the user's to fix, not a tool's failure.
    throw error instanceof ToolError ? new ConfigurationError(`Input 'report': ${messageOf(error)}`) : error
  }
}

/** A scanned path as a repository-relative directory ('' when it is the repository itself). */
function repoRelative(path: string): string | undefined {
  const p = path
    .replaceAll('\\', '/')
    .replace(/^\.\/?/, '')
    .replace(/\/$/, '')
  if (p.startsWith('/') || p.startsWith('../')) return undefined
  return p
}

export interface ImportedReports {
  findings: Finding[]
  subjects: ScannedSubject[]
}

const REPORT_ACCEPTED =
  'Expected the path of a Trivy or hadolint JSON report: relative to the workspace (and inside it), or absolute.'

/**
 * Reads the `report` input's files; a missing, unreadable or unrecognized file is the user's to fix.
 * Relative paths (and absolute ones inside the workspace) must stay inside the workspace once links
 * are followed; an absolute path elsewhere (a report an earlier step wrote to RUNNER_TEMP) is the
 * workflow's own choice. Either way only a regular file under READ_LIMITS.report is read. The same
 * file given twice (`r.json`, `./r.json`, its absolute path, a link to it) is imported once.
 */
export async function importReports(
  reports: readonly string[],
  workspace: string,
  note: (message: string) => void = () => undefined
): Promise<ImportedReports> {
  const findings: Finding[] = []
  const subjects: ScannedSubject[] = []
  const seen = new Map<string, string>()
  const listed = new Set<string>()
  for (const file of reports) {
    const imported = readImportedReport(file, workspace, seen, note)
    if (!imported) continue
    note(
      `Imported ${JSON.stringify(file)}: a ${imported.format} report, ${imported.findings.length} findings.`
    )
    // One at a time: a spread of 100,000 arguments overflows the call stack. Each subject once:
    // every reader of the list keeps the first of each (SARIF runs, the summary's rows).
    for (const f of imported.findings) {
      findings.push(f)
      const key = `${f.tool}\u0000${f.subject}`
      if (!listed.has(key)) subjects.push({ tool: f.tool, subject: f.subject })
      listed.add(key)
    }
    if (imported.findings.length === 0 && imported.format === 'trivy')
      subjects.push({ tool: 'trivy', subject: file })
  }
  return { findings, subjects }
}
