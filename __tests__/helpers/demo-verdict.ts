/**
 * The demo's verdict, built by the real pipeline from the repository's examples: the reports
 * recorded from Trivy 0.74.0 and hadolint 2.15.1, the base-image rules on examples/app/Dockerfile,
 * the admission rules on examples/k8s/deployment.yaml and the example policy, decided with a fixed
 * clock (the one the demo runs with, scripts/fixed-clock.mjs).
 */
import { buildSettings } from '../../src/checks/base-images/build.js'
import { runChecks } from '../../src/checks/run.js'
import type { Finding } from '../../src/findings/model.js'
import { applyOverrides, type PolicyOverrides } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { readPolicy } from '../../src/policy/read.js'
import type { Policy, Verdict } from '../../src/policy/types.js'
import { importReports } from '../../src/scanners/import.js'

const ROOT = process.cwd()
export const NOW = new Date('2026-11-28T12:00:00Z')
const REPORTS = [
  'examples/reports/trivy-0.74.0-debian-image.json',
  'examples/reports/hadolint-2.15.1-app.json'
]

export async function demoPolicy(overrides: PolicyOverrides = {}): Promise<Policy> {
  return applyOverrides(await readPolicy('examples/policy/container-gate.yml', ROOT), overrides)
}

/** The demo's findings: the recorded reports, then the base-image and admission rules. */
export async function demoFindings(policy: Policy): Promise<Finding[]> {
  const imported = await importReports(REPORTS, ROOT)
  const checked = await runChecks(
    imported.findings,
    policy,
    ROOT,
    { dockerfiles: ['examples/app/Dockerfile'], manifests: ['examples/k8s/deployment.yaml'], linted: false },
    buildSettings({ platforms: [], buildArgs: new Map() })
  )
  return checked.findings
}

export async function demoVerdict(
  overrides: PolicyOverrides = {},
  mode: 'gate' | 'monitor' = 'gate'
): Promise<Verdict> {
  const policy = await demoPolicy(overrides)
  return evaluate(await demoFindings(policy), policy, { mode }, NOW)
}
