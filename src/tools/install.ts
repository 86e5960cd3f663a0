/**
 * The one installer. For a tool and version it returns a verified executable, trying in order:
 *   1. the runner tool cache (entries this installer made, re-hashed before use),
 *   2. only when the workflow says it trusts the runner image (`trust-path-tools: true`): a binary
 *      already on PATH that reports exactly the requested version,
 *   3. a download of the release asset, verified by SHA-256 before it is unpacked or run.
 *
 * PATH is not consulted by default because asking a binary its version means running it: a
 * compromised `trivy` on PATH (a poisoned runner image, an earlier step of the job) would run with
 * the job's environment before anything could refuse it.
 *
 * Failing closed: a refused version, an unsupported platform, a download error, a digest mismatch,
 * a missing checksum line or a binary that does not answer its version command all throw, and the
 * tool cache is only written after every check has passed (the work happens in a scratch directory
 * that is always removed).
 */
import { copyFile, chmod, lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError, ToolError, badInput, messageOf } from '../errors.js'
import {
  CATALOG,
  archiveKind,
  currentPlatform,
  platformKey,
  platformLabel,
  releaseAssetUrl,
  type Platform,
  type PlatformKey,
  type ToolName,
  type ToolSpec
} from './catalog.js'
import { MAX_CHECKSUM_FILE_BYTES, digestFor, isSha256 } from './checksums.js'
import { deniedVersionError, denylistEntry } from './denylist.js'
import type { InstallDeps } from './deps.js'
import { downloadWithRetry, sha256File } from './download.js'
import { pinnedDigest } from './pinned.js'
import { normalizeVersion } from './version.js'

export interface InstallRequest {
  tool: ToolName
  /** Exact version, with or without a leading `v`. */
  version: string
  /** Defaults to the runner's platform. */
  platform?: Platform
  /** Base URL that replaces `https://github.com` in every download (already validated). */
  mirror?: string
  /** Run and accept a binary on PATH that reports exactly this version (default false: nothing on
   * PATH is run). The `trust-path-tools` input. */
  trustPath?: boolean
  /** Digests the workflow gives for release assets (input `tool-digests`), by asset name. They win
   * over pinned digests and checksum files: for organisations that build the tools themselves. */
  digests?: ReadonlyMap<string, string>
}

const EXPECTED_FROM: Record<NonNullable<InstalledTool['verifiedBy']>, string> = {
  'input-digest': "given in the 'tool-digests' input",
  'pinned-digest': 'pinned in container-gate',
  'checksum-file': 'from the release checksum file'
}

export interface InstalledTool {
  tool: ToolName
  /** Absolute path of the executable. */
  path: string
  /** Canonical version (no leading `v`). */
  version: string
  /** True when served from the runner tool cache. */
  fromCache: boolean
  source: 'tool-cache' | 'path' | 'download'
  /** URLs fetched by this call, in order (empty for the tool cache and PATH). */
  downloaded: string[]
  /** How the download was verified: a digest pinned in the action or the release's checksum file. */
  verifiedBy?: 'input-digest' | 'pinned-digest' | 'checksum-file'
}

/** Largest release asset accepted (Trivy's archives are under 100 MB, cosign's Windows binary ~200 MB). */
export const MAX_ASSET_BYTES = 512 * 1024 * 1024
const MAX_VERSION_OUTPUT = 1024 * 1024

/** The tool-cache name: namespaced so entries other actions made under `trivy` are never picked up. */
export function toolCacheName(tool: ToolName): string {
  return `container-gate-${tool}`
}

/** Written next to the cached binary; its digest is re-checked before a cached binary is used. */
export const MANIFEST_FILE = 'container-gate-install.json'
interface InstallManifest {
  tool: ToolName
  version: string
  asset: string
  assetSha256: string
  binary: string
  binarySha256: string
}

