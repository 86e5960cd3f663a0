/**
 * The Gatekeeper library's own allowed/disallowed samples (gator suites) must be judged the same way
 * by the admission rules, with the policy built from each suite's constraint parameters.
 */
import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { checkManifests } from '../../src/checks/admission/rules.js'
import { defaultPolicy } from '../../src/policy/defaults.js'
import type { AdmissionOptions } from '../../src/checks/admission/rules.js'

const GATEKEEPER = path.resolve(process.cwd(), '__fixtures__/shared/fixtures/gatekeeper')
const SEED = path.resolve(process.cwd(), '__fixtures__/shared/fixtures/seed')

interface Suite {
  tests: Array<{
    name: string
    constraint: string
    cases: Array<{
      name: string
      object: string
      assertions: Array<{ violations: string | number | boolean }>
    }>
  }>
}

const none: AdmissionOptions = {
  denyPrivileged: false,
  requireLimits: [],
  requireReadOnlyRootFilesystem: false,
  requireNetworkPolicy: false
}

/** The admission policy equivalent to one Gatekeeper constraint. */
function policyFor(constraint: {
  kind: string
  spec?: { parameters?: Record<string, unknown> }
}): AdmissionOptions {
  const p = constraint.spec?.parameters ?? {}
  const exemptImages = (p.exemptImages as string[] | undefined) ?? []
  switch (constraint.kind) {
    case 'K8sPSPPrivilegedContainer':
      return { ...none, denyPrivileged: true, exemptImages }
    case 'K8sPSPReadOnlyRootFilesystem':
      return { ...none, requireReadOnlyRootFilesystem: true, exemptImages }
    case 'K8sContainerLimits': {
      const cpu = String(p.cpu)
      return {
        ...none,
        requireLimits: cpu === '-1' ? ['memory'] : ['cpu', 'memory'],
        maxLimits: { ...(cpu === '-1' ? {} : { cpu }), memory: String(p.memory) },
        exemptImages
      }
    }
    default:
      throw new Error(`no equivalent for ${constraint.kind}`)
  }
}

/** "violations: yes|no|N" → whether the case expects any violation. */
function expectsViolation(assertions: Array<{ violations: string | number | boolean }>): boolean {
  return assertions.some(
    a =>
      a.violations === 'yes' ||
      a.violations === true ||
      (typeof a.violations === 'number' && a.violations > 0)
  )
}

const suites = ['privileged-containers', 'containerlimits', 'read-only-root-filesystem']
const cases = suites.flatMap(s => {
  const dir = path.join(GATEKEEPER, s)
  const suite = parse(readFileSync(path.join(dir, 'suite.yaml'), 'utf8')) as Suite
  return suite.tests.flatMap(t =>
    t.cases.map(c => ({
      label: `${s} / ${t.name} / ${c.name}`,
      constraint: path.join(dir, t.constraint),
      object: path.join(dir, c.object),
      violation: expectsViolation(c.assertions)
    }))
  )
})

describe('Gatekeeper library samples', () => {
  it('finds the suites and their cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15)
    expect(cases.filter(c => c.violation).length).toBeGreaterThanOrEqual(6)
  })

  it.each(cases)('$label → violation: $violation', ({ constraint, object, violation }) => {
    const policy = policyFor(parse(readFileSync(constraint, 'utf8')))
    const rel = path.relative(GATEKEEPER, object)
    const found = checkManifests([{ path: rel, text: readFileSync(object, 'utf8') }], policy).findings
    expect(found.length > 0).toBe(violation)
    for (const f of found) expect(f).toMatchObject({ file: rel, tool: 'container-gate', kind: 'misconfig' })
  })

  it('names the container and line of each violation', () => {
    const file = path.join(
      GATEKEEPER,
      'privileged-containers/samples/psp-privileged-container/example_disallowed.yaml'
    )
    const found = checkManifests([{ path: 'pod.yaml', text: readFileSync(file, 'utf8') }], {
      ...none,
      denyPrivileged: true
    }).findings
    expect(found.map(f => [f.ruleId, f.startLine, f.message])).toEqual([
      [
        'CG-K8S-PRIVILEGED',
        12,
        "Container 'nginx' of Pod 'nginx-privileged-disallowed' is privileged (securityContext.privileged: true)"
      ],
      [
        'CG-K8S-PRIVILEGED',
        17,
        "Init container 'nginx-init' of Pod 'nginx-privileged-disallowed' is privileged (securityContext.privileged: true)"
      ]
    ])
  })

  it('reports why a limit is rejected, on the limit line', () => {
    const file = path.join(
      GATEKEEPER,
      'containerlimits/samples/container-must-have-limits/example_disallowed.yaml'
    )
    const found = checkManifests([{ path: 'pod.yaml', text: readFileSync(file, 'utf8') }], {
      ...none,
      requireLimits: ['cpu', 'memory'],
      maxLimits: { cpu: '200m', memory: '1Gi' }
    }).findings
    expect(found.map(f => [f.ruleId, f.startLine, f.message])).toEqual([
      [
        'CG-K8S-MEMORY-LIMIT',
        18,
        "Container 'opa' of Pod 'opa-disallowed' has a memory limit 2Gi above the maximum of 1Gi"
      ]
    ])
  })
})

describe("the design document's Gatekeeper policies (seed)", () => {
  const docs = parseAllDocuments(readFileSync(path.join(SEED, 'gatekeeper-policies.yaml'), 'utf8')).map(
    d => d.toJS() as { kind: string; spec: { targets?: Array<{ rego: string }> } }
  )
  const rego = docs
    .flatMap(d => d.spec.targets ?? [])
    .map(t => t.rego)
    .join('\n')

  it('are what the default admission policy enforces', () => {
    expect(docs.map(d => d.kind)).toEqual([
      'ConstraintTemplate',
      'K8sDenyPrivileged',
      'ConstraintTemplate',
      'K8sRequiredResources'
    ])
    expect(rego).toContain('initContainers[_]')
    expect(rego).toMatch(/securityContext\.privileged == true/)
    expect(rego).toContain('not container.resources.limits.memory')
    expect(rego).toContain('not container.resources.limits.cpu')
    const p = defaultPolicy().admission
    expect(p.denyPrivileged).toBe(true)
    expect(p.requireLimits).toEqual(['cpu', 'memory'])
  })

  it('are not workloads themselves: the file yields no findings and nothing left unchecked', () => {
    const text = readFileSync(path.join(SEED, 'gatekeeper-policies.yaml'), 'utf8')
    const result = checkManifests([{ path: 'gatekeeper-policies.yaml', text }], defaultPolicy().admission)
    expect(result.findings).toEqual([])
    expect(result.judged.map(r => r.file)).toEqual(Array(4).fill('gatekeeper-policies.yaml'))
  })
})
