/**
 * The step, as a story of named stages: read the inputs, load the policy, choose the files, scan,
 * check, decide, report, publish, conclude. Every decision is made elsewhere (the verdict in
 * policy/, the content in report/); this file wires the stages together, writes the outputs and
 * is the only place that calls setFailed.
 */
import * as core from './workflow-commands.js'
import { baseImageScopeWarning, buildSettings } from './checks/base-images/build.js'
import { hasBaseImageRules } from './checks/base-images/rules.js'
import { placeImageFindings, type PlacementInput } from './checks/image-origin/run.js'
import { runChecks, type CheckResults, type SignatureRun } from './checks/run.js'
import { destinations, publishEverywhere, setOutputs, writeReports, type Settings } from './deliver.js'
import { failureMessage } from './errors.js'
import { uniqueFindings, type Finding, type ScannedSubject } from './findings/model.js'
import { connectGitHub, type GitHubConnection } from './github/connect.js'
import { readFirstSeen } from './github/publish.js'
import { readInputs, type Inputs } from './inputs/read.js'
import { escapeCommandData, log, systemClock, type Clock } from './log.js'
import { applyOverrides } from './policy/defaults.js'
import { evaluate } from './policy/evaluate.js'
import { readPolicy } from './policy/read.js'
import type { Policy, Verdict } from './policy/types.js'
import { headline } from './report/headline.js'
import { verdictLines } from './report/log-verdict.js'
import { importReports, type ImportedReports } from './scanners/import.js'
import { scan, startToolCacheChecks, type Scanned } from './scanners/scan.js'
import type { SigningReport } from './sign/run.js'
import { signingFailure } from './sign/run.js'
import { prepareSigstore, signIfPassed, sigstoreImages, type Sigstore } from './sign/stage.js'
import { execTool } from './tools/exec.js'
import { startInstalls } from './tools/toolset.js'
import { prepareRunPaths } from './workspace/run-dirs.js'
import { checkImageInputs, resolveScope, type Scope } from './workspace/scope.js'
import { readableFiles } from './workspace/sources.js'

/** The inputs, with the token masked and what the reading had to say logged. */
function readActionInputs(): Inputs {
  const inputs = readInputs(name => core.getInput(name))
  if (inputs.githubToken) log.mask(inputs.githubToken)
  for (const warning of inputs.warnings) log.warning(warning)
  for (const note of inputs.notes) log.info(note)
  return inputs
}

/** The policy file (or the defaults) with the fail-on and ignore-unfixed inputs applied. */
async function loadPolicy(inputs: Inputs, workspace: string): Promise<Policy> {
  return applyOverrides(await readPolicy(inputs.policyPath, workspace), {
    failOn: inputs.failOn,
    ignoreUnfixed: inputs.ignoreUnfixed
  })
}

/** The inputs, this run's folders and the policy: everything later stages are told. */
async function readSettings(): Promise<Settings> {
  const inputs = readActionInputs()
  const paths = await prepareRunPaths()
  const policy = await loadPolicy(inputs, paths.workspace)
  log.info(`Mode: ${inputs.mode}. Policy: ${policy.source}.`)
  const ignores = policy.ignores.length
  if (ignores > 0) log.info(`${ignores} ignore entr${ignores === 1 ? 'y' : 'ies'} in the policy.`)
  return { inputs, paths, policy }
}

/** The files in scope, warning when the policy's base-image rules have no Dockerfile to apply to. */
async function chooseFiles(inputs: Inputs, policy: Policy, workspace: string): Promise<Scope> {
  const scope = await resolveScope(inputs, workspace)
  const scopeWarning = baseImageScopeWarning(inputs, policy.baseImages, scope.dockerfiles)
  if (scopeWarning) log.warning(scopeWarning)
  checkImageInputs(inputs, workspace)
  return scope
}

function warnIfNothingToCheck(inputs: Inputs, scope: Scope): void {
  const checkable = [
    inputs.images,
    inputs.imageInputs,
    inputs.configPaths,
    inputs.reports,
    scope.dockerfiles,
    scope.manifests,
    scope.kustomize.builds
  ]
  if (checkable.every(list => list.length === 0)) {
    log.warning(
      'Nothing to check: set image, image-input, config-path, dockerfile, manifests (with gatekeeper-policies) or report.'
    )
  }
}

interface InScope {
  scope: Scope
  imported: ImportedReports
  /** The Dockerfiles hadolint lints: those the safe read accepts, none when hadolint is off. */
  lintable: string[]
}

