/**
 * gator: argv, the policy-file checks, the staged objects, and the parser on outputs recorded from
 * the real gator v3.23.0 (/var/cache/container-gate-e2e/gator-3.23.0/gator), run from
 * __fixtures__/shared/fixtures/gatekeeper with the gatekeeper-library templates, constraints and examples:
 *
 *   privileged-allowed:    --filename= privileged-containers/{template.yaml, samples/psp-privileged-container/
 *                          {constraint,example_allowed,example_allowed_exempt}.yaml}      -> `null`, exit 0
 *   privileged-disallowed: the same template and constraint, example_disallowed.yaml and example_allowed.yaml
 *                          -> one deny violation, exit 1
 *   library-mixed:         privileged (deny), containerlimits container-must-have-limits with
 *                          `enforcementAction: warn` and read-only-root-filesystem psp-readonlyrootfilesystem
 *                          with `enforcementAction: dryrun` (sed-inserted under spec:), on the three
 *                          example_disallowed.yaml and containerlimits' example_allowed.yaml -> exit 1
 *   privileged-scoped:     a scoped constraint (warn at validation.gatekeeper.sh, deny at *) -> exit 1
 *   expansion-deployment:  the privileged template and constraint (Pods only), Gatekeeper's documented
 *                          ExpansionTemplate for Deployments (spec.template -> Pod) and
 *                          __fixtures__/e2e/repo/k8s/deployment.yaml -> the Deployment violates, exit 1
 *   overlays:              the privileged template and constraint on __fixtures__/recorded/gator-3.23.0-overlays/
 *                          overlays/{staging/app.yaml, prod/app.yaml, prod/copy.yaml}: the same Pod shop/web in
 *                          three files (prod/copy.yaml identical to prod/app.yaml) -> three identical messages
 *   error-*:               {argv, exitCode, stdout, stderr} of runs gator refuses
 */
import { describe, expect, it, jest } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { ConfigurationError, ToolError } from '../../src/errors.js'
import type { Exec } from '../../src/tools/exec.js'
import { gatorTestArgs, parseGatorReport, stageObjects, type SourceText } from '../../src/scanners/gator.js'
import { explainGatorFailure, indexPolicies } from '../../src/scanners/gator-policies.js'
import { planScans } from '../../src/scanners/plan.js'
import { runScans } from '../../src/scanners/run.js'
import { SHARED, recorded } from '../helpers/shared.js'

const GK = join(SHARED, 'fixtures/gatekeeper')
const source = (path: string): SourceText => ({ path, text: readFileSync(join(GK, path), 'utf8') })

const PRIV = 'privileged-containers'
const PRIV_S = `${PRIV}/samples/psp-privileged-container`
const LIM = 'containerlimits'
const LIM_S = `${LIM}/samples/container-must-have-limits`
const RO = 'read-only-root-filesystem'
const RO_S = `${RO}/samples/psp-readonlyrootfilesystem`

describe('gator argv', () => {
  it('asks for JSON and names every file with --filename=, policies first, objects last', () => {
    expect(gatorTestArgs(['policy/template.yaml', '-rf.yaml'], '/tmp/r/03-gator-objects.yaml')).toEqual([
      'test',
      '--output',
      'json',
      '--filename=policy/template.yaml',
      '--filename=-rf.yaml',
      '--filename=/tmp/r/03-gator-objects.yaml'
    ])
  })
})

const trivy = (cacheDir: string) => ({
  cacheDir,
  ignoreFile: `${cacheDir}/empty.trivyignore`,
  configFile: `${cacheDir}/trivy.yaml`,
  secretConfigFile: `${cacheDir}/trivy-secret.yaml`,
  dbArgs: [],
  offlineChecks: true,
  timeout: '15m'
})