export async function installTool(request: InstallRequest, deps: InstallDeps): Promise<InstalledTool> {
  const spec = CATALOG[request.tool]
  if (!spec) throw new ConfigurationError(`Unknown tool ${JSON.stringify(request.tool)}.`)
  const version = normalizeVersion(request.version)
  if (version === undefined) {
    throw badInput(
      `${spec.name}-version`,
      request.version,
      'an exact release version such as ' + spec.defaultVersion
    )
  }
  const denied = denylistEntry(spec.name, version, deps.denylist)
  if (denied) throw deniedVersionError(denied, `${spec.name}-version`)

  const platform = request.platform ?? currentPlatform()
  const assets = spec.assets(version)
  const available = (Object.keys(assets) as PlatformKey[]).map(platformLabel).join(', ')
  if (!platform) {
    throw new ConfigurationError(
      `This runner (${process.platform}/${process.arch}) is not a platform ${spec.name} ${version} is published for; available: ${available}.`
    )
  }
  const key = platformKey(platform)
  const asset = assets[key]
  if (asset === undefined) {
    throw new ConfigurationError(
      `${spec.name} ${version} publishes no build for ${platformLabel(key)}; available: ${available}.`
    )
  }
  const binary = spec.binary(platform)

  const cached = await fromToolCache(spec, version, platform, binary, deps)
  if (cached) return cached

  if (request.trustPath === true) {
    const onPath = await fromPath(spec, version, binary, deps)
    if (onPath) return onPath
  }

  return download(spec, version, platform, asset, binary, request.mirror, request.digests, deps)
}

async function fromToolCache(
  spec: ToolSpec,
  version: string,
  platform: Platform,
  binary: string,
  deps: InstallDeps
): Promise<InstalledTool | undefined> {
  const dir = deps.toolCache.find(toolCacheName(spec.name), version, platform.arch)
  if (!dir) return undefined
  const path = join(dir, binary)
  const problem = await cachedEntryProblem(dir, spec.name, version, binary)
  if (problem) {
    deps.logger.warning(
      `Ignoring the tool-cache entry ${dir} for ${spec.name} ${version}: ${problem}. Reinstalling.`
    )
    return undefined
  }
  deps.logger.info(`${spec.name} ${version}: using the tool cache (${path}).`)
  return { tool: spec.name, path, version, fromCache: true, source: 'tool-cache', downloaded: [] }
}

/** Why a tool-cache entry cannot be trusted, or undefined when its binary matches its manifest. */
async function cachedEntryProblem(
  dir: string,
  tool: ToolName,
  version: string,
  binary: string
): Promise<string | undefined> {
  let manifest: Partial<InstallManifest>
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Partial<InstallManifest>
  } catch {
    return `it has no readable ${MANIFEST_FILE}`
  }
  if (manifest.tool !== tool || manifest.version !== version || manifest.binary !== binary) {
    return `its ${MANIFEST_FILE} describes another install`
  }
  if (typeof manifest.binarySha256 !== 'string' || !isSha256(manifest.binarySha256)) {
    return `its ${MANIFEST_FILE} has no binary digest`
  }
  try {
    const info = await lstat(join(dir, binary))
    if (!info.isFile()) return `${binary} is not a regular file`
    const actual = await sha256File(join(dir, binary))
    if (actual !== manifest.binarySha256) return `${binary} does not match the digest recorded at install`
  } catch (error) {
    return `${binary} cannot be read (${messageOf(error)})`
  }
  return undefined
}

async function fromPath(
  spec: ToolSpec,
  version: string,
  binary: string,
  deps: InstallDeps
): Promise<InstalledTool | undefined> {
  const path = await deps.which(binary)
  if (!path) return undefined
  let reported: string | undefined
  try {
    reported = await reportedVersion(spec, path, deps)
  } catch (error) {
    deps.logger.info(`${spec.name}: not using ${path} from PATH: ${messageOf(error)}.`)
    return undefined
  }
  if (reported !== version) {
    deps.logger.info(
      `${spec.name}: not using ${path} from PATH: it reports ${reported ?? 'no readable version'}, ${version} is required.`
    )
    return undefined
  }
  deps.logger.info(
    `${spec.name} ${version}: using ${path} from PATH (trust-path-tools is true and it reports this version; not verified by SHA-256).`
  )
  return { tool: spec.name, path, version, fromCache: false, source: 'path', downloaded: [] }
}

/** Runs the tool's version command; the version it reports, or undefined when unreadable. */
async function reportedVersion(spec: ToolSpec, path: string, deps: InstallDeps): Promise<string | undefined> {
  const result = await deps.exec(path, spec.versionArgs, { maxOutputBytes: MAX_VERSION_OUTPUT })
  if (result.exitCode !== 0) {
    throw new ToolError(`'${[path, ...spec.versionArgs].join(' ')}' exited with code ${result.exitCode}`)
  }
  return spec.parseVersion(`${result.stdout}\n${result.stderr}`)
}