/** What this run looks at: the repository's files in scope and the imported reports. */
async function selectFiles({ inputs, policy, paths }: Settings): Promise<InScope> {
  const scope = await chooseFiles(inputs, policy, paths.workspace)
  const list = (what: string, files: readonly string[]) =>
    files.length > 0 &&
    log.info(`${what} (${files.length}): ${files.slice(0, 20).join(', ')}${files.length > 20 ? ', …' : ''}`)
  list('Dockerfiles', scope.dockerfiles)
  list('Kubernetes manifests', scope.manifests)
  list(
    'Kustomizations (rendered with kustomize build)',
    scope.kustomize.builds.map(b => b.kustomization)
  )
  list('Gatekeeper policy files', scope.gatekeeperPolicies)
  const imported = await importReports(inputs.reports, paths.workspace, log.info)
  warnIfNothingToCheck(inputs, scope)
  // hadolint reads the files itself: only those the safe read accepts (runChecks reports the rest).
  // Choosing Dockerfiles and linting them are two decisions: hadolint: false keeps the base-image rules.
  const lintable = inputs.hadolint ? readableFiles(paths.workspace, scope.dockerfiles) : []
  return { scope, imported, lintable }
}

/** What the signature check verifies with: the settled rules, the scanned digests, the installed cosign. */
function signatureRun(
  sigstore: Sigstore,
  images: Awaited<ReturnType<typeof sigstoreImages>>,
  tools: Scanned['paths']
): SignatureRun | undefined {
  if (sigstore.verification.rules.length === 0) return undefined
  // Rules without cosign would pass every image unverified: that is a bug, never a skip.
  if (!tools.cosign) throw new Error('cosign was not installed, though signature rules apply.')
  return { settings: sigstore.verification, scanned: images, exec: execTool, cosign: tools.cosign }
}

/**
 * What reading an image's provenance needs: this repository (to trust only provenance naming it)
 * and crane, installed verified the first time an image needs it (most runs never do).
 */