describe('planScans with gatekeeper policies', () => {
  const base = {
    images: ['app:1'],
    imageInputs: [],
    configPaths: ['.'],
    dockerfiles: ['Dockerfile'],
    reportDir: '/tmp/reports',
    trivy: trivy('/tmp/cache')
  }

  it('plans no gator job without policy files, and leaves the other jobs as they were', () => {
    const without = planScans(base)
    expect(without.map(j => j.tool)).toEqual(['trivy', 'trivy', 'hadolint'])
    const empty = planScans({ ...base, gatekeeper: { policies: [], manifests: ['k8s/a.yaml'] } })
    expect(empty.map(j => [j.tool, j.args])).toEqual(without.map(j => [j.tool, j.args]))
  })

  it('plans one gator job over the policies and the objects file it stages from the manifests', () => {
    const jobs = planScans({
      ...base,
      gatekeeper: {
        policies: ['gk/template.yaml', 'gk/constraint.yaml'],
        manifests: ['k8s/a.yaml', 'gk/template.yaml']
      }
    })
    expect(jobs.map(j => j.tool)).toEqual(['trivy', 'trivy', 'hadolint', 'gator'])
    const gator = jobs[3]!
    expect(gator).toMatchObject({
      subject: 'gatekeeper',
      label: 'Gatekeeper policies (2 files) on 2 manifests',
      args: [
        'test',
        '--output',
        'json',
        '--filename=gk/template.yaml',
        '--filename=gk/constraint.yaml',
        '--filename=/tmp/reports/03-gator-objects.yaml'
      ],
      reads: ['gk/template.yaml', 'gk/constraint.yaml', 'k8s/a.yaml']
    })
    expect(gator.outputFile).toBeUndefined()
  })
})

describe('indexPolicies', () => {
  const all = [
    source(`${PRIV}/template.yaml`),
    source(`${PRIV_S}/constraint.yaml`),
    source(`${LIM}/template.yaml`),
    source(`${LIM_S}/constraint.yaml`)
  ]

  it('indexes the library templates and constraints by name, with their file and line', () => {
    const index = indexPolicies(all)
    expect(index.templates.get('k8spspprivilegedcontainer')).toEqual({
      file: `${PRIV}/template.yaml`,
      line: 1
    })
    expect(index.constraints.get('K8sContainerLimits/container-must-have-limits')).toEqual({
      file: `${LIM_S}/constraint.yaml`,
      line: 1
    })
  })

  const refused = (files: SourceText[]) => {
    try {
      indexPolicies(files)
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError)
      return (error as Error).message
    }
    throw new Error('accepted')
  }

  it('refuses a constraint whose template is not among the files, naming the file and line', () => {
    expect(refused([source(`${PRIV}/template.yaml`), source(`${LIM_S}/constraint.yaml`)])).toBe(
      `Input 'gatekeeper-policies': ${LIM_S}/constraint.yaml:1 constraint K8sContainerLimits/container-must-have-limits has no ConstraintTemplate defining kind K8sContainerLimits in the gatekeeper-policies files: add the template's file (the cluster has both).`
    )
  })

  it('refuses objects that are not Gatekeeper policies (they belong in manifests)', () => {
    const message = refused([
      source(`${PRIV}/template.yaml`),
      {
        path: 'gk/mixed.yaml',
        text: `${source(`${PRIV_S}/constraint.yaml`).text}---\n${source(`${PRIV_S}/example_allowed.yaml`).text}`
      }
    ])
    expect(message).toMatch(
      /^Input 'gatekeeper-policies': gk\/mixed\.yaml:15 holds a Pod \(v1\): expected only Gatekeeper/
    )
    expect(message).toContain("belong in 'manifests'")
  })

  it('refuses an unknown enforcementAction, invalid YAML and a file without policies', () => {
    const bogus = source(`${PRIV_S}/constraint.yaml`).text.replace(
      /^spec:/m,
      'spec:\n  enforcementAction: block'
    )
    expect(refused([source(`${PRIV}/template.yaml`), { path: 'c.yaml', text: bogus }])).toBe(
      `Input 'gatekeeper-policies': c.yaml:1 constraint K8sPSPPrivilegedContainer/psp-privileged-container has enforcementAction "block": Gatekeeper accepts deny, warn, dryrun, scoped.`
    )
    expect(refused([{ path: 'bad.yaml', text: 'kind: [\n' }])).toMatch(
      /^Input 'gatekeeper-policies': bad\.yaml:\d+ is not valid YAML: /
    )
    expect(refused([{ path: 'empty.yaml', text: '# nothing\n' }])).toBe(
      `Input 'gatekeeper-policies': empty.yaml:1 holds no ConstraintTemplate or Constraint.`
    )
  })
})

