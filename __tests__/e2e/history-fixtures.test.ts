/**
 * The history fixtures of issue 17 are what they claim to be: images whose config history is
 * BuildKit's for the Dockerfiles under e2e/repos (built by e2e/cmd/e2e-fixtures, see
 * e2e/HISTORY.md), scanned by the real Trivy 0.74.0. Each check reads the recordings in
 * __fixtures__/recorded (which the action's unit tests can use) and the last one proves a fresh
 * scan of this run's images still gives exactly what they say.
 *
 * To record again (after changing the fixtures), with the registry on the port the recordings name:
 *   E2E_RECORD=1 E2E_REGISTRY_PORT=5111 E2E_NODES=20 npm run test:e2e -- history-fixtures
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { e2eEnv, REPO } from './helpers/harness.js'
import {
  crane,
  CRANE_VERSION,
  HISTORY_DESIGN,
  historyFacts,
  layerEntries,
  logicalLine,
  RECORDED,
  TRIVY_VERSION,
  trivyImage,
  type TrivyImageReport
} from './helpers/history-fixtures.js'

const env = e2eEnv()
const facts = historyFacts()
const NAMES = Object.keys(HISTORY_DESIGN)
const RECORD = process.env.E2E_RECORD === '1'
const cacheDir = mkdtempSync(join(tmpdir(), 'cg-history-trivy-'))

const trivyFile = (name: string) => join(RECORDED, `trivy-${TRIVY_VERSION}-${name}.json`)
const INPUT_FILE = trivyFile('history-nohistory-input')
const craneFile = (name: string, what: 'index' | 'attestation' | 'provenance') =>
  join(RECORDED, `crane-${CRANE_VERSION}-${name}-${what}.json`)
const PROVENANCE = NAMES.filter(n => HISTORY_DESIGN[n]!.provenance)

const load = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as TrivyImageReport
const recorded = (name: string) => load(trivyFile(name))
const history = (r: TrivyImageReport) => r.Metadata.ImageConfig.history ?? []
const vulns = (r: TrivyImageReport) => (r.Results ?? []).flatMap(x => x.Vulnerabilities ?? [])
const reference = (name: string) => env.fixtures.images[name]!.reference

/** The value at a path of keys in parsed JSON (undefined where the path leaves it). */
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value
  )
}

/** The index, the attestation manifest and its in-toto layer, as the registry serves them. */
function provenanceFromRegistry(name: string): { index: string; attestation: string; statement: string } {
  const repo = reference(name).replace(/:1$/, '')
  const index = crane(['manifest', reference(name)])
  const attestation = crane(['manifest', `${repo}@${facts[name]!.attestation!}`])
  const layers = (JSON.parse(attestation) as { layers: { digest: string }[] }).layers
  return { index, attestation, statement: crane(['blob', `${repo}@${layers[0]!.digest}`]) }
}

beforeAll(() => {
  if (!RECORD) return
  for (const name of NAMES) trivyImage(env, cacheDir, { reference: reference(name) }, trivyFile(name))
  const tarball = env.fixtures.images['history-nohistory']!.tarball
  trivyImage(env, cacheDir, { input: 'history-nohistory.tar', cwd: dirname(tarball) }, INPUT_FILE)
  for (const name of PROVENANCE) {
    const p = provenanceFromRegistry(name)
    writeFileSync(craneFile(name, 'index'), p.index)
    writeFileSync(craneFile(name, 'attestation'), p.attestation)
    writeFileSync(craneFile(name, 'provenance'), p.statement)
  }
})

