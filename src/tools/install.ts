/**
 * The one installer. For a tool and version it returns a verified executable, trying in order:
 *   1. the runner tool cache: entries whose release asset still matches the digest a download would
 *      have to match, and whose executable is that asset's (src/tools/cache-entry.ts),
 *   2. only when the workflow says it trusts the runner image (`trust-path-tools: true`): a binary
 *      already on PATH that reports exactly the requested version,
 *   3. a download of the release asset, verified by SHA-256 before it is unpacked or run.
 *
 * PATH is not consulted by default because asking a binary its version means running it: a
 * compromised `trivy` on PATH (a poisoned runner image, an earlier step of the job) would run with
 * the job's environment before anything could refuse it.
 *
 * Failing closed: an unsupported platform, a download error, a digest mismatch,
 * a missing checksum line or a binary that does not answer its version command all throw, and no
 * entry appears in the tool cache until every check has passed (the work happens in a staging
 * directory that is renamed into place, or removed).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError, ToolError, messageOf } from '../errors.js'
import type { InstallableTool } from '../findings/model.js'
import type { ToolVersion } from '../inputs/tool-versions.js'
import {
  MANIFEST_FILE,
  cachedEntryProblem,
  extractMember,
  type InstallManifest,
  type Release
} from './cache-entry.js'
import {
  CATALOG,
  archiveKind,
  currentPlatform,
  platformKey,
  platformLabel,
  releaseAssetUrl,
  type Platform,
  type PlatformKey,
  type ToolSpec
} from './catalog.js'
import { MAX_CHECKSUM_FILE_BYTES, digestFor } from './checksums.js'
import type { InstallDeps } from './deps.js'
import { downloadWithRetry } from './download.js'
import { pinnedDigest } from './pinned.js'

export interface InstallRequest {
  tool: InstallableTool
  /** The version the inputs asked for, already checked (canonical, not denylisted). */
  version: ToolVersion
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
  tool: InstallableTool
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
const MAX_ASSET_BYTES = 512 * 1024 * 1024
const MAX_VERSION_OUTPUT = 1024 * 1024

/** The tool-cache name: namespaced so entries other actions made under `trivy` are never picked up. */
export function toolCacheName(tool: InstallableTool): string {
  return `container-gate-${tool}`
}

/** The release asset the request needs on this platform; a ConfigurationError when there is none. */
function releaseFor(request: InstallRequest): Release {
  const spec = CATALOG[request.tool]
  const version = request.version
  const platform = request.platform ?? currentPlatform()
  const assets = spec.assets(version)
  const available = (Object.keys(assets) as PlatformKey[]).map(platformLabel).join(', ')
  if (!platform) {
    throw new ConfigurationError(
      `This runner (${process.platform}/${process.arch}) is not a platform ${spec.name} ${version} is published for; available: ${available}. Run the job on one of those (runs-on).`
    )
  }
  const key = platformKey(platform)
  const asset = assets[key]
  if (asset === undefined) {
    throw new ConfigurationError(
      `${spec.name} ${version} publishes no build for ${platformLabel(key)}; available: ${available}. Run the job on one of those (runs-on), or set input '${spec.name}-version' to a release built for ${platformLabel(key)}.`
    )
  }
  return { spec, version, platform, asset, binary: spec.binary(platform) }
}

/**
 * The tool-cache entry for the request, checked (step 1 of installTool alone): undefined when there
 * is none or it does not hold the release. Runs nothing, and fetches nothing but a checksum file;
 * so it can start before the run knows it will scan, and installTool finish the job.
 */
export async function checkToolCache(
  request: InstallRequest,
  deps: InstallDeps
): Promise<InstalledTool | undefined> {
  return fromToolCache(releaseFor(request), request, deps)
}

