/**
 * Test helpers: Findings built by hand, and a deliberately small reader of Trivy's vulnerability JSON
 * (the real parser lives in src/scanners/trivy.ts; this one only feeds the policy tests real data).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { normalizeSeverity } from '../../src/findings/model.js'
import type { Finding } from '../../src/findings/model.js'

export const SHARED = path.resolve(process.cwd(), '../shared/fixtures')

export function vuln(overrides: Partial<Finding> = {}): Finding {
  return {
    tool: 'trivy',
    kind: 'vuln',
    ruleId: 'CVE-2024-0001',
    aliases: [],
    severity: 'HIGH',
    title: 'a vulnerability',
    description: '',
    package: {
      name: 'openssl',
      installedVersion: '1.0',
      fixedVersion: '1.1',
      class: 'os-pkgs',
      ecosystem: 'alpine'
    },
    status: 'fixed',
    publishedDate: '2024-01-01T10:00:00Z',
    target: 'alpine:3.19 (alpine 3.19.1)',
    subject: 'alpine:3.19',
    image: 'alpine:3.19',
    ...overrides
  }
}

export function misconfig(overrides: Partial<Finding> = {}): Finding {
  return {
    tool: 'trivy',
    kind: 'misconfig',
    ruleId: 'DS-0002',
    aliases: ['DS002', 'AVD-DS-0002'],
    severity: 'HIGH',
    title: 'Image user should not be root',
    description: '',
    status: 'FAIL',
    target: 'Dockerfile',
    subject: '.',
    file: 'Dockerfile',
    startLine: 1,
    ...overrides
  }
}

type Json = Record<string, unknown>

/** Vulnerabilities of a recorded Trivy image report as Findings. */
export function goldenVulns(name: string): Finding[] {
  const report = JSON.parse(readFileSync(path.join(SHARED, 'trivy/golden', name), 'utf8')) as Json
  const subject = String(report.ArtifactName)
  const out: Finding[] = []
  for (const result of (report.Results as Json[] | undefined) ?? []) {
    for (const v of (result.Vulnerabilities as Json[] | undefined) ?? []) {
      out.push({
        tool: 'trivy',
        kind: 'vuln',
        ruleId: String(v.VulnerabilityID),
        aliases: [],
        severity: normalizeSeverity(v.Severity),
        title: String(v.Title ?? ''),
        description: String(v.Description ?? ''),
        package: {
          name: String(v.PkgName),
          installedVersion: v.InstalledVersion as string | undefined,
          fixedVersion: (v.FixedVersion as string | undefined) || undefined,
          class: result.Class as string | undefined,
          ecosystem: result.Type as string | undefined
        },
        status: v.Status as string | undefined,
        publishedDate: v.PublishedDate as string | undefined,
        target: String(result.Target),
        subject,
        image: subject
      })
    }
  }
  return out
}
