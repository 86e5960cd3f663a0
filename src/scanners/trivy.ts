/**
 * Trivy: argv builders and the parser of its JSON report (SchemaVersion 2). Both pure.
 *
 * The parser accepts Trivy 0.68 and 0.69+: built-in misconfiguration IDs changed from `DS002` with
 * `AVDID: AVD-DS-0002` to `DS-0002` without AVDID. Findings carry the current form as ruleId and the
 * older forms as aliases, so ignores and alert history written for either generation still match.
 */
import { posix } from 'node:path'
import { ToolError } from '../errors.js'
import { textInterner, type Intern } from '../findings/intern.js'
import type { Finding } from '../findings/model.js'
import { currentCheckId, olderCheckIds } from '../findings/rule-id.js'
import { normalizeSeverity } from '../findings/severity.js'
import { isObject, line, num, obj, objects, parseJson, str, strings, type JsonObject } from './json-input.js'

export interface TrivyCommonOptions {
  outputFile: string
  cacheDir: string
  /** Trivy applies this ignore file instead of the workspace's .trivyignore (workspace/run-dirs.ts). */
  ignoreFile: string
  /** Trivy reads these instead of the workspace's `trivy.yaml` and `trivy-secret.yaml` (run-dirs.ts). */
  configFile: string
  secretConfigFile: string
  /** Where the DBs come from, or that they must not be fetched (see src/tools/trivy-db/repositories.ts). */
  dbArgs: readonly string[]
  /** Keep Trivy off the network for its checks bundle (air-gapped runners, mirrors). */
  offlineChecks: boolean
  timeout: string
}

export type ImageSource = { kind: 'reference'; ref: string } | { kind: 'input'; path: string }

function commonFlags(o: TrivyCommonOptions): string[] {
  const flags = ['--format', 'json', '--output', o.outputFile, '--cache-dir', o.cacheDir, '--quiet']
  flags.push('--ignorefile', o.ignoreFile, '--config', o.configFile)
  // No update check and no telemetry: a gate must not phone home, and air-gapped runners would wait.
  flags.push('--timeout', o.timeout, '--exit-code', '0', '--skip-version-check', '--disable-telemetry')
  if (o.offlineChecks) flags.push('--skip-check-update')
  return flags
}

/** `trivy image` for a registry reference or a `docker save` tarball / OCI layout (`--input`). */
export function trivyImageArgs(source: ImageSource, o: TrivyCommonOptions): string[] {
  // Everything is reported and the policy filters: no --severity, no --ignore-unfixed, no
  // .trivyignore here, so ignored findings stay visible as ignored.
  const args = ['image', ...commonFlags(o), ...o.dbArgs, '--scanners', 'vuln,secret']
  // Trivy's default layer cache is a file it locks for the whole scan and waits 5 s for: a second
  // image scan running alongside would fail. The cache is not kept between runs, so memory loses nothing.
  args.push('--cache-backend', 'memory')
  args.push('--secret-config', o.secretConfigFile)
  if (source.kind === 'input') return [...args, '--input', source.path]
  // `--` ends the options: a reference can never be read as a flag.
  return [...args, '--', source.ref]
}

/** `trivy config` for a repository path (Dockerfiles, Kubernetes, Helm, Terraform...). */
export function trivyConfigArgs(path: string, o: TrivyCommonOptions): string[] {
  // The same folders Dockerfile discovery skips: vendored packages are not this repository's config.
  const skip = ['--skip-dirs', '**/node_modules', '--skip-dirs', '**/.git']
  return ['config', ...commonFlags(o), ...skip, '--', path]
}

/** What a parsed report is about, so findings can be tied to repository files and images. */
export interface TrivyParseContext {
  /** The subject label for the SARIF run and category (image ref, path, imported file). */
  subject: string
  /** For config scans: the repository-relative directory Trivy's targets are relative to. */
  fileBase?: string
}

function checkAliases(misconf: JsonObject, ruleId: string): string[] {
  const ids = [str(misconf, 'ID'), str(misconf, 'AVDID')].filter((v): v is string => !!v && v !== ruleId)
  // Let ignores written in either generation's form match whatever this Trivy printed.
  ids.push(...olderCheckIds(ruleId))
  return [...new Set(ids.filter(id => id !== ruleId))]
}

function maxCvss(vuln: JsonObject): number | undefined {
  const cvss = obj(vuln, 'CVSS')
  if (!cvss) return undefined
  let best: number | undefined
  for (const source of Object.values(cvss)) {
    if (!isObject(source)) continue
    const score = num(source, 'V3Score') ?? num(source, 'V40Score')
    if (score !== undefined && score >= 0 && score <= 10 && (best === undefined || score > best)) best = score
  }
  return best
}

export function fileOf(target: string, ctx: TrivyParseContext): string | undefined {
  if (ctx.fileBase === undefined) return undefined
  // Helm archives appear as "chart.tgz:templates/pod.yaml"; the repository file is the archive.
  const inRepo = target.split(':')[0] ?? target
  const joined = posix.normalize(posix.join(ctx.fileBase.replaceAll('\\', '/'), inRepo))
  return joined.startsWith('../') || posix.isAbsolute(joined) ? undefined : joined
}

export function imageOf(report: JsonObject, ctx: TrivyParseContext): string | undefined {
  if (str(report, 'ArtifactType') !== 'container_image') return undefined
  return str(obj(report, 'Metadata') ?? {}, 'Reference') ?? str(report, 'ArtifactName') ?? ctx.subject
}