/** `cached`: the result of checkToolCache for this request, when it was started earlier. */
export async function installTool(
  request: InstallRequest,
  deps: InstallDeps,
  cached?: Promise<InstalledTool | undefined>
): Promise<InstalledTool> {
  const release = releaseFor(request)
  const fromCache = await (cached ?? fromToolCache(release, request, deps))
  if (fromCache) return fromCache

  if (request.trustPath === true) {
    const onPath = await fromPath(release.spec, release.version, release.binary, deps)
    if (onPath) return onPath
  }

  return download(release, request, deps)
}

/** A scratch directory under RUNNER_TEMP for `work`, always removed afterwards. */
async function withScratch<T>(
  spec: ToolSpec,
  deps: InstallDeps,
  work: (dir: string) => Promise<T>
): Promise<T> {
  const scratch = await mkdtemp(join(deps.tempRoot(), `container-gate-${spec.name}-`))
  try {
    return await work(scratch)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** The SHA-256 a release asset must have, and where that digest came from. */
interface ExpectedDigest {
  digest: string
  verifiedBy: NonNullable<InstalledTool['verifiedBy']>
}

/**
 * The SHA-256 the release asset must have, from outside the tool cache: the `tool-digests` input,
 * else the digest pinned in container-gate, else the release's checksum file (fetched; its URL is
 * added to `downloaded`). A missing checksum line fails here, before the asset is fetched.
 */
async function expectedDigest(
  release: Release,
  request: InstallRequest,
  deps: InstallDeps,
  scratch: string,
  downloaded: string[]
): Promise<ExpectedDigest> {
  const { spec, version, asset } = release
  const given = request.digests?.get(asset)
  if (given !== undefined) return { digest: given, verifiedBy: 'input-digest' }
  const pinned = pinnedDigest(spec.name, version, asset, deps.pinned)
  if (pinned !== undefined) return { digest: pinned, verifiedBy: 'pinned-digest' }
  const source = spec.checksums(version, asset)
  const url = releaseAssetUrl(spec, version, source.file, request.mirror)
  const file = join(scratch, 'checksums')
  deps.logger.info(`${spec.name} ${version}: fetching ${url}`)
  await downloadWithRetry(url, file, MAX_CHECKSUM_FILE_BYTES, retryingOf(deps))
  downloaded.push(url)
  return { digest: digestFor(await readFile(file, 'utf8'), asset, source), verifiedBy: 'checksum-file' }
}

function retryingOf(deps: InstallDeps) {
  return { http: deps.http, sleep: deps.sleep, retry: deps.retry, debug: deps.logger.debug }
}

async function fromToolCache(
  release: Release,
  request: InstallRequest,
  deps: InstallDeps
): Promise<InstalledTool | undefined> {
  const { spec, version, platform, binary } = release
  const dir = deps.toolCache.find(toolCacheName(spec.name), version, platform.arch)
  if (!dir) return undefined
  return withScratch(spec, deps, async scratch => {
    const downloaded: string[] = []
    const expected = await expectedDigest(release, request, deps, scratch, downloaded)
    const problem = await cachedEntryProblem(dir, release, expected.digest, scratch, deps)
    if (problem) {
      deps.logger.warning(
        `Ignoring the tool-cache entry ${dir} for ${spec.name} ${version}: ${problem}. Reinstalling.`
      )
      return undefined
    }
    const path = join(dir, binary)
    deps.logger.info(
      `${spec.name} ${version}: using the tool cache (${path}), its release SHA-256 checked again.`
    )
    return { tool: spec.name, path, version, fromCache: true, source: 'tool-cache', downloaded }
  })
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

/** A downloaded release asset whose SHA-256 matched the expected digest. */
interface VerifiedAsset {
  url: string
  file: string
  sha256: string
}

/**
 * Fetches the asset into `dir`, hashing it as it arrives, and compares the digest before anything
 * reads it as an archive or runs it; a mismatch throws and nothing is unpacked, run or cached.
 */
async function fetchVerifiedAsset(
  release: Release,
  mirror: string | undefined,
  expected: ExpectedDigest,
  dir: string,
  deps: InstallDeps
): Promise<VerifiedAsset> {
  const { spec, version, asset } = release
  const url = releaseAssetUrl(spec, version, asset, mirror)
  // A raw asset is the executable: it is downloaded under its final name, and not copied again.
  const file = join(dir, archiveKind(asset) === 'raw' ? release.binary : asset)
  deps.logger.info(`${spec.name} ${version}: downloading ${url}`)
  const sha256 = await downloadWithRetry(url, file, MAX_ASSET_BYTES, retryingOf(deps))
  if (sha256 !== expected.digest) {
    throw new ToolError(
      `SHA-256 mismatch for ${asset} from ${url}: expected ${expected.digest} ` +
        `(${EXPECTED_FROM[expected.verifiedBy]}), ` +
        `got ${sha256}. The file was not unpacked or run, and nothing was cached.`
    )
  }
  deps.logger.info(`${spec.name} ${version}: SHA-256 ${sha256} verified (${expected.verifiedBy}).`)
  return { url, file, sha256 }
}

/**
 * Puts the executable beside the verified asset in the staging directory (the archive stays, so a
 * later run can check the cached executable against it); its SHA-256 for the install record.
 */
async function stageExecutable(
  release: Release,
  asset: VerifiedAsset,
  staging: string,
  scratch: string,
  deps: InstallDeps
): Promise<{ executable: string; sha256: string }> {
  const executable = join(staging, release.binary)
  const sha256 =
    archiveKind(release.asset) === 'raw'
      ? asset.sha256
      : await extractMember(release, asset.file, executable, scratch, deps)
  await chmod(executable, 0o755)
  return { executable, sha256 }
}

/** The staged executable must run and report the version asked for. */
async function checkStagedVersion(
  release: Release,
  executable: string,
  assetUrl: string,
  deps: InstallDeps
): Promise<void> {
  const { spec, version } = release
  let reported: string | undefined
  try {
    reported = await reportedVersion(spec, executable, deps)
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
}

/** Writes the install record and moves the staging directory to its place in the tool cache. */
async function cacheStaged(
  release: Release,
  staging: string,
  digests: { asset: string; binary: string },
  deps: InstallDeps
): Promise<string> {
  const { spec, version, platform, asset, binary } = release
  const manifest: InstallManifest = {
    tool: spec.name,
    version,
    asset,
    assetSha256: digests.asset,
    binary,
    binarySha256: digests.binary
  }
  await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  const dir = await deps.toolCache.complete(staging, toolCacheName(spec.name), version, platform.arch)
  const path = join(dir, binary)
  deps.logger.info(`${spec.name} ${version}: installed to ${path}.`)
  return path
}

/**
 * Downloads, verifies, unpacks, checks and caches the release, in that order. The asset is written
 * once, straight into a staging directory inside the tool cache, hashed as it arrives; only the
 * executable is unpacked beside it; the directory becomes the cache entry by a rename once every
 * check has passed, and is removed otherwise.
 */
async function download(
  release: Release,
  request: InstallRequest,
  deps: InstallDeps
): Promise<InstalledTool> {
  const { spec, version } = release
  return withScratch(spec, deps, async scratch => {
    const downloaded: string[] = []
    // The expected digest first: a missing checksum line fails before the asset is fetched.
    const expected = await expectedDigest(release, request, deps, scratch, downloaded)
    const staging = await deps.toolCache.stage()
    try {
      const asset = await fetchVerifiedAsset(release, request.mirror, expected, staging, deps)
      downloaded.push(asset.url)
      const staged = await stageExecutable(release, asset, staging, scratch, deps)
      await checkStagedVersion(release, staged.executable, asset.url, deps)
      // Only now does anything reach the tool cache.
      const path = await cacheStaged(release, staging, { asset: asset.sha256, binary: staged.sha256 }, deps)
      return {
        tool: spec.name,
        path,
        version,
        fromCache: false,
        source: 'download',
        downloaded,
        verifiedBy: expected.verifiedBy
      }
    } finally {
      // Gone after a success (renamed into place); removed with whatever it holds after a failure.
      await rm(staging, { recursive: true, force: true })
    }
  })
}
