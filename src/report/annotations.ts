/**
 * Annotations on the diff for findings that have a file and a line. GitHub shows at most 10 error and
 * 10 warning annotations per step, so we choose which ones (the most severe) instead of letting it
 * drop the rest silently, and say how many more there are. Pure: main.ts passes the result to
 * `log.error` / `log.warning` (src/log.ts), which make the message and title inert.
 */
import type { Finding } from '../findings/model.js'
import type { Decision, Verdict } from '../policy/types.js'
import { compareDecisions } from './markdown/cells.js'
import { originSentence } from './markdown/origin.js'

/** GitHub's display limit per step and per level. */
const ANNOTATION_LIMIT = 10

/** One annotation, shaped for `log.error(message, place)` / `log.warning(...)`. */
interface Annotation {
  message: string
  title: string
  file: string
  startLine: number
  endLine?: number
}

export interface AnnotationSelection {
  errors: Annotation[]
  warnings: Annotation[]
  /** How many located blocking/warning findings were not annotated because of the limit. */
  omitted: { errors: number; warnings: number }
  /** A sentence for the log when anything was omitted ("N more in code scanning and the summary"). */
  omittedNote?: string
}

function located(d: Decision): d is Decision & { finding: Finding & { file: string; startLine: number } } {
  return (
    typeof d.finding.file === 'string' && d.finding.file !== '' && typeof d.finding.startLine === 'number'
  )
}

function toAnnotation(
  d: Decision & { finding: Finding & { file: string; startLine: number } },
  mode: Verdict['mode']
): Annotation {
  const f = d.finding
  const pkg = f.package ? ` in ${f.package.name} ${f.package.installedVersion ?? ''}`.trimEnd() : ''
  const fix = f.package?.fixedVersion ? ` (fixed in ${f.package.fixedVersion})` : ''
  const deadline =
    d.deadline && d.action === 'warn'
      ? ` Blocks on ${d.deadline.blocksOn} (${d.deadline.daysLeft} days left).`
      : ''
  // Annotation text is plain text in the UI (not markdown), so no escaping is needed; keep it short.
  const text = (f.message && f.message !== f.title ? f.message : f.title) || f.ruleId
  // An image finding on a Dockerfile line: which image, and what the line has to do with it.
  const origin = f.origin ? ` ${originSentence(d, mode)} Image: ${f.image ?? f.subject}.` : ''
  return {
    title: `${f.severity} ${f.ruleId}${pkg}${fix}`.slice(0, 255),
    message: `${text.slice(0, 500)} — ${d.rule}.${deadline}${origin}`,
    file: f.file,
    startLine: f.startLine,
    ...(f.endLine && f.endLine >= f.startLine ? { endLine: f.endLine } : {})
  }
}

/** Picks the annotations to emit: blocking → error, warn → warning, at most 10 each, most severe first. */
export function selectAnnotations(verdict: Verdict, limit = ANNOTATION_LIMIT): AnnotationSelection {
  const errors = verdict.blocking.filter(located).sort(compareDecisions)
  const warnings = verdict.warnings
    .filter(located)
    .sort((a, b) => compareDecisions(a, b) || (a.deadline?.daysLeft ?? 0) - (b.deadline?.daysLeft ?? 0))
  const omitted = {
    errors: Math.max(0, errors.length - limit),
    warnings: Math.max(0, warnings.length - limit)
  }
  const parts: string[] = []
  if (omitted.errors > 0) parts.push(`${omitted.errors} more blocking`)
  if (omitted.warnings > 0) parts.push(`${omitted.warnings} more warning`)
  return {
    errors: errors.slice(0, limit).map(d => toAnnotation(d, verdict.mode)),
    warnings: warnings.slice(0, limit).map(d => toAnnotation(d, verdict.mode)),
    omitted,
    ...(parts.length > 0
      ? {
          omittedNote: `${parts.join(' and ')} findings in files are not annotated (GitHub shows ${limit} per level); they are in code scanning and the job summary.`
        }
      : {})
  }
}