/** Most advisories have no other ID: they share one empty list (50,000 findings, 50,000 arrays). */
const NO_ALIASES: string[] = Object.freeze([]) as unknown as string[]

function aliasesOf(ids: string[], id: string): string[] {
  const others = ids.filter(a => a !== id)
  return others.length === 0 ? NO_ALIASES : others
}

export function vulnFinding(
  v: JsonObject,
  result: JsonObject,
  base: Pick<Finding, 'target' | 'subject' | 'image'>,
  intern: Intern
): Finding {
  const id = str(v, 'VulnerabilityID') ?? 'UNKNOWN-VULNERABILITY'
  const identifier = obj(v, 'PkgIdentifier')
  // The layer, by its uncompressed digest: the compressed one depends on how the image was stored.
  const layer = str(obj(v, 'Layer') ?? {}, 'DiffID')
  return {
    ...base,
    ...(layer && base.image ? { layer } : {}),
    tool: 'trivy',
    kind: 'vuln',
    ruleId: id,
    aliases: aliasesOf(strings(v, 'VendorIDs'), id),
    severity: normalizeSeverity(v.Severity),
    title: intern(str(v, 'Title') ?? id),
    description: intern(str(v, 'Description') ?? ''),
    primaryUrl: intern(str(v, 'PrimaryURL')),
    package: {
      name: str(v, 'PkgName') ?? str(v, 'PkgID') ?? 'unknown',
      installedVersion: str(v, 'InstalledVersion'),
      fixedVersion: str(v, 'FixedVersion') || undefined,
      purl: identifier ? str(identifier, 'PURL') : undefined,
      class: str(result, 'Class'),
      ecosystem: str(result, 'Type')
    },
    status: str(v, 'Status'),
    publishedDate: str(v, 'PublishedDate'),
    lastModifiedDate: str(v, 'LastModifiedDate'),
    cvssScore: maxCvss(v)
  }
}

/** The lines a check or secret rule points at, when the tool gave a start line. */
function located(entry: JsonObject): Pick<Finding, 'startLine' | 'endLine'> {
  const start = line(num(entry, 'StartLine'))
  return { startLine: start, endLine: start ? (line(num(entry, 'EndLine')) ?? start) : undefined }
}

export function misconfFinding(
  m: JsonObject,
  base: Pick<Finding, 'target' | 'subject' | 'image' | 'file'>,
  intern: Intern
): Finding {
  const ruleId = currentCheckId(str(m, 'ID') ?? str(m, 'AVDID') ?? 'UNKNOWN-CHECK', str(m, 'AVDID'))
  return {
    ...base,
    tool: 'trivy',
    kind: 'misconfig',
    ruleId,
    aliases: checkAliases(m, ruleId),
    severity: normalizeSeverity(m.Severity),
    title: intern(str(m, 'Title') ?? ruleId),
    description: intern([str(m, 'Description'), str(m, 'Resolution')].filter(Boolean).join(' ')),
    message: intern(str(m, 'Message')),
    primaryUrl: intern(str(m, 'PrimaryURL')),
    status: str(m, 'Status'),
    ...located(obj(m, 'CauseMetadata') ?? {})
  }
}

export function secretFinding(
  s: JsonObject,
  base: Pick<Finding, 'target' | 'subject' | 'image' | 'file'>,
  intern: Intern
): Finding {
  const ruleId = str(s, 'RuleID') ?? 'secret'
  return {
    ...base,
    tool: 'trivy',
    kind: 'secret',
    ruleId,
    aliases: [],
    severity: normalizeSeverity(s.Severity),
    title: intern(str(s, 'Title') ?? ruleId),
    // Never copy the matched text: Trivy masks it, but the report must not be a second leak.
    description: intern(`${str(s, 'Category') ?? 'Secret'} found by rule ${ruleId}.`),
    ...located(s)
  }
}

/** Parses a Trivy JSON report (`--format json`, SchemaVersion 2) into Findings. */
export function parseTrivyReport(text: string, file: string, ctx: TrivyParseContext): Finding[] {
  return trivyFindings(parseJson(text, file), file, ctx)
}

/**
 * The Findings of an already-parsed Trivy report (reports can be hundreds of MiB: parse once), or of
 * what trivyReportShape kept of one. Equal rule texts become one string (see findings/intern.ts).
 */
export function trivyFindings(
  report: unknown,
  file: string,
  ctx: TrivyParseContext,
  intern: Intern = textInterner()
): Finding[] {
  if (!isTrivyReport(report)) {
    throw new ToolError(
      `${file} is not a Trivy JSON report: expected an object with SchemaVersion 2 and Results.`
    )
  }
  const image = imageOf(report, ctx)
  const findings: Finding[] = []
  for (const result of objects(report, 'Results')) {
    const target = str(result, 'Target') ?? ctx.subject
    const base = { target, subject: ctx.subject, image }
    for (const v of objects(result, 'Vulnerabilities')) findings.push(vulnFinding(v, result, base, intern))
    const located = { ...base, file: image ? undefined : fileOf(target, ctx) }
    for (const m of objects(result, 'Misconfigurations')) {
      // Passed checks appear only with --include-non-failures; they are not findings.
      if (str(m, 'Status') === 'PASS') continue
      findings.push(misconfFinding(m, located, intern))
    }
    for (const s of objects(result, 'Secrets')) findings.push(secretFinding(s, located, intern))
  }
  return findings
}

export function isTrivyReport(value: unknown): value is JsonObject {
  return isObject(value) && value.SchemaVersion === 2 && ('Results' in value || 'ArtifactName' in value)
}
