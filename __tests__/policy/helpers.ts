/**
 * Test helpers: Findings built by hand, and real Trivy reports read through the real parser.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseTrivyReport } from '../../src/scanners/trivy.js'
import type { Finding } from '../../src/findings/model.js'

export const SHARED = path.resolve(process.cwd(), '__fixtures__/shared/fixtures')

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

/** A recorded Trivy image report's findings, through the real parser (named by its artifact). */
export function goldenVulns(name: string): Finding[] {
  const text = readFileSync(path.join(SHARED, 'trivy/golden', name), 'utf8')
  const subject = String((JSON.parse(text) as { ArtifactName?: string }).ArtifactName)
  return parseTrivyReport(text, name, { subject }).filter(f => f.kind === 'vuln')
}