describe('stageObjects', () => {
  it('keeps Kubernetes objects only, expands Lists, and records where each object is', () => {
    const staged = stageObjects([
      { path: '.github/workflows/ci.yml', text: 'name: ci\non:\n  push:\n' },
      {
        path: 'k8s/all.yaml',
        text: [
          'apiVersion: v1',
          'kind: List',
          'items:',
          '  - apiVersion: v1',
          '    kind: Pod',
          '    metadata:',
          '      name: in-list',
          '      namespace: prod',
          '    spec: {}',
          '---',
          'apiVersion: constraints.gatekeeper.sh/v1beta1',
          'kind: K8sPSPPrivilegedContainer',
          'metadata:',
          '  name: not-a-workload',
          '---',
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: {{ .Values.name }}',
          '---',
          'kind: Service',
          'apiVersion: v1',
          'metadata:',
          '  name: web',
          ''
        ].join('\n')
      },
      source(`${PRIV_S}/example_disallowed.yaml`)
    ])
    const content = expect.any(String) as unknown as string
    expect(staged.objects).toEqual([
      {
        file: 'k8s/all.yaml',
        kind: 'Pod',
        namespace: 'prod',
        name: 'in-list',
        startLine: 6,
        endLine: 8,
        content
      },
      {
        file: 'k8s/all.yaml',
        kind: 'Service',
        namespace: '',
        name: 'web',
        startLine: 23,
        endLine: 24,
        content
      },
      {
        file: `${PRIV_S}/example_disallowed.yaml`,
        kind: 'Pod',
        namespace: '',
        name: 'nginx-privileged-disallowed',
        startLine: 3,
        endLine: 6,
        content
      }
    ])
    // The staged stream is YAML gator reads back into the same objects.
    const docs = parseAllDocuments(staged.yaml).map(
      d => d.toJS() as { kind: string; metadata: { name: string } }
    )
    expect(docs.map(d => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Pod/in-list',
      'Service/web',
      'Pod/nginx-privileged-disallowed'
    ])
    expect(docs[2]).toEqual(parseAllDocuments(source(`${PRIV_S}/example_disallowed.yaml`).text)[0]!.toJS())
  })

  it('stages nothing (an empty file gator accepts) when no manifest holds an object', () => {
    expect(stageObjects([{ path: 'a.yaml', text: '# empty\n' }])).toEqual({ yaml: '', objects: [] })
  })
})

describe('10.5: objects with the same kind, namespace and name in several files (overlays)', () => {
  const dir = join(process.cwd(), '__fixtures__/recorded/gator-3.23.0-overlays')
  const files = ['overlays/staging/app.yaml', 'overlays/prod/app.yaml', 'overlays/prod/copy.yaml']
  const staged = stageObjects(files.map(path => ({ path, text: readFileSync(join(dir, path), 'utf8') })))

  it('puts each violation on its own file, and does not merge identical messages across files', () => {
    const findings = parseGatorReport(recorded('gator-3.23.0-overlays.json'), 'out.json', staged.objects)
    expect(findings.map(f => [f.file, f.startLine, f.target, f.message])).toEqual(
      files.map(file => [
        file,
        3,
        'Pod/shop/web',
        'Privileged container is not allowed: web, securityContext.privileged: true'
      ])
    )
  })

  it('in whatever order gator reports them', () => {
    const reversed = JSON.stringify(
      (JSON.parse(recorded('gator-3.23.0-overlays.json')) as unknown[]).reverse()
    )
    const findings = parseGatorReport(reversed, 'out.json', staged.objects)
    expect(findings.map(f => f.file).sort()).toEqual([...files].sort())
    expect(findings.find(f => f.file === files[0])).toBeDefined()
  })
})

