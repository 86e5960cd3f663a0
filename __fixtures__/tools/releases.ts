/**
 * Builds release-shaped files for the installer tests: real tar.gz / zip archives (made with the
 * system `tar` and `zip`) or raw binaries, each holding a small executable shell script that prints
 * what the real tool prints for its version command, plus the checksum file in the tool's real
 * format. Everything is registered on a ReleaseServer under GitHub's release path.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { InstallableTool } from '../../src/findings/model.js'
import { DEFAULT_TOOL_VERSIONS } from '../../src/inputs/tool-versions.js'
import { CATALOG, archiveKind, platformKey, type Platform } from '../../src/tools/catalog.js'
import type { ReleaseServer } from './release-server.js'

const here = resolve(process.cwd(), '__fixtures__/tools')

/** What each tool prints for its version command (real captures where we have them). */
export function versionOutput(tool: InstallableTool, version: string): string {
  const captured = join(here, 'version-output', `${tool}-${version}.txt`)
  try {
    return readFileSync(captured, 'utf8')
  } catch {
    // Same shape as the captures, for versions we have no capture of.
    const template = readFileSync(
      join(here, 'version-output', `${tool}-${DEFAULT_TOOL_VERSIONS[tool]}.txt`),
      'utf8'
    )
    return template.split(DEFAULT_TOOL_VERSIONS[tool]).join(version)
  }
}

/** A POSIX shell script that prints `output` and exits 0 when run with any arguments. */
export function fakeBinary(output: string): Buffer {
  return Buffer.from(
    `#!/bin/sh\ncat <<'CONTAINER_GATE_EOF'\n${output.replace(/\n$/, '')}\nCONTAINER_GATE_EOF\n`
  )
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** A gzipped tarball holding `files` (name → [content, mode]) at its root. */
export function tarGz(files: Record<string, [Buffer, number]>): Buffer {
  return pack(files, (dir, out) => execFileSync('tar', ['-czf', out, '-C', dir, ...Object.keys(files)]))
}

/** A zip archive holding `files` at its root, Unix modes preserved. */
export function zip(files: Record<string, [Buffer, number]>): Buffer {
  return pack(files, (dir, out) =>
    execFileSync('zip', ['-q', '-X', out, ...Object.keys(files)], { cwd: dir })
  )
}

function pack(files: Record<string, [Buffer, number]>, run: (dir: string, out: string) => void): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'cg-pack-'))
  try {
    const dir = join(work, 'root')
    mkdirSync(dir)
    for (const [name, [content, mode]] of Object.entries(files)) {
      writeFileSync(join(dir, name), content)
      chmodSync(join(dir, name), mode)
    }
    const out = join(work, 'out.bin')
    run(dir, out)
    return readFileSync(out)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

export interface PublishedRelease {
  asset: string
  /** Server path of the asset and of the checksum file. */
  assetPath: string
  checksumPath: string
  /** The asset's bytes and digest. */
  body: Buffer
  digest: string
}

export function releasePath(tool: InstallableTool, version: string, file: string): string {
  const spec = CATALOG[tool]
  return `/${spec.owner}/${spec.repo}/releases/download/${spec.tag(version)}/${file}`
}

/**
 * Publishes `tool` `version` for `platform` on the server: the asset in its real packing and the
 * checksum file in the tool's real format (goreleaser, sha256sum -b, ./-prefixed, per-asset).
 * `prefix` puts the files under a path, as a mirror with a path prefix would.
 */
export function publish(
  server: ReleaseServer,
  tool: InstallableTool,
  version: string,
  platform: Platform,
  output: string = versionOutput(tool, version),
  prefix = ''
): PublishedRelease {
  const spec = CATALOG[tool]
  const asset = spec.assets(version)[platformKey(platform)]
  if (!asset) throw new Error(`${tool} ${version} has no asset for ${platformKey(platform)}`)
  const script = fakeBinary(output)
  const kind = archiveKind(asset)
  const member = spec.member(platform)
  const extras: Record<string, [Buffer, number]> =
    tool === 'trivy' ? { 'README.md': [Buffer.from('# Trivy\n'), 0o644] } : {}
  const body =
    kind === 'raw'
      ? script
      : kind === 'zip'
        ? zip({ [member]: [script, 0o755], ...extras })
        : tarGz({ [member]: [script, 0o755], ...extras })
  const digest = sha256(body)
  const source = spec.checksums(version, asset)
  const other = '0'.repeat(64)
  let checksumText: string
  if (tool === 'gator')
    checksumText = `${other}  ./gator-v${version}-plan9-amd64.tar.gz\n${digest}  ./${asset}\n`
  else if (tool === 'hadolint') {
    checksumText = source.perAsset
      ? `${digest} *${asset}\n`
      : `${other} *hadolint-plan9-x86_64\n${digest} *${asset}\n`
  } else checksumText = `${other}  ${tool}-unrelated-asset\n${digest}  ${asset}\n`
  const assetPath = prefix + releasePath(tool, version, asset)
  const checksumPath = prefix + releasePath(tool, version, source.file)
  server.put(assetPath, body)
  // A shared checksum file lists every platform published so far, as a real release's does.
  const existing = source.perAsset ? undefined : server.get(checksumPath)?.toString('utf8')
  server.put(checksumPath, existing ? existing + checksumText.split('\n').slice(1).join('\n') : checksumText)
  return { asset, assetPath, checksumPath, body, digest }
}