describe('history fixtures (issue 17)', () => {
  it.each(NAMES)(
    "%s: the history is the base image's, then the last stage's instructions line by line",
    name => {
      const design = HISTORY_DESIGN[name]!
      const r = recorded(name)
      if (design.noHistory) {
        expect(r.Metadata.ImageConfig.history).toBeUndefined()
        return
      }
      const base = design.base ? history(recorded(design.base)) : []
      const own = history(r).slice(base.length)
      // The base's entries come first, untouched (their times too).
      expect(history(r).slice(0, base.length)).toEqual(base)
      expect(own.map(h => ({ createdBy: h.created_by, layer: !h.empty_layer }))).toEqual(
        design.entries.map(e => ({ createdBy: e.createdBy, layer: e.layer }))
      )
      expect(new Set(own.map(h => h.comment))).toEqual(new Set(['buildkit.dockerfile.v0']))

      const dockerfile = readFileSync(join(REPO, design.repository, design.dockerfile), 'utf8')
      // Only the last stage makes the image: its FROM is the file's last, every entry comes after it.
      const froms = dockerfile.split('\n').flatMap((l, i) => (/^FROM /.test(l) ? [i + 1] : []))
      expect(froms.at(-1)).toBe(design.fromLine)
      for (const e of design.entries) {
        expect(e.line).toBeGreaterThan(design.fromLine)
        const instruction = logicalLine(dockerfile, e.line)
        const keyword = e.createdBy.split(' ')[0]!
        expect(instruction.split(' ')[0]).toBe(keyword)
        if (keyword === 'RUN') {
          // RUN <shell form> is written as /bin/sh -c and the joined line, after the stage's ARGs.
          const m = /^RUN (\|\d+ (?:\S+=\S* )*)?\/bin\/sh -c (.*) # buildkit$/.exec(e.createdBy)
          expect(m?.[2]).toBe(instruction.replace(/^RUN\s+/, ''))
        }
        if (keyword === 'COPY' || keyword === 'ADD') {
          // COPY and ADD keep --chown, --chmod and --parents, not --from or --link.
          expect(e.createdBy).toBe(`${instruction.replace(/ --(from|link)(=\S+)?/g, '')} # buildkit`)
        }
      }
    }
  )

  it.each(NAMES.filter(n => !HISTORY_DESIGN[n]!.noHistory))(
    '%s: every vulnerability is on the layer of the line designed for it',
    name => {
      const design = HISTORY_DESIGN[name]!
      const r = recorded(name)
      const diffIDs = r.Metadata.DiffIDs
      expect(diffIDs).toEqual(r.Metadata.ImageConfig.rootfs.diff_ids)
      expect(new Set(diffIDs).size).toBe(diffIDs.length)
      // The k-th layer is the k-th history entry that is not empty_layer.
      const entries = layerEntries(history(r), diffIDs)
      expect(entries).not.toBeNull()
      const baseEntries = design.base ? history(recorded(design.base)).length : 0
      const lines: Record<string, number> = {}
      for (const v of vulns(r)) {
        const k = diffIDs.indexOf(v.Layer?.DiffID ?? '')
        expect(k).toBeGreaterThanOrEqual(0)
        expect(v.Layer?.Digest).toBe(r.Metadata.Layers?.[k]?.Digest)
        const entry = entries![k]!
        lines[`${v.VulnerabilityID} ${v.PkgName}`] =
          entry < baseEntries ? design.fromLine : design.entries[entry - baseEntries]!.line
      }
      expect(lines).toEqual(design.findings)
    }
  )

  it('the rebuilt app differs from the app in its layer digests, not in its history', () => {
    const app = recorded('history-app')
    const rebuilt = recorded('history-app-rebuilt')
    const base = recorded('history-debian').Metadata.DiffIDs
    expect(rebuilt.Metadata.ImageID).not.toBe(app.Metadata.ImageID)
    expect(app.Metadata.DiffIDs.slice(0, base.length)).toEqual(base)
    expect(rebuilt.Metadata.DiffIDs.slice(0, base.length)).toEqual(base)
    for (let k = base.length; k < app.Metadata.DiffIDs.length; k++)
      expect(rebuilt.Metadata.DiffIDs[k]).not.toBe(app.Metadata.DiffIDs[k])
    const shape = (r: TrivyImageReport) =>
      history(r).map(({ created_by, comment, empty_layer }) => ({ created_by, comment, empty_layer }))
    expect(shape(rebuilt)).toEqual(shape(app))
    // Only the times differ: a build's own entries carry its time.
    const baseEntries = history(recorded('history-debian')).length
    const ownTimes = (r: TrivyImageReport) =>
      history(r)
        .slice(baseEntries)
        .map(h => h.created)
    expect(ownTimes(rebuilt).every((t, i) => t !== ownTimes(app)[i])).toBe(true)
    const found = (r: TrivyImageReport) =>
      vulns(r).map(v => `${v.VulnerabilityID} ${v.PkgName} ${v.InstalledVersion}`)
    expect(found(rebuilt)).toEqual(found(app))
    const layerOf = (r: TrivyImageReport, pkg: string) => vulns(r).find(v => v.PkgName === pkg)?.Layer?.DiffID
    expect(layerOf(rebuilt, 'libidn2-0')).not.toBe(layerOf(app, 'libidn2-0'))
    expect(layerOf(rebuilt, 'bash')).toBe(layerOf(app, 'bash'))
    // Same repository, next tag; Trivy's own Fingerprint hashes the image ID, so it changes even
    // for the base's package on the very same layer: no use for a fingerprint that survives rebuilds.
    expect(reference('history-app-rebuilt')).toBe(reference('history-app').replace(/:1$/, ':2'))
    const fingerprint = (r: TrivyImageReport) => vulns(r).find(v => v.PkgName === 'bash')?.Fingerprint
    expect(fingerprint(rebuilt)).toMatch(/^sha256:/)
    expect(fingerprint(rebuilt)).not.toBe(fingerprint(app))
  })

  it("the image without history has none, over the app's very layers (by reference and as a tarball)", () => {
    const app = recorded('history-app')
    const byPackage = (r: TrivyImageReport) =>
      Object.fromEntries(vulns(r).map(v => [`${v.VulnerabilityID} ${v.PkgName}`, v.Layer?.DiffID]))
    for (const r of [recorded('history-nohistory'), load(INPUT_FILE)]) {
      expect(r.Metadata.ImageConfig.history).toBeUndefined()
      expect(r.Metadata.DiffIDs).toEqual(app.Metadata.DiffIDs)
      expect(byPackage(r)).toEqual(byPackage(app))
    }
    expect(load(INPUT_FILE).ArtifactName).toBe('history-nohistory.tar')
  })

  it('the edited Dockerfile no longer matches the app image', () => {
    const edited = readFileSync(join(REPO, 'e2e/repos/history-edited/services/app/Dockerfile'), 'utf8')
    const lines = edited.split('\n')
    const runs = lines.flatMap((l, i) => (l.startsWith('RUN ') ? [logicalLine(edited, i + 1)] : []))
    const made = history(recorded('history-app')).filter(h => h.created_by?.startsWith('RUN '))
    expect(runs).toHaveLength(2)
    expect(made).toHaveLength(1)
    for (const run of runs) expect(made[0]!.created_by).not.toContain(run.replace(/^RUN\s+/, ''))
  })

  it.each(PROVENANCE)(
    '%s: the source label and BuildKit provenance name the repository and the Dockerfile',
    name => {
      const design = HISTORY_DESIGN[name]!
      const image = facts[name]!.image
      const r = recorded(name)
      expect(r.Metadata.ImageConfig.config.Labels?.['org.opencontainers.image.source']).toBe(
        'https://github.com/acme/history'
      )
      // The tag names the index; Trivy scans the linux/amd64 image in it and reports the index digest.
      expect(r.Metadata.RepoDigests?.[0]?.endsWith(`@${facts[name]!.index!}`)).toBe(true)
      const index = JSON.parse(readFileSync(craneFile(name, 'index'), 'utf8')) as {
        manifests: { digest: string; platform: { os: string }; annotations?: Record<string, string> }[]
      }
      expect(index.manifests.map(m => [m.platform.os, m.digest, m.annotations])).toEqual([
        ['linux', image, undefined],
        [
          'unknown',
          facts[name]!.attestation,
          { 'vnd.docker.reference.digest': image, 'vnd.docker.reference.type': 'attestation-manifest' }
        ]
      ])

      const st = JSON.parse(readFileSync(craneFile(name, 'provenance'), 'utf8')) as Record<string, unknown>
      expect(at(st, 'subject', '0', 'digest', 'sha256')).toBe(image.replace('sha256:', ''))
      expect(at(st, 'subject', '1')).toBeUndefined()
      const baseImage = facts[design.base!]!.image
      const v1 = design.provenance === 'v1'
      expect(st.predicateType).toBe(`https://slsa.dev/provenance/${design.provenance}`)
      // Where the Dockerfile's path is: the file name and, apart, its folder in the repository.
      const path = v1
        ? at(st, 'predicate', 'buildDefinition', 'externalParameters', 'configSource', 'path')
        : at(st, 'predicate', 'invocation', 'configSource', 'entryPoint')
      const vcs = (
        v1
          ? at(st, 'predicate', 'runDetails', 'metadata', 'buildkit_metadata', 'vcs')
          : at(st, 'predicate', 'metadata', 'https://mobyproject.org/buildkit@v1#metadata', 'vcs')
      ) as Record<string, string>
      const deps = v1
        ? at(st, 'predicate', 'buildDefinition', 'resolvedDependencies')
        : at(st, 'predicate', 'materials')
      expect(`${vcs['localdir:dockerfile']}/${String(path)}`).toBe(design.dockerfile)
      expect(existsSync(join(REPO, design.repository, design.dockerfile))).toBe(true)
      expect(vcs.source).toBe('https://github.com/acme/history')
      expect(deps).toEqual([
        {
          uri: `pkg:docker/container-gate/${design.base}@1?platform=linux%2Famd64`,
          digest: { sha256: baseImage.replace('sha256:', '') }
        }
      ])
    }
  )

  it.each(NAMES)('%s: a fresh scan of this run finds exactly what the recording says', name => {
    const fresh = trivyImage(env, cacheDir, { reference: reference(name) }, join(cacheDir, `${name}.json`))
    const essence = (r: TrivyImageReport) => ({
      imageID: r.Metadata.ImageID,
      diffIDs: r.Metadata.DiffIDs,
      layers: r.Metadata.Layers,
      history: r.Metadata.ImageConfig.history,
      findings: vulns(r).map(v => [v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.Layer])
    })
    expect(essence(fresh)).toEqual(essence(recorded(name)))
    // The tag names the image, or the index that holds it and its attestation.
    const tagged = HISTORY_DESIGN[name]!.provenance ? facts[name]!.index : facts[name]!.image
    expect(fresh.Metadata.RepoDigests?.[0]?.split('@')[1]).toBe(tagged)
    if (HISTORY_DESIGN[name]!.provenance) {
      const p = provenanceFromRegistry(name)
      expect(p.index).toBe(readFileSync(craneFile(name, 'index'), 'utf8'))
      expect(p.attestation).toBe(readFileSync(craneFile(name, 'attestation'), 'utf8'))
      expect(p.statement).toBe(readFileSync(craneFile(name, 'provenance'), 'utf8'))
    }
  })
})