describe('parseGatorReport on recorded gator 3.23.0 output', () => {
  const objects = stageObjects(
    [
      `${PRIV_S}/example_disallowed.yaml`,
      `${PRIV_S}/example_allowed.yaml`,
      `${PRIV_S}/example_allowed_exempt.yaml`,
      `${LIM_S}/example_disallowed.yaml`,
      `${LIM_S}/example_allowed.yaml`,
      `${RO_S}/example_disallowed.yaml`
    ].map(source)
  ).objects

  it('allowed examples: no findings', () => {
    expect(parseGatorReport(recorded('gator-3.23.0-privileged-allowed.json'), 'out.json', objects)).toEqual(
      []
    )
  })

  it('a privileged Pod: one CRITICAL finding (deny) at the Pod in its manifest', () => {
    const findings = parseGatorReport(
      recorded('gator-3.23.0-privileged-disallowed.json'),
      'out.json',
      objects
    )
    const msg =
      'Privileged container is not allowed: nginx, securityContext.privileged: true, Privileged container is not allowed: nginx-init, securityContext.privileged: true'
    expect(findings).toEqual([
      {
        tool: 'gator',
        kind: 'misconfig',
        ruleId: 'K8sPSPPrivilegedContainer/psp-privileged-container',
        aliases: ['K8sPSPPrivilegedContainer'],
        severity: 'CRITICAL',
        title: msg,
        description: `Gatekeeper constraint K8sPSPPrivilegedContainer/psp-privileged-container (enforcementAction deny) on Pod/nginx-privileged-disallowed: ${msg}`,
        message: msg,
        status: 'deny',
        target: 'Pod/nginx-privileged-disallowed',
        subject: 'gatekeeper',
        file: `${PRIV_S}/example_disallowed.yaml`,
        startLine: 3,
        endLine: 6
      }
    ])
  })

  it('deny is CRITICAL, warn MEDIUM, dryrun LOW; each violation at its own object and file', () => {
    const findings = parseGatorReport(recorded('gator-3.23.0-library-mixed.json'), 'out.json', objects)
    const rows = findings
      .map(f => [f.ruleId, f.status, f.severity, f.file, f.startLine, f.message].join(' | '))
      .sort()
    expect(rows).toEqual(
      [
        `K8sContainerLimits/container-must-have-limits | warn | MEDIUM | ${LIM_S}/example_disallowed.yaml | 3 | container <opa> memory limit <2Gi> is higher than the maximum allowed of <1Gi>`,
        `K8sContainerLimits/container-must-have-limits | warn | MEDIUM | ${PRIV_S}/example_disallowed.yaml | 3 | container <nginx-init> has no resource limits`,
        `K8sContainerLimits/container-must-have-limits | warn | MEDIUM | ${PRIV_S}/example_disallowed.yaml | 3 | container <nginx> has no resource limits`,
        `K8sContainerLimits/container-must-have-limits | warn | MEDIUM | ${RO_S}/example_disallowed.yaml | 3 | container <nginx> has no resource limits`,
        `K8sPSPPrivilegedContainer/psp-privileged-container | deny | CRITICAL | ${PRIV_S}/example_disallowed.yaml | 3 | Privileged container is not allowed: nginx, securityContext.privileged: true, Privileged container is not allowed: nginx-init, securityContext.privileged: true`,
        `K8sPSPReadOnlyRootFilesystem/psp-readonlyrootfilesystem | dryrun | LOW | ${LIM_S}/example_allowed.yaml | 3 | only read-only root filesystem container is allowed: opa`,
        `K8sPSPReadOnlyRootFilesystem/psp-readonlyrootfilesystem | dryrun | LOW | ${LIM_S}/example_disallowed.yaml | 3 | only read-only root filesystem container is allowed: opa`,
        `K8sPSPReadOnlyRootFilesystem/psp-readonlyrootfilesystem | dryrun | LOW | ${PRIV_S}/example_disallowed.yaml | 3 | only read-only root filesystem container is allowed: nginx, nginx-init`,
        `K8sPSPReadOnlyRootFilesystem/psp-readonlyrootfilesystem | dryrun | LOW | ${RO_S}/example_disallowed.yaml | 3 | only read-only root filesystem container is allowed: nginx`
      ].sort()
    )
    // As many findings as gator reported violations: none lost, none invented.
    expect(findings).toHaveLength(
      (JSON.parse(recorded('gator-3.23.0-library-mixed.json')) as unknown[]).length
    )
  })

  it('scoped: the action at the admission webhook (validation.gatekeeper.sh or *) sets the severity', () => {
    const [finding, ...rest] = parseGatorReport(
      recorded('gator-3.23.0-privileged-scoped.json'),
      'out.json',
      objects
    )
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'CRITICAL',
      status: 'scoped',
      file: `${PRIV_S}/example_disallowed.yaml`
    })
    expect(finding!.description).toContain('(enforcementAction scoped: deny at admission)')
    // The same report with the deny scoped to audit only: the webhook only warns.
    const auditOnly = recorded('gator-3.23.0-privileged-scoped.json').replaceAll(
      '"name": "*"',
      '"name": "audit.gatekeeper.sh"'
    )
    expect(parseGatorReport(auditOnly, 'out.json', objects)[0]).toMatchObject({ severity: 'MEDIUM' })
  })

  it('expansion: a Deployment judged through its pod template is reported at the Deployment', () => {
    const deployment = {
      path: 'k8s/deployment.yaml',
      text: readFileSync('__fixtures__/e2e/repo/k8s/deployment.yaml', 'utf8')
    }
    const findings = parseGatorReport(
      recorded('gator-3.23.0-expansion-deployment.json'),
      'out.json',
      stageObjects([deployment]).objects
    )
    expect(
      findings.map(f => [f.ruleId, f.severity, f.target, f.file, f.startLine, f.endLine, f.message])
    ).toEqual([
      [
        'K8sPSPPrivilegedContainer/psp-privileged-container',
        'CRITICAL',
        'Deployment/web',
        'k8s/deployment.yaml',
        3,
        6,
        '[Implied by expand-deployments] Privileged container is not allowed: web, securityContext.privileged: true'
      ]
    ])
  })

  it('a violation of an object it cannot locate keeps no file rather than a wrong one', () => {
    const [finding] = parseGatorReport(recorded('gator-3.23.0-privileged-disallowed.json'), 'out.json', [])
    expect(finding).toMatchObject({ target: 'Pod/nginx-privileged-disallowed', severity: 'CRITICAL' })
    expect(finding!.file).toBeUndefined()
  })

  it('malformed output is a ToolError naming the file', () => {
    const text = recorded('gator-3.23.0-privileged-disallowed.json')
    expect(() => parseGatorReport(text.slice(0, text.length / 2), 'gator output', objects)).toThrow(
      /^gator output is not valid JSON: it ends before the JSON is complete \(\d+ characters: truncated\?\)\.$/
    )
    expect(() => parseGatorReport(text.slice(0, 100), 'gator output', objects)).toThrow(ToolError)
    expect(() => parseGatorReport('{"msg": "x"}', 'gator output', objects)).toThrow(
      /^gator output is not gator test JSON output/
    )
    expect(() => parseGatorReport('[{"msg": "x"}]', 'gator output', objects)).toThrow(ToolError)
    expect(() => parseGatorReport('', 'gator output', objects)).toThrow('gator output is empty')
  })
})

