/**
 * Verdicts for the report tests: recorded JSON verdicts built from real Trivy goldens
 * (verdict-basic.json: alpine 3.9 and debian buster images, trivy config and hadolint findings),
 * a hostile one (verdict-hostile.json: markdown/HTML/mention injection attempts) and a generator for
 * very large verdicts, built the way the policy builds them (blocking/warnings are subsets of
 * decisions).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Finding } from '../../src/findings/model.js'
import { SEVERITIES, zeroSeverityCounts, type Severity } from '../../src/findings/severity.js'
import type { Decision, Verdict } from '../../src/policy/types.js'

export const REPORT_FIXTURES = path.resolve(process.cwd(), '__fixtures__/report')

export function loadVerdict(name: 'basic' | 'hostile'): Verdict {
  return JSON.parse(readFileSync(path.join(REPORT_FIXTURES, `verdict-${name}.json`), 'utf8')) as Verdict
}

/** Builds a Verdict from decisions the way evaluate() does, for tests that need many findings. */
export function verdictOf(decisions: Decision[]): Verdict {
  const counts = zeroSeverityCounts()
  for (const d of decisions) if (!d.suppressedBy) counts[d.finding.severity]++
  const blocking = decisions.filter(d => d.action === 'block')
  return {
    outcome: blocking.length > 0 ? 'fail' : 'pass',
    reason: blocking.length > 0 ? `${blocking.length} blocking findings` : 'no blocking findings',
    decisions,
    blocking,
    warnings: decisions.filter(d => d.action === 'warn'),
    counts,
    expiredIgnores: [],
    rebuildRequired: false
  }
}

/**
 * `n` vulnerability findings over `subjects` images, severities cycling CRITICAL..UNKNOWN; every
 * CRITICAL blocks, HIGH warns, the rest are recorded. Every seventh finding sits in a repository file
 * (a lock file) so fingerprints and annotations have something to work on.
 */
export function bigVerdict(n: number, subjects = ['ghcr.io/acme/api:1.0', 'ghcr.io/acme/web:1.0']): Verdict {
  const decisions: Decision[] = []
  for (let i = 0; i < n; i++) {
    const severity = SEVERITIES[i % SEVERITIES.length] as Severity
    const subject = subjects[i % subjects.length] as string
    const finding: Finding = {
      tool: 'trivy',
      kind: 'vuln',
      ruleId: `CVE-2024-${String(10000 + (i % 40000)).padStart(5, '0')}`,
      aliases: [],
      severity,
      title: `Synthetic advisory number ${i} with a title long enough to look like the real ones do`,
      description: 'A description that is not shown in the tables but is carried along like the real ones.',
      primaryUrl: `https://avd.aquasec.com/nvd/cve-2024-${10000 + (i % 40000)}`,
      package: {
        name: `package-${i}`,
        installedVersion: `1.${i}.0`,
        fixedVersion: i % 3 === 0 ? undefined : `1.${i}.1`
      },
      target: `${subject} (alpine 3.19)`,
      subject,
      ...(i % 7 === 0 ? { file: `services/s${i % 3}/package-lock.json`, startLine: 1 + (i % 300) } : {})
    }
    const action = severity === 'CRITICAL' ? 'block' : severity === 'HIGH' ? 'warn' : 'record'
    decisions.push({
      finding,
      action,
      rule: `${severity} vulnerabilities ${action === 'block' ? 'block' : action === 'warn' ? 'warn' : 'are recorded'}`,
      ...(action === 'warn'
        ? {
            deadline: {
              clock: 'first-seen',
              clockDate: '2026-03-01',
              blocksOn: '2026-03-31',
              daysLeft: i % 30
            }
          }
        : {})
    } as Decision)
  }
  return verdictOf(decisions)
}
