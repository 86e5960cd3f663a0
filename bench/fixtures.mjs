// Builds large Trivy JSON reports for the benchmarks by replicating real ones: the alpine-39 golden
// report from Trivy's own test data and the reports recorded from Trivy 0.74.0 in __fixtures__/e2e.
// Every copy of a vulnerability gets a distinct package name, version, PkgID, PURL and UID (the
// CVE IDs, texts, CVSS and references stay the real ones), and every copy of a misconfiguration a
// distinct file, so no finding is a duplicate of another and the reports keep Trivy's exact shape.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

/** Reports whose vulnerabilities are replicated (all `trivy image` output, SchemaVersion 2). */
export const IMAGE_SOURCES = [
  '__fixtures__/shared/fixtures/trivy/golden/alpine-39.json.golden',
  '__fixtures__/e2e/trivy-0.74.0-alpine-image.json',
  '__fixtures__/e2e/trivy-0.74.0-debian-image.json',
  '__fixtures__/e2e/trivy-0.74.0-debian-oci-input.json'
]
/** The `trivy config` report whose misconfigurations are replicated. */
export const CONFIG_SOURCE = '__fixtures__/e2e/trivy-0.74.0-config.json'

/** Share of the findings that are vulnerabilities; the rest are misconfigurations. */
const VULN_SHARE = 0.9

function readReport(path) {
  return JSON.parse(readFileSync(resolve(root, path), 'utf8'))
}

function vulnTemplates() {
  const templates = []
  IMAGE_SOURCES.forEach((path, source) => {
    const report = readReport(path)
    for (const result of report.Results ?? []) {
      const packages = new Map((result.Packages ?? []).map(p => [p.Name, p]))
      for (const vuln of result.Vulnerabilities ?? []) {
        templates.push({ source, result, vuln, pkg: packages.get(vuln.PkgName) })
      }
    }
  })
  return templates
}

function misconfTemplates() {
  const report = readReport(CONFIG_SOURCE)
  const templates = []
  for (const result of report.Results ?? []) {
    for (const misconf of result.Misconfigurations ?? []) templates.push({ result, misconf })
  }
  return { report, templates }
}

/** `copy` makes a name, version and identifiers that no other copy shares. */
function renamed(t, copy) {
  const name = `${t.vuln.PkgName}-s${t.source}c${copy}`
  const version = `${t.vuln.InstalledVersion}.${copy}`
  const fixed = t.vuln.FixedVersion ? `${t.vuln.FixedVersion}.${copy}` : undefined
  const purl = t.vuln.PkgIdentifier?.PURL?.replace(
    `/${t.vuln.PkgName}@${t.vuln.InstalledVersion}`,
    `/${name}@${version}`
  )
  const identifier = { ...t.vuln.PkgIdentifier, PURL: purl, UID: `${t.vuln.PkgIdentifier?.UID ?? ''}${copy}` }
  const vuln = { ...t.vuln, PkgName: name, PkgID: `${name}@${version}`, PkgIdentifier: identifier }
  vuln.InstalledVersion = version
  if (fixed) vuln.FixedVersion = fixed
  const pkg = t.pkg
    ? { ...t.pkg, ID: `${name}@${version}`, Name: name, Identifier: identifier, Version: version }
    : undefined
  return { vuln, pkg }
}

function imageReport(count) {
  const templates = vulnTemplates()
  const base = readReport(IMAGE_SOURCES[1])
  // One os-pkgs result per distro, as Trivy writes for an image (Packages listed, as --list-all-pkgs does).
  const results = new Map()
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length]
    const { vuln, pkg } = renamed(t, Math.floor(i / templates.length))
    const type = t.result.Type
    if (!results.has(type)) {
      results.set(type, {
        Target: `bench.example/app:1 (${type})`,
        Class: t.result.Class,
        Type: type,
        Packages: new Map(),
        Vulnerabilities: []
      })
    }
    const result = results.get(type)
    result.Vulnerabilities.push(vuln)
    if (pkg) result.Packages.set(pkg.ID, pkg)
  }
  return {
    ...base,
    ArtifactName: 'bench.example/app:1',
    Results: [...results.values()].map(r => ({ ...r, Packages: [...r.Packages.values()] }))
  }
}

function configReport(count) {
  const { report, templates } = misconfTemplates()
  const results = []
  const byTarget = new Map()
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length]
    const copy = Math.floor(i / templates.length)
    const target = `app-${copy}/${t.result.Target}`
    let result = byTarget.get(target)
    if (!result) {
      result = { ...t.result, Target: target, Misconfigurations: [] }
      byTarget.set(target, result)
      results.push(result)
    }
    result.Misconfigurations.push(t.misconf)
  }
  return { ...report, Results: results }
}

/**
 * Writes `trivy-image-<n>.json` and `trivy-config-<n>.json` (together `n` findings) into `dir`.
 * @returns the two paths and the counts in each
 */
export function writeReports(dir, n) {
  mkdirSync(dir, { recursive: true })
  const vulns = Math.round(n * VULN_SHARE)
  const image = join(dir, `trivy-image-${n}.json`)
  const config = join(dir, `trivy-config-${n}.json`)
  // Indented like `trivy --format json` writes it, so file sizes and parse cost are realistic.
  writeFileSync(image, JSON.stringify(imageReport(vulns), null, 2))
  writeFileSync(config, JSON.stringify(configReport(n - vulns), null, 2))
  return { image, config, vulns, misconfigs: n - vulns }
}