interface RecordedRun {
  argv: string[]
  exitCode: number
  stdout: string
  stderr: string
}
const run = (name: string) => JSON.parse(recorded(`gator-3.23.0-${name}.json`)) as RecordedRun

describe('explainGatorFailure on recorded gator 3.23.0 errors', () => {
  const broken = {
    path: 'broken-template.yaml',
    text: [
      'apiVersion: templates.gatekeeper.sh/v1',
      'kind: ConstraintTemplate',
      'metadata:',
      '  name: broken',
      'spec:',
      '  crd:',
      '    spec:',
      '      names:',
      '        kind: Broken',
      ''
    ].join('\n')
  }

  it('an invalid template: names the file and line of the template and keeps rego’s message', () => {
    const recordedRun = run('error-invalid-template')
    expect(recordedRun).toMatchObject({ exitCode: 1, stdout: '' })
    const error = explainGatorFailure(recordedRun.stderr, indexPolicies([broken]))
    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error!.message).toMatch(
      /^Input 'gatekeeper-policies': gator refused the ConstraintTemplate "broken" in broken-template\.yaml:1: invalid ConstraintTemplate: 1 error occurred: template:2: rego_parse_error: unexpected identifier token/
    )
  })

  it('a constraint without its template: names the constraint’s file', () => {
    const index = {
      templates: new Map(),
      constraints: new Map([
        [
          'K8sPSPPrivilegedContainer/psp-privileged-container',
          { file: 'privileged-constraint.yaml', line: 1 }
        ]
      ])
    }
    expect(explainGatorFailure(run('error-missing-template').stderr, index)?.message).toBe(
      `Input 'gatekeeper-policies': gator refused the constraint "psp-privileged-container" in privileged-constraint.yaml:1: missing ConstraintTemplate: template "k8spspprivilegedcontainer" not found`
    )
  })

  it('anything else is left to the generic message (stderr)', () => {
    expect(
      explainGatorFailure(run('error-object-without-version').stderr, indexPolicies([broken]))
    ).toBeUndefined()
  })
})

