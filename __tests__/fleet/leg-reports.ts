/**
 * Legs' JSON reports as a leg writes them: its inputs read by readInputs, its findings decided by the
 * real policy (evaluate) and rendered by the real renderJsonReport, so the aggregate is tested on the
 * format the legs really write, not a hand-copied shape.
 */
import type { FinalBase } from '../../src/checks/base-images/final-base.js'
import type { Finding } from '../../src/findings/model.js'
import type { Severity } from '../../src/findings/severity.js'
import { readInputs } from '../../src/inputs/read.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { describeRun, renderJsonReport } from '../../src/report/json-report.js'

export const NOW = new Date('2026-11-28T12:00:00Z')

/** A Trivy vulnerability in an image: `os` for the image's OS packages (Trivy's os-pkgs class). */
export function vuln(
  image: string,
  id: string,
  severity: Severity,
  pkg: string,
  installed: string,
  fixed: string | undefined,
  os = true
): Finding {
  return {
    tool: 'trivy',
    kind: 'vuln',
    ruleId: id,
    aliases: [],
    severity,
    title: `${id} in ${pkg}`,
    description: '',
    package: {
      name: pkg,
      installedVersion: installed,
      ...(fixed ? { fixedVersion: fixed } : {}),
      class: os ? 'os-pkgs' : 'lang-pkgs'
    },
    target: image,
    subject: image,
    image
  }
}

export interface LegSpec {
  leg: string
  images: string[]
  /** Dockerfile -> its final base (what checks/base-images/final-base.ts records). */
  bases?: Record<string, string>
  findings: Finding[]
  mode?: 'gate' | 'monitor'
  policySource?: string
}

/** The JSON report text the leg's run writes. */
export function legReport(spec: LegSpec): string {
  const dockerfiles = Object.keys(spec.bases ?? {})
  const raw: Record<string, string> = {
    'leg-name': spec.leg,
    image: spec.images.join('\n'),
    dockerfile: dockerfiles.join('\n'),
    mode: spec.mode ?? 'gate',
    matrix: 'null'
  }
  const inputs = readInputs(name => raw[name] ?? '')
  const policy = { ...defaultPolicy(), source: spec.policySource ?? 'built-in defaults' }
  const verdict = evaluate(spec.findings, policy, { mode: inputs.mode }, NOW)
  const baseImages: FinalBase[] = Object.entries(spec.bases ?? {}).map(([dockerfile, image]) => ({
    dockerfile,
    platform: 'linux/amd64',
    image,
    written: image
  }))
  return renderJsonReport(describeRun(inputs), verdict, {
    generatedAt: NOW,
    policySource: policy.source,
    toolVersions: { trivy: '0.74.0' },
    scans: [],
    imported: [],
    sarifFile: 'container-gate.sarif',
    job: 'scan',
    baseImages
  })
}
