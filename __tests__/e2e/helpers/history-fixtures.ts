/**
 * The history fixtures (issue 17) as designed: for each image e2e/cmd/e2e-fixtures builds from a
 * Dockerfile under e2e/repos, the history entries its last stage adds (with the Dockerfile line
 * each comes from) and the line each vulnerability belongs on. history-fixtures.test.ts proves the
 * images and the recordings match this table; the action's own end-to-end tests for issue 17 can
 * take their expected lines from it. e2e/HISTORY.md explains the facts behind it.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO, type E2eEnv } from './harness.js'

export const TRIVY_VERSION = '0.74.0'
export const CRANE_VERSION = '0.22.1'
export const RECORDED = join(REPO, '__fixtures__/recorded')

/** One history entry the last stage adds, in order. */
export interface DesignEntry {
  /** 1-based line of the instruction in the Dockerfile (its first line when continued). */
  line: number
  /** created_by exactly as BuildKit writes it. */
  createdBy: string
  /** true when the entry made a layer (empty_layer absent). */
  layer: boolean
}

export interface HistoryDesign {
  /** The fixture repository, relative to the project. */
  repository: string
  /** The Dockerfile inside the repository. */
  dockerfile: string
  /** The fixture image the last FROM names; null for FROM scratch. */
  base: string | null
  /** Line of the last stage's FROM. */
  fromLine: number
  entries: DesignEntry[]
  /** `<vulnerability> <package>` -> the Dockerfile line the finding belongs on. */
  findings: Record<string, number>
  /** The image config has no history at all (the layers are history-app's). */
  noHistory?: boolean
  /** BuildKit provenance in the OCI index: SLSA version and where the Dockerfile path is. */
  provenance?: 'v1' | 'v0.2'
}

const APP_RUN =
  'RUN |1 DEBIAN_FRONTEND=noninteractive /bin/sh -c apt-get update ' +
  '    && apt-get install -y --no-install-recommends libidn2-0 ' +
  '    && rm -rf /var/lib/apt/lists/* # buildkit'

const APP: HistoryDesign = {
  repository: 'e2e/repos/history',
  dockerfile: 'services/app/Dockerfile',
  base: 'history-debian',
  fromLine: 2,
  entries: [
    { line: 4, createdBy: 'ARG DEBIAN_FRONTEND=noninteractive', layer: false },
    { line: 5, createdBy: 'ENV APP_HOME=/srv/app', layer: false },
    { line: 6, createdBy: 'WORKDIR /srv/app', layer: true },
    { line: 7, createdBy: APP_RUN, layer: true },
    { line: 10, createdBy: 'COPY app/ ./ # buildkit', layer: true },
    { line: 11, createdBy: 'USER 65534', layer: false },
    { line: 12, createdBy: 'CMD ["./run.sh"]', layer: false }
  ],
  findings: { 'CVE-2019-18276 bash': 2, 'CVE-2019-18224 libidn2-0': 7 }
}

const API = (provenance: 'v1' | 'v0.2'): HistoryDesign => ({
  repository: 'e2e/repos/history',
  dockerfile: 'services/api/Dockerfile',
  base: 'history-debian-idn',
  fromLine: 1,
  entries: [
    { line: 2, createdBy: 'COPY --chown=65534:65534 api/ /srv/api/ # buildkit', layer: true },
    { line: 3, createdBy: 'EXPOSE [8080/tcp]', layer: false },
    { line: 4, createdBy: 'USER 65534', layer: false },
    { line: 5, createdBy: 'ENTRYPOINT ["/srv/api/serve.sh"]', layer: false }
  ],
  // Both packages come with the base (libidn2-0 from the base's own RUN): the FROM line.
  findings: { 'CVE-2019-18276 bash': 1, 'CVE-2019-18224 libidn2-0': 1 },
  provenance
})

export const HISTORY_DESIGN: Record<string, HistoryDesign> = {
  'history-debian': {
    repository: 'e2e/repos/base',
    dockerfile: 'debian/Dockerfile',
    base: null,
    fromLine: 1,
    entries: [
      { line: 2, createdBy: 'ADD rootfs/ / # buildkit', layer: true },
      { line: 3, createdBy: 'CMD ["bash"]', layer: false }
    ],
    // FROM scratch brings no layer: the root filesystem's packages come from the ADD.
    findings: { 'CVE-2019-18276 bash': 2 }
  },
  'history-debian-idn': {
    repository: 'e2e/repos/base',
    dockerfile: 'debian-idn/Dockerfile',
    base: 'history-debian',
    fromLine: 1,
    entries: [
      {
        line: 2,
        createdBy:
          'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends libidn2-0 && rm -rf /var/lib/apt/lists/* # buildkit',
        layer: true
      }
    ],
    findings: { 'CVE-2019-18276 bash': 1, 'CVE-2019-18224 libidn2-0': 2 }
  },
  'history-app': APP,
  // The same Dockerfile built a day later, pushed as container-gate/history-app:2: other layer
  // digests, the same history and lines.
  'history-app-rebuilt': APP,
  // history-app's layers without any history: nothing says which line made which layer.
  'history-nohistory': { ...APP, entries: [], findings: {}, noHistory: true },
  'history-worker': {
    repository: 'e2e/repos/history',
    dockerfile: 'services/worker/Dockerfile',
    base: 'history-debian',
    fromLine: 6,
    entries: [
      // Line 2 (the build stage) has the very same RUN: only the last stage's line made a layer.
      {
        line: 7,
        createdBy:
          'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends libidn2-0 # buildkit',
        layer: true
      },
      // COPY --from=<stage> is written without its --from.
      { line: 8, createdBy: 'COPY /out/worker /usr/local/bin/worker # buildkit', layer: true },
      { line: 9, createdBy: 'USER nobody', layer: false },
      { line: 10, createdBy: 'ENTRYPOINT ["/usr/local/bin/worker"]', layer: false }
    ],
    findings: { 'CVE-2019-18276 bash': 6, 'CVE-2019-18224 libidn2-0': 7 }
  },
  'history-api': API('v1'),
  'history-api-slsa02': API('v0.2')
}