function provenanceReader(inputs: Inputs, clock: Clock): Pick<PlacementInput, 'repository' | 'crane'> {
  const name = process.env.GITHUB_REPOSITORY ?? ''
  const serverUrl = process.env.GITHUB_SERVER_URL ?? 'https://github.com'
  let installing: Promise<string> | undefined
  const crane = async () => {
    // Inside the checks' group (groups do not nest): the install says where crane came from.
    installing ??= startInstalls(['crane'], inputs.tools, undefined, clock)
      .all()
      .then(t => t.paths.crane!)
    return { crane: await installing, exec: execTool }
  }
  return { ...(/^[^/]+\/[^/]+$/.test(name) ? { repository: { serverUrl, name } } : {}), crane }
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The scanners' and the imported reports' findings through the action's own checks, each once. */
async function check(
  { inputs, policy, paths }: Settings,
  scope: Scope,
  found: readonly Finding[],
  signatures?: SignatureRun,
  rendered: Scanned['kustomize'] = { builds: [], failed: [] }
): Promise<CheckResults> {
  const { dockerfiles, charts } = scope
  // A patch file no build shows is judged as the manifest it is (scanners/kustomize-patches.ts).
  const manifests = [...scope.manifests, ...(rendered.unappliedPatches ?? [])]
  const kustomize = { rendered, refused: scope.kustomize.refused, takesIn: scope.kustomize.takesIn }
  const checks = await runChecks(
    found,
    policy,
    paths.workspace,
    { dockerfiles, manifests, charts, linted: inputs.hadolint, kustomize },
    buildSettings(inputs),
    signatures
  )
  const { findings, repeats } = uniqueFindings(checks.findings)
  if (repeats > 0)
    log.info(
      `${repeats} findings were reported more than once (the same finding in the same place); each is counted once.`
    )
  const ruleFamilies: Record<string, string> = {
    admission: 'Admission rules',
    'base-images': 'Base-image rules'
  }
  for (const s of checks.subjects) {
    const own = findings.filter(f => f.tool === s.tool && f.subject === s.subject).length
    log.info(`${ruleFamilies[s.subject] ?? s.subject}: ${count(own, 'finding')}.`)
  }
  for (const line of checksNotRun(policy, checks.subjects)) log.info(line)
  return { ...checks, findings }
}

/** Why a family of the action's own rules judged nothing, so an empty group is not a mystery. */
function checksNotRun(policy: Policy, subjects: readonly ScannedSubject[]): string[] {
  const ran = new Set(subjects.map(s => s.subject))
  const lines: string[] = []
  if (!ran.has('base-images'))
    lines.push(
      hasBaseImageRules(policy.baseImages)
        ? 'Base-image rules: not run, no Dockerfile in scope.'
        : 'Base-image rules: not run, the policy has none (base-images.allow, base-images.require-digest).'
    )
  if (!ran.has('admission')) lines.push('Admission rules: not run, no Kubernetes manifest in scope.')
  return lines
}

/** Every finding decided by the policy, with first-seen dates from code scanning when on GitHub. */
async function decide(
  { inputs, policy }: Settings,
  github: GitHubConnection | undefined,
  findings: readonly Finding[],
  now: Date
): Promise<Verdict> {
  const firstSeen = await readFirstSeen(github, inputs.github, findings)
  if (firstSeen) log.info(`First-seen dates from code scanning: ${firstSeen.size} findings.`)
  const verdict = evaluate(findings, policy, { mode: inputs.mode, firstSeen }, now)
  const by = (action: string) => verdict.decisions.filter(d => d.action === action).length
  log.info(
    `${count(findings.length, 'finding')}: ${by('block')} block, ${by('warn')} warn, ${by('record')} recorded, ${by('ignore')} ignored.`
  )
  for (const expired of verdict.expiredIgnores)
    log.info(
      `Expired ignore, no longer applied: ${expired.id} (${expired.source}, expired ${expired.expires ?? '?'}).`
    )
  return verdict
}

/** The step's outcome: the headline, failing the step only when the verdict fails and `fail` is on;
 * a passing gate whose signing was asked for and did not complete fails too (nothing downstream
 * would accept the image). */
function conclude(verdict: Verdict, fail: boolean, signing?: SigningReport): void {
  const unsigned = signingFailure(signing)
  // The headline names files and images: it goes through the log boundary like any line.
  const sentence = headline(verdict)
  if (verdict.outcome === 'fail' && fail) core.setFailed(escapeCommandData(sentence))
  else if (unsigned) core.setFailed(escapeCommandData(unsigned))
  else if (verdict.outcome === 'fail')
    log.warning(`${sentence} (not failing the step: input 'fail' is false)`)
}

export async function run(now: Date = new Date(), clock: Clock = systemClock): Promise<void> {
  try {
    const stage = <T>(title: string, work: () => Promise<T>, done?: (result: T) => string) =>
      log.stage(title, work, { clock, ...(done ? { done } : {}) })
    const settings = await stage('Inputs and policy', readSettings)
    const { inputs, paths } = settings
    // Checking a cached Trivy takes longest of a warm run and runs nothing: it starts now.
    const early = startToolCacheChecks(inputs, clock)
    const files = await stage('Files in scope', () => selectFiles(settings))
    const { scope, imported } = files
    const sigstore = prepareSigstore(inputs, settings.policy.signatures, paths)
    const toScan = { ...scope, dockerfiles: files.lintable }
    const scanned = await scan(inputs, paths, toScan, { now, clock, alsoInstall: sigstore.tools, early })
    const images = await sigstoreImages(sigstore, scanned.outcomes)
    const found = [...imported.findings, ...scanned.findings]
    const signatures = signatureRun(sigstore, images, scanned.paths)
    const checksTitle = `Checks: base images, admission rules${signatures ? ', signatures' : ''}`
    const { dockerfileFor } = inputs
    const placing = {
      dockerfileFor,
      dockerfiles: scope.dockerfiles,
      outcomes: scanned.outcomes,
      ...paths,
      ...provenanceReader(inputs, clock)
    }
    const checked = await stage(checksTitle, async () =>
      check(
        settings,
        scope,
        await placeImageFindings(found, placing, log.info),
        signatures,
        scanned.kustomize
      )
    )
    const github = await connectGitHub(inputs.github, inputs.githubToken)
    const verdict = await stage('Policy', () => decide(settings, github, checked.findings, now))
    const subjects = [...imported.subjects, ...scanned.subjects, ...checked.subjects]
    const signing = await signIfPassed(sigstore, verdict, images.registry, { tools: scanned.paths, paths })
    const written = await stage('Reports: SARIF, JSON, artifact', () =>
      writeReports(settings, { verdict, subjects, scanned, now, checked })
    )
    const published = await stage('Publish: code scanning, comment, summary, annotations', () =>
      publishEverywhere(settings, github, { verdict, subjects, written, notes: checked.notes, now, signing })
    )
    setOutputs(verdict, written, published.github, signing)
    for (const line of verdictLines(verdict, destinations(inputs, written, published))) log.info(line)
    conclude(verdict, inputs.fail, signing)
  } catch (error) {
    // One message saying whose it is to fix; stack traces stay in debug output.
    if (error instanceof Error && error.stack) log.debug(error.stack)
    core.setFailed(escapeCommandData(failureMessage(error)))
  }
}
