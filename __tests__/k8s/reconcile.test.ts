import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { TRIVY_ADMISSION_CHECKS, checkManifests } from '../../src/checks/admission/rules.js'
import { reconcileTrivyAdmission } from '../../src/checks/admission/reconcile.js'
import type { Finding } from '../../src/findings/model.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import { evaluate } from '../../src/policy/evaluate.js'
import { parseTrivyIgnore } from '../../src/policy/trivyignore.js'
import { parseTrivyReport } from '../../src/scanners/trivy.js'

const GOLDEN = path.resolve(process.cwd(), '__fixtures__/shared/fixtures/trivy/golden/helm.json.golden')
const helm = parseTrivyReport(readFileSync(GOLDEN, 'utf8'), 'helm.json.golden', {
  subject: 'charts',
  fileBase: 'charts'
})

function trivy(ruleId: string, file: string, aliases: string[] = []): Finding {
  return {
    tool: 'trivy',
    kind: 'misconfig',
    ruleId,
    aliases,
    severity: 'HIGH',
    title: '',
    description: '',
    target: file,
    subject: '.',
    file,
    startLine: 6
  }
}

const manifest = {
  path: 'deploy/pod.yaml',
  text: 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext: { privileged: true }\n'
}

describe("Trivy's Kubernetes checks for the same rules", () => {
  it('the mapped IDs are the ones the recorded Trivy helm scan reports', () => {
    const ids = new Set(helm.map(f => f.ruleId))
    for (const id of ['KSV-0011', 'KSV-0014', 'KSV-0018']) expect(ids.has(id)).toBe(true)
    expect(Object.keys(TRIVY_ADMISSION_CHECKS).sort()).toEqual([
      'KSV-0011',
      'KSV-0014',
      'KSV-0017',
      'KSV-0018'
    ])
  })

  it('keeps Trivy findings for files only Trivy read (a Helm chart it rendered), unless the rule is off', () => {
    const { judged } = checkManifests([manifest], defaultPolicy().admission)
    const kept = reconcileTrivyAdmission(helm, judged, defaultPolicy().admission)
    const dropped = helm.filter(f => !kept.includes(f)).map(f => f.ruleId)
    // read-only root filesystems are not required by default, so Trivy's KSV-0014 must not impose them
    expect(dropped).toEqual(['KSV-0014'])
    expect(kept.map(f => f.ruleId)).toEqual(expect.arrayContaining(['KSV-0011', 'KSV-0018', 'KSV-0001']))
    const strict = { ...defaultPolicy().admission, requireReadOnlyRootFilesystem: true }
    expect(reconcileTrivyAdmission(helm, [], strict)).toEqual(helm)
  })

  it('drops Trivy findings for files the admission rules checked, in either ID generation', () => {
    const findings = [
      trivy('KSV-0017', 'deploy/pod.yaml'),
      trivy('KSV017', './deploy/pod.yaml', ['AVD-KSV-0017']),
      trivy('KSV-0017', 'other/pod.yaml'),
      trivy('KSV-0001', 'deploy/pod.yaml'),
      { ...trivy('KSV-0017', 'deploy/pod.yaml'), tool: 'hadolint' as const }
    ]
    const { findings: ours, judged } = checkManifests([manifest], defaultPolicy().admission)
    const kept = reconcileTrivyAdmission([...findings, ...ours], judged, defaultPolicy().admission)
    expect(kept.map(f => `${f.tool}:${f.ruleId}:${f.file}`)).toEqual([
      'trivy:KSV-0017:other/pod.yaml',
      'trivy:KSV-0001:deploy/pod.yaml',
      'hadolint:KSV-0017:deploy/pod.yaml',
      'container-gate:CG-K8S-PRIVILEGED:deploy/pod.yaml',
      'container-gate:CG-K8S-CPU-LIMIT:deploy/pod.yaml',
      'container-gate:CG-K8S-MEMORY-LIMIT:deploy/pod.yaml'
    ])
  })

  it('9.1: keeps Trivy findings on documents the admission rules did not judge, in a file they read', () => {
    // A judged Pod (lines 1-8), then a document that cannot be read (an unknown anchor).
    const text = `${manifest.text}---\n${manifest.text.replace('{ privileged: true }', '*missing')}`
    const { findings: ours, judged } = checkManifests(
      [{ path: manifest.path, text }],
      defaultPolicy().admission
    )
    expect(ours.filter(f => f.ruleId === 'CG-NOT-CHECKED').map(f => f.startLine)).toEqual([17])
    const notFully = ours.filter(f => f.ruleId === 'CG-NOT-CHECKED').map(f => f.file!)
    const trivyFindings = [
      { ...trivy('KSV-0017', manifest.path), startLine: 8, endLine: 8 },
      { ...trivy('KSV-0017', manifest.path), startLine: 17, endLine: 17 },
      { ...trivy('KSV-0017', manifest.path), startLine: undefined }
    ]
    const kept = reconcileTrivyAdmission(trivyFindings, judged, defaultPolicy().admission, notFully)
    // line 8 is in the judged Pod (its own finding replaces Trivy's); line 17 and the finding
    // without a line may be in the document that was not judged: Trivy's finding stays.
    expect(kept.map(f => f.startLine)).toEqual([17, undefined])
    expect(
      reconcileTrivyAdmission(trivyFindings, judged, defaultPolicy().admission).map(f => f.startLine)
    ).toEqual([17])
  })

  it("an ignore written for Trivy's ID also ignores the finding that replaced it", () => {
    const policy = { ...defaultPolicy(), ignores: parseTrivyIgnore('KSV017\n', '.trivyignore') }
    const v = evaluate(
      checkManifests([manifest], policy.admission).findings,
      policy,
      { mode: 'gate' },
      new Date('2024-01-01T00:00:00Z')
    )
    const privileged = v.decisions.find(d => d.finding.ruleId === 'CG-K8S-PRIVILEGED')!
    expect(privileged.suppressedBy).toEqual({ source: '.trivyignore:1', reason: 'listed in .trivyignore' })
    // the missing limits still block: admission would refuse the workload
    expect(v.blocking.map(d => d.finding.ruleId)).toEqual(['CG-K8S-CPU-LIMIT', 'CG-K8S-MEMORY-LIMIT'])
    expect(v.outcome).toBe('fail')
  })
})
