/**
 * Existing reports given through the `report` input: a Trivy JSON or a hadolint JSON, recognized by
 * shape. An imported report becomes the same Findings a scan of the same subject would give, so the
 * policy and every ignore apply to both alike.
 */
import { ConfigurationError, messageOf } from '../errors.js'
import type { Finding, ScannedSubject } from '../findings/model.js'
import { READ_LIMITS, readFileSafely, refusedRead } from '../workspace/safe-read.js'
import { hadolintFindings, isHadolintReport } from './hadolint.js'
import { isObject, parseJson, str, type Json } from './json-input.js'
import { isTrivyReport, trivyFindings } from './trivy.js'

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
  const format = detectReportFormat(value)
  if (format === 'hadolint')
    return { format, findings: hadolintFindings(value, file, { subject: file, fileBase: '' }) }
  if (format === 'trivy' && isObject(value)) {
    // The subject is what Trivy scanned, as a scan of the same image or path would name it.
    const artifact = str(value, 'ArtifactName') ?? file
    const isRepository = str(value, 'ArtifactType') !== 'container_image'
    return {
      format,
      findings: trivyFindings(value, file, {
        subject: artifact,
        fileBase: isRepository ? repoRelative(artifact) : undefined
      })
    }
  }
  throw new ConfigurationError(
    `Input 'report' names ${JSON.stringify(file)}, which is neither a Trivy JSON report (trivy --format json) nor a hadolint JSON report (hadolint --format json).`
  )
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
  for (const file of reports) {
    const label = `Input 'report': ${JSON.stringify(file)}`
    const read = readFileSafely(file, { workspace, maxBytes: READ_LIMITS.report, scope: 'given-path' })
    if (!read.ok) throw refusedRead(label, read, REPORT_ACCEPTED)
    const first = seen.get(read.realPath)
    if (first !== undefined) {
      note(`${label} is the same file as ${JSON.stringify(first)}; imported once.`)
      continue
    }
    seen.set(read.realPath, file)
    const imported = parseImportedReport(read.text, file)
    note(
      `Imported ${JSON.stringify(file)}: a ${imported.format} report, ${imported.findings.length} findings.`
    )
    findings.push(...imported.findings)
    for (const f of imported.findings) subjects.push({ tool: f.tool, subject: f.subject })
    if (imported.findings.length === 0 && imported.format === 'trivy')
      subjects.push({ tool: 'trivy', subject: file })
  }
  return { findings, subjects }
}
