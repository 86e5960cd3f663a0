/**
 * Existing reports given through the `report` input: a Trivy JSON or a hadolint JSON, recognized by
 * shape. An imported report becomes the same Findings a scan of the same subject would give, so the
 * policy and every ignore apply to both alike.
 */
import { ConfigurationError } from '../errors.js'
import type { Finding } from '../findings/model.js'
import { hadolintFindings, isHadolintReport } from './hadolint.js'
import { isObject, parseJson, str } from './json-input.js'
import { isTrivyReport, trivyFindings } from './trivy.js'

export type ReportFormat = 'trivy' | 'hadolint'

export function detectReportFormat(value: unknown): ReportFormat | undefined {
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
  const value = parseJson(text, file)
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