describe('runScans with a gator job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gator-test-'))
  // The workspace: a copy of the library folder, so test files can be added to it.
  const workspace = join(dir, 'workspace')
  cpSync(GK, workspace, { recursive: true })
  const policies = [`${PRIV}/template.yaml`, `${PRIV_S}/constraint.yaml`]
  const manifests = [`${PRIV_S}/example_disallowed.yaml`, `${PRIV_S}/example_allowed.yaml`]
  const plan = (extra: string[] = []) =>
    planScans({
      images: [],
      imageInputs: [],
      configPaths: [],
      dockerfiles: [],
      reportDir: dir,
      trivy: trivy(dir),
      gatekeeper: { policies: [...policies, ...extra], manifests }
    })
  const deps = (exec: Exec) => ({
    exec,
    binaries: { trivy: 't', hadolint: 'h', gator: '/opt/gator' },
    cwd: workspace
  })

  it('stages the objects, runs gator with its argv and locates violations; exit 1 is only data', async () => {
    const exec = jest.fn<Exec>(async () => ({
      exitCode: 1,
      stdout: recorded('gator-3.23.0-privileged-disallowed.json'),
      stderr: ''
    }))
    const [outcome] = await runScans(plan(), deps(exec))
    const objectsFile = join(dir, '01-gator-objects.yaml')
    expect(exec).toHaveBeenCalledWith('/opt/gator', gatorTestArgs(policies, objectsFile), {
      cwd: workspace,
      env: undefined
    })
    const staged = parseAllDocuments(readFileSync(objectsFile, 'utf8')).map(
      d => (d.toJS() as { metadata: { name: string } }).metadata.name
    )
    expect(staged).toEqual(['nginx-privileged-disallowed', 'nginx-privileged-allowed'])
    expect(outcome!.exitCode).toBe(1)
    expect(outcome!.findings.map(f => [f.ruleId, f.severity, f.file, f.startLine])).toEqual([
      ['K8sPSPPrivilegedContainer/psp-privileged-container', 'CRITICAL', manifests[0], 3]
    ])
  })

  it('a bad policy file stops the run before any tool starts', async () => {
    const extra = 'pod-as-policy.yaml'
    writeFileSync(join(workspace, extra), readFileSync(join(GK, manifests[0]!)))
    const exec = jest.fn<Exec>()
    await expect(runScans(plan([extra]), deps(exec))).rejects.toThrow(
      new ConfigurationError(
        `Input 'gatekeeper-policies': ${extra}:1 holds a Pod (v1): expected only Gatekeeper ConstraintTemplates (templates.gatekeeper.sh) and Constraints (constraints.gatekeeper.sh). Objects to check belong in 'manifests'.`
      )
    )
    await expect(runScans(plan(['missing.yaml']), deps(exec))).rejects.toThrow(
      /^gator \(Gatekeeper policies \(3 files\) on 2 manifests\): missing\.yaml does not exist\.$/
    )
    expect(exec).not.toHaveBeenCalled()
  })

  it('a policy file that links outside the workspace is refused, not read', async () => {
    writeFileSync(join(dir, 'outside.yaml'), readFileSync(join(GK, `${PRIV}/template.yaml`)))
    symlinkSync(join(dir, 'outside.yaml'), join(workspace, 'linked-template.yaml'))
    const exec = jest.fn<Exec>()
    await expect(runScans(plan(['linked-template.yaml']), deps(exec))).rejects.toThrow(
      /^gator \(.*\): linked-template\.yaml is a symbolic link \(or lies under one\) that leads outside the workspace\./
    )
    expect(exec).not.toHaveBeenCalled()
  })

  it('a run that prints nothing is explained by the policy file it failed on', async () => {
    const exec = jest.fn<Exec>(async () => ({
      exitCode: 1,
      stdout: '',
      stderr: run('error-missing-template').stderr
    }))
    await expect(runScans(plan(), deps(exec))).rejects.toThrow(
      `gator refused the constraint "psp-privileged-container" in ${PRIV_S}/constraint.yaml:1`
    )
  })
})
