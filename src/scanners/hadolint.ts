/**
 * hadolint: argv builder and the parser of `--format json` output (hadolint 2.12–2.15 print the
 * same shape: an array of {code, column, file, level, line, message}). Both pure.
 */
import { posix } from 'node:path'
import { ToolError } from '../errors.js'
import type { Finding } from '../findings/model.js'
import type { Severity } from '../findings/severity.js'
import { isObject, line, num, parseJson, str } from './json-input.js'

/** `hadolint --format json` over repository-relative Dockerfile paths (run with cwd = workspace). */
export function hadolintArgs(dockerfiles: readonly string[]): string[] {
  // --no-fail: the exit code would only repeat the findings; the policy decides. `--` keeps a file
  // named like a flag from being read as one.
  return ['--format', 'json', '--no-fail', '--', ...dockerfiles]
}

/** hadolint's levels mapped onto the severity scale the policy speaks. */
const LEVEL_SEVERITY: Record<string, Severity> = {
  error: 'HIGH',
  warning: 'MEDIUM',
  info: 'LOW',
  style: 'LOW'
}

function ruleUrl(code: string): string | undefined {
  if (/^DL\d+$/.test(code)) return `https://github.com/hadolint/hadolint/wiki/${code}`
  if (/^SC\d+$/.test(code)) return `https://www.shellcheck.net/wiki/${code}`
  return undefined
}

export function isHadolintReport(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.every(v => isObject(v) && typeof v.code === 'string' && typeof v.level === 'string')
  )
}

export interface HadolintParseContext {
  subject: string
  /** Repository-relative directory hadolint's `file` paths are relative to ('' for the workspace). */
  fileBase: string
}

/** Parses hadolint's JSON array into lint Findings, one per reported line. */
export function parseHadolintReport(text: string, file: string, ctx: HadolintParseContext): Finding[] {
  return hadolintFindings(parseJson(text, file), file, ctx)
}

/** The Findings of an already-parsed hadolint report. */
export function hadolintFindings(report: unknown, file: string, ctx: HadolintParseContext): Finding[] {
  if (!isHadolintReport(report)) {
    throw new ToolError(
      `${file} is not a hadolint JSON report: expected an array of {code, level, line, message}.`
    )
  }
  return report.filter(isObject).map(entry => {
    const code = str(entry, 'code')!
    const level = str(entry, 'level')!
    const path = str(entry, 'file') ?? ctx.subject
    const joined = posix.normalize(posix.join(ctx.fileBase, path.replaceAll('\\', '/')))
    const start = line(num(entry, 'line'))
    const message = str(entry, 'message') ?? code
    const repoFile = joined.startsWith('../') || posix.isAbsolute(joined) ? undefined : joined
    return {
      tool: 'hadolint',
      kind: 'lint',
      ruleId: code,
      aliases: [],
      severity: LEVEL_SEVERITY[level] ?? 'UNKNOWN',
      title: message,
      description: `hadolint ${level}: ${message}`,
      message,
      primaryUrl: ruleUrl(code),
      status: level,
      target: path,
      // One SARIF run per Dockerfile: each file is its own subject.
      subject: repoFile ?? ctx.subject,
      file: repoFile,
      startLine: start,
      endLine: start
    } satisfies Finding
  })
}