async function download(
  spec: ToolSpec,
  version: string,
  platform: Platform,
  asset: string,
  binary: string,
  mirror: string | undefined,
  digests: ReadonlyMap<string, string> | undefined,
  deps: InstallDeps
): Promise<InstalledTool> {
  const downloaded: string[] = []
  const retrying = {
    http: deps.http,
    sleep: deps.sleep,
    retry: deps.retry,
    debug: deps.logger.debug
  }
  const scratch = await mkdtemp(join(deps.tempRoot(), `container-gate-${spec.name}-`))
  try {
    // 1. The expected digest, before the asset is fetched: a missing checksum line fails fast.
    const given = digests?.get(asset)
    const pinned = pinnedDigest(spec.name, version, asset, deps.pinned)
    let expected: string
    let verifiedBy: InstalledTool['verifiedBy']
    if (given !== undefined) {
      expected = given
      verifiedBy = 'input-digest'
    } else if (pinned !== undefined) {
      expected = pinned
      verifiedBy = 'pinned-digest'
    } else {
      const source = spec.checksums(version, asset)
      const url = releaseAssetUrl(spec, version, source.file, mirror)
      const file = join(scratch, 'checksums')
      deps.logger.info(`${spec.name} ${version}: fetching ${url}`)
      await downloadWithRetry(url, file, MAX_CHECKSUM_FILE_BYTES, retrying)
      downloaded.push(url)
      expected = digestFor(await readFile(file, 'utf8'), asset, source)
      verifiedBy = 'checksum-file'
    }

    // 2. The asset, hashed as it lies on disk, before anything reads it as an archive or runs it.
    const assetUrl = releaseAssetUrl(spec, version, asset, mirror)
    const assetFile = join(scratch, 'asset')
    deps.logger.info(`${spec.name} ${version}: downloading ${assetUrl}`)
    await downloadWithRetry(assetUrl, assetFile, MAX_ASSET_BYTES, retrying)
    downloaded.push(assetUrl)
    const actual = await sha256File(assetFile)
    if (actual !== expected) {
      throw new ToolError(
        `SHA-256 mismatch for ${asset} from ${assetUrl}: expected ${expected} ` +
          `(${EXPECTED_FROM[verifiedBy]}), ` +
          `got ${actual}. The file was not unpacked or run, and nothing was cached.`
      )
    }
    deps.logger.info(`${spec.name} ${version}: SHA-256 ${actual} verified (${verifiedBy}).`)

    // 3. Unpack only the one executable into a clean staging directory.
    const stage = join(scratch, 'stage')
    await mkdir(stage)
    const staged = join(stage, binary)
    const kind = archiveKind(asset)
    if (kind === 'raw') {
      await copyFile(assetFile, staged)
    } else {
      const extracted = join(scratch, 'extract')
      await mkdir(extracted)
      if (kind === 'zip') await deps.toolCache.extractZip(assetFile, extracted)
      else await deps.toolCache.extractTar(assetFile, extracted)
      const member = join(extracted, spec.member(platform))
      const info = await lstat(member).catch(() => undefined)
      if (!info?.isFile()) {
        throw new ToolError(
          `${asset} does not contain the executable ${spec.member(platform)}; nothing was cached.`
        )
      }
      await copyFile(member, staged)
    }
    await chmod(staged, 0o755)

    // 4. It must run and report the version asked for.
    let reported: string | undefined
    try {
      reported = await reportedVersion(spec, staged, deps)
    } catch (error) {
      throw new ToolError(
        `${spec.name} ${version} from ${assetUrl} does not run: ${messageOf(error)}. Nothing was cached.`
      )
    }
    if (reported !== version) {
      throw new ToolError(
        `${spec.name} from ${assetUrl} reports version ${reported ?? '(unreadable)'}, not ${version}. Nothing was cached.`
      )
    }

    // 5. Only now does anything reach the tool cache.
    const manifest: InstallManifest = {
      tool: spec.name,
      version,
      asset,
      assetSha256: actual,
      binary,
      binarySha256: await sha256File(staged)
    }
    await writeFile(join(stage, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
    const dir = await deps.toolCache.cacheDir(stage, toolCacheName(spec.name), version, platform.arch)
    const path = join(dir, binary)
    deps.logger.info(`${spec.name} ${version}: installed to ${path}.`)
    return { tool: spec.name, path, version, fromCache: false, source: 'download', downloaded, verifiedBy }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
