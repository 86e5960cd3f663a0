/**
 * The normalized Finding model every stage speaks. Parsers turn tool output into Findings; the policy
 * decides on Findings; renderers describe Findings. Nothing downstream of a parser knows which JSON
 * shape a tool printed.
 */
import type { Severity } from './severity.js'

/** What sort of problem a finding is; the policy has one severity tier table per kind. `coverage`:
 * something in scope the gate could not judge (CG-NOT-CHECKED), which must not pass silently.
 * `signature`: an image the policy requires to be signed (or attested) that is not, or could not
 * be verified (CG-SIGNATURE-*). */
export const FINDING_KINDS = ['vuln', 'misconfig', 'lint', 'secret', 'coverage', 'signature'] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

/**
 * The tools the action installs (verified) and runs (kustomize renders overlays, crane reads an
 * image's provenance beside it in the registry; neither reports findings).
 */
export const INSTALLABLE_TOOLS = ['trivy', 'hadolint', 'cosign', 'gator', 'kustomize', 'crane'] as const
export type InstallableTool = (typeof INSTALLABLE_TOOLS)[number]

/** Who reported a finding: a tool, or 'container-gate' for the rules the action evaluates itself. */
export type FindingTool = InstallableTool | 'container-gate'

/** What one tool scanned or checked (an image, a path, a Dockerfile, a rule family): one SARIF run
 * and one code-scanning category each, and a row in the summary even when nothing was found. */
export interface ScannedSubject {
  tool: FindingTool
  subject: string
}

interface PackageRef {
  name: string
  installedVersion?: string
  /** Comma-separated fixed versions exactly as the scanner printed them; absent when no fix exists. */
  fixedVersion?: string
  purl?: string
  /** Trivy's result class: `os-pkgs` for the image's base (OS) packages, `lang-pkgs` otherwise. */
  class?: string
  /** Trivy's result type: alpine, debian, npm, jar... */
  ecosystem?: string
}

export interface Finding {
  tool: FindingTool
  kind: FindingKind
  /** The rule or advisory ID in its current form: CVE-2019-1549, DS-0002, DL3008. */
  ruleId: string
  /** Other IDs the same rule has been published under (DS002, AVD-DS-0002), so ignores written for
   * either Trivy generation keep matching. */
  aliases: string[]
  severity: Severity
  title: string
  description: string
  /** The tool's specific message for this occurrence, when it differs from the rule's title. */
  message?: string
  primaryUrl?: string
  package?: PackageRef
  /** Trivy's vulnerability status (fixed, affected, will_not_fix, end_of_life...) or misconfig status. */
  status?: string
  /** ISO 8601 dates as the advisory gives them. */
  publishedDate?: string
  lastModifiedDate?: string
  /** Highest CVSS v3 base score any source gives, for SARIF's security-severity. */
  cvssScore?: number
  /** The scanner's own target label (e.g. "alpine:3.9 (alpine 3.9.4)", "Dockerfile"). */
  target: string
  /** What was scanned: an image reference, an image tarball/layout path, a config path, a
   * Dockerfile or an imported report. One SARIF run and one category per tool and subject. */
  subject: string
  /** Repository-relative path of the file the finding is in, when it is in the repository. */
  file?: string
  startLine?: number
  endLine?: number
  /** The image the finding belongs to, when one was scanned. */
  image?: string
  /** For an image's package: the layer it came from (Trivy's `Layer.DiffID`). */
  layer?: string
  /** For an image's finding placed on the Dockerfile that built the image (`file`, `startLine`):
   * which instruction brought it in, and how sure that is. */
  origin?: ImageOrigin
}

/**
 * The Dockerfile line an image finding belongs on. `base`: the package came with the final stage's
 * base image (its FROM line); `instruction`: a RUN, COPY, ADD or WORKDIR of the final stage made
 * the layer; `fallback`: the image's history does not say which line (the reason says why), so an
 * OS package is shown on the FROM line.
 */
export interface ImageOrigin {
  /** Repository-relative path of the Dockerfile. */
  dockerfile: string
  how: 'base' | 'instruction' | 'fallback'
  /** The instruction as written, its continuation lines joined and runs of white space collapsed
   * (`RUN apt-get update && apt-get install -y libidn2-0`). */
  instruction: string
  /** The final stage's base image as its FROM line names it. */
  baseImage: string
  /** For a fallback: why the line is not known. */
  reason?: string
}

export function hasFix(finding: Finding): boolean {
  return finding.kind === 'vuln' && !!finding.package?.fixedVersion
}

/** A stable identity for one finding occurrence, used for de-duplication, SARIF and new/fixed diffs. */
export function findingKey(f: Finding): string {
  return [
    f.tool,
    f.ruleId,
    f.subject,
    f.target,
    f.package?.name ?? '',
    f.package?.installedVersion ?? '',
    f.file ?? '',
    f.startLine ?? ''
  ].join('|')
}

/**
 * The findings with repeats of one occurrence removed, first kept: two reports of the same scan, or
 * a report beside a scan of the same image, must not count one CVE twice. A repeat has the same
 * findingKey and says the same thing: two violations of one constraint by two containers of one
 * object share a findingKey but not their message, and both count.
 */
export function uniqueFindings(findings: readonly Finding[]): { findings: Finding[]; repeats: number } {
  const seen = new Set<string>()
  const unique: Finding[] = []
  for (const finding of findings) {
    const key = [findingKey(finding), finding.title, finding.message ?? ''].join('\u0000')
    if (seen.has(key)) continue
    seen.add(key)
    unique.push(finding)
  }
  return { findings: unique, repeats: findings.length - unique.length }
}