/** The subset of Trivy's JSON report the history fixtures are about. */
export interface TrivyHistoryEntry {
  created?: string
  created_by?: string
  comment?: string
  empty_layer?: boolean
}
export interface TrivyVulnerability {
  VulnerabilityID: string
  PkgName: string
  InstalledVersion: string
  Layer?: { Digest?: string; DiffID?: string }
  Fingerprint?: string
}
export interface TrivyImageReport {
  ArtifactName: string
  Metadata: {
    ImageID: string
    DiffIDs: string[]
    RepoDigests?: string[]
    Layers?: { Size?: number; Digest?: string; DiffID: string }[]
    ImageConfig: {
      history?: TrivyHistoryEntry[]
      rootfs: { diff_ids: string[] }
      config: { Labels?: Record<string, string> }
    }
  }
  Results?: { Target: string; Vulnerabilities?: TrivyVulnerability[] }[]
}

/** What e2e-fixtures wrote to history.json for one image. */
export interface HistoryFacts {
  repository: string
  dockerfile: string
  base?: string
  baseRef?: string
  image: string
  index?: string
  attestation?: string
  statement?: string
  noHistory?: boolean
}

export function historyFacts(): Record<string, HistoryFacts> {
  const file = process.env.E2E_HISTORY_FIXTURES
  if (!file) throw new Error('E2E_HISTORY_FIXTURES is not set: run the e2e suite with `npm run test:e2e`.')
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, HistoryFacts>
}

function tool(name: 'E2E_TRIVY' | 'E2E_CRANE'): string {
  const bin = process.env[name]
  if (!bin) throw new Error(`${name} is not set: run the e2e suite with \`npm run test:e2e\`.`)
  return bin
}

/**
 * `trivy image --format json` of a reference (or, with input, a docker-save tarball or OCI
 * layout), offline against the e2e DB as image.test.ts runs it. With output the report is
 * written there by Trivy itself (a recording); the parsed report is returned either way.
 */
export function trivyImage(
  env: E2eEnv,
  cacheDir: string,
  target: { reference: string } | { input: string; cwd: string },
  output: string
): TrivyImageReport {
  const args = [
    'image',
    '--cache-dir',
    cacheDir,
    '--db-repository',
    env.dbRepository,
    '--skip-java-db-update',
    '--skip-check-update',
    '--skip-version-check',
    '--disable-telemetry',
    '--quiet',
    '--format',
    'json',
    '--output',
    output
  ]
  if ('reference' in target) execFileSync(tool('E2E_TRIVY'), [...args, target.reference])
  else execFileSync(tool('E2E_TRIVY'), [...args, '--input', target.input], { cwd: target.cwd })
  return JSON.parse(readFileSync(output, 'utf8')) as TrivyImageReport
}

/** crane's stdout for args (the registry is plain HTTP on loopback). */
export function crane(args: string[]): string {
  return execFileSync(tool('E2E_CRANE'), [...args, '--insecure'], { encoding: 'utf8' })
}

/**
 * The instruction starting at line (1-based) as BuildKit's parser joins it: each escaped newline
 * removed with the escape character, the next line appended as it is (its indentation kept),
 * comment lines inside the instruction dropped.
 */
export function logicalLine(dockerfile: string, line: number): string {
  const lines = dockerfile.split('\n')
  let text = ''
  for (let i = line - 1; i < lines.length; i++) {
    const raw = lines[i]!
    if (i > line - 1 && raw.trimStart().startsWith('#')) continue
    if (raw.endsWith('\\')) {
      text += raw.slice(0, -1)
      continue
    }
    return text + raw
  }
  return text
}

/**
 * The history entry each layer came from: the index in history of the k-th entry that is not
 * empty_layer, for each k of rootfs.diff_ids. null when the counts differ (the history cannot be
 * trusted to describe the layers).
 */
export function layerEntries(history: TrivyHistoryEntry[], diffIDs: string[]): number[] | null {
  const made = history.flatMap((h, i) => (h.empty_layer ? [] : [i]))
  return made.length === diffIDs.length ? made : null
}
