/**
 * What the installer keeps in the runner tool cache, and why an entry can still be trusted.
 *
 * The tool cache outlives a job on self-hosted runners, and anything an earlier job ran (a pull
 * request's build script, a compromised dependency) can write there: a fake `trivy` together with
 * a manifest that describes it. So nothing in an entry vouches for itself. An entry is used only
 * when its release asset matches the digest a fresh download would have to match (pinned in
 * container-gate, given in `tool-digests`, or the release's checksum file) and its executable is
 * exactly that asset's (for archives: the member extracted again from the cached asset).
 */
import { copyFile, lstat, mkdir, readFile, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { ToolError, messageOf } from '../errors.js'
import type { InstallableTool } from '../findings/model.js'
import { archiveKind, type Platform, type ToolSpec } from './catalog.js'
import type { InstallDeps } from './deps.js'
import { sha256File } from './download.js'
import { checkTarGzMember, tarGzDigests } from './tar-member.js'

/** One release asset of one tool version for one platform: what is installed. */
export interface Release {
  spec: ToolSpec
  version: string
  platform: Platform
  /** The release asset's file name (an archive, or the executable itself). */
  asset: string
  /** The executable's file name in the tool cache. */
  binary: string
}

/** Written next to the cached binary: a record of the install (informational, never trusted). */
export const MANIFEST_FILE = 'container-gate-install.json'
export interface InstallManifest {
  tool: InstallableTool
  version: string
  asset: string
  assetSha256: string
  binary: string
  binarySha256: string
}

/**
 * Puts the executable of a verified release asset at `dest` (a new file) and returns its SHA-256.
 * A tar.gz is read in-process and only its one member is written; a zip is unpacked into `scratch`
 * first. Throws when the archive does not hold the executable.
 */
export async function extractMember(
  release: Release,
  assetFile: string,
  dest: string,
  scratch: string,
  deps: InstallDeps
): Promise<string> {
  const kind = archiveKind(release.asset)
  const memberPath = release.spec.member(release.platform)
  const missing = () =>
    new ToolError(`${release.asset} does not contain the executable ${memberPath}; nothing was cached.`)
  if (kind === 'tar.gz') {
    const digests = await tarGzDigests(assetFile, memberPath, dest)
    if (digests.member === undefined) throw missing()
    return digests.member
  }
  if (kind === 'raw') {
    await copyFile(assetFile, dest)
    return sha256File(dest)
  }
  const extracted = join(scratch, 'extract')
  await mkdir(extracted)
  await deps.toolCache.extractZip(assetFile, extracted)
  const member = join(extracted, memberPath)
  const info = await lstat(member).catch(() => undefined)
  if (!info?.isFile()) throw missing()
  await copyFile(member, dest)
  return sha256File(dest)
}

/** The SHA-256 of a regular file (not a link) in a cache entry, or why it cannot be had. */
async function regularFileDigest(file: string, name: string): Promise<string> {
  await regularFile(file, name)
  return sha256File(file)
}

async function regularFile(file: string, name: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined)
  if (!info) throw new Error(`it has no ${name}`)
  if (!info.isFile()) throw new Error(`${name} is not a regular file`)
}

/**
 * Why a tool-cache entry cannot be used, or undefined when it holds exactly the release:
 * `expected` is the asset digest from outside the cache (pinned, input or checksum file).
 *
 * The cost is one read of each file and nothing written: the cached archive is hashed while it is
 * decompressed, and the executable compared byte for byte with the member as it comes out.
 */
export async function cachedEntryProblem(
  dir: string,
  release: Release,
  expected: string,
  scratch: string,
  deps: InstallDeps
): Promise<string | undefined> {
  let manifest: Partial<InstallManifest>
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Partial<InstallManifest>
  } catch {
    return `it has no readable ${MANIFEST_FILE}`
  }
  const { spec, version, asset, binary } = release
  if (manifest.tool !== spec.name || manifest.version !== version || manifest.binary !== binary)
    return `its ${MANIFEST_FILE} describes another install`
  try {
    const kind = archiveKind(asset)
    if (kind === 'raw') {
      const binaryDigest = await regularFileDigest(join(dir, binary), binary)
      return binaryDigest === expected ? undefined : `${binary} does not match the release's SHA-256`
    }
    const cachedAsset = join(dir, asset)
    if (kind === 'tar.gz') {
      await regularFile(cachedAsset, asset)
      await regularFile(join(dir, binary), binary)
      const checked = await checkTarGzMember(
        cachedAsset,
        spec.member(release.platform),
        join(dir, binary)
      ).catch(async (error: unknown) => {
        // A file that is not even a gzipped tar says first that it is not the release's.
        if ((await sha256File(cachedAsset)) !== expected) return { archive: '', member: 'missing' } as const
        throw error
      })
      if (checked.archive !== expected) return `${asset} does not match the release's SHA-256`
      return checked.member === 'same' ? undefined : `${binary} is not the executable in ${asset}`
    }
    const binaryDigest = await regularFileDigest(join(dir, binary), binary)
    if ((await regularFileDigest(cachedAsset, asset)) !== expected)
      return `${asset} does not match the release's SHA-256`
    // Unpacked through a link in the scratch folder: the archiver's command line is echoed to the
    // log by @actions/exec, and the tool cache's path is not ours to vouch for.
    const link = join(scratch, 'cached-asset')
    await symlink(cachedAsset, link)
    const member = await extractMember(release, link, join(scratch, 'member'), scratch, deps)
    if (member !== binaryDigest) return `${binary} is not the executable in ${asset}`
  } catch (error) {
    return messageOf(error)
  }
  return undefined
}
