/**
 * The tools container-gate installs, as data: where each release lives, what its asset is called on
 * every OS/arch it publishes, how it is packed, where its checksums are and how to ask it its
 * version. The one generic installer (install.ts) reads these entries; adding a tool means adding an
 * entry here (and its default version in src/inputs/tool-versions.ts), not a new installer.
 *
 * Every name below was checked against the upstream release configuration (sources in comments).
 */
import type { InstallableTool } from '../findings/model.js'
import semver from 'semver'

/** Node's names (process.platform / process.arch), which are also what @actions/tool-cache keys by. */
type Os = 'linux' | 'darwin' | 'win32'
type Arch = 'x64' | 'arm64'
export interface Platform {
  os: Os
  arch: Arch
}
export type PlatformKey = `${Os}-${Arch}`

/** How an asset is packed: an archive holding the binary, or the binary itself. */
export type ArchiveKind = 'tar.gz' | 'zip' | 'raw'

/** Where the SHA-256 of an asset is published. */
interface ChecksumSource {
  /** Release asset holding the digest. */
  file: string
  /**
   * True when the file describes this one asset (hadolint's `<asset>.sha256`): a bare digest with no
   * file name is then accepted. A shared file must name the asset on its line.
   */
  perAsset: boolean
}

export interface ToolSpec {
  name: InstallableTool
  /** GitHub owner/repo of the releases. */
  owner: string
  repo: string
  /** The release tag for a canonical version. */
  tag: (version: string) => string
  /** Asset name per platform this version publishes; a platform missing here is unsupported. */
  assets: (version: string) => Partial<Record<PlatformKey, string>>
  /** File name the installed executable gets. */
  binary: (platform: Platform) => string
  /** Path of the executable inside an archive asset (unused for raw assets). */
  member: (platform: Platform) => string
  /** Where the asset's digest is published. */
  checksums: (version: string, asset: string) => ChecksumSource
  /** Arguments that make the tool print its version. */
  versionArgs: readonly string[]
  /** The version the tool reports in its version output, or undefined when it cannot be read. */
  parseVersion: (output: string) => string | undefined
}

const SEMVER_IN_TEXT = '(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z]+(?:\\.[0-9A-Za-z]+)*)?)'

function exe(platform: Platform, name: string): string {
  return platform.os === 'win32' ? `${name}.exe` : name
}

function firstMatch(pattern: RegExp, output: string): string | undefined {
  return pattern.exec(output)?.[1]
}

/**
 * Trivy. Assets per aquasecurity/trivy `goreleaser.yml`: archives named
 * `{{.ProjectName}}_{{.Version}}_{{.Os}}-{{.Arch}}` with replacements darwin→macOS, linux→Linux,
 * amd64→64bit, arm64→ARM64 and no replacement for windows (so `windows`, lower case), tar.gz except
 * a zip format override for windows, where only amd64 is built. Checksums: goreleaser's
 * `trivy_<version>_checksums.txt` (`<sha256>  <asset>`). Asset names confirmed against the 0.74.0
 * release names quoted by several public installers (e.g. `trivy_0.74.0_windows-64bit.zip`).
 * `trivy --version` prints `Version: 0.74.0` first (DB lines that follow are indented).
 */
const trivy: ToolSpec = {
  name: 'trivy',
  owner: 'aquasecurity',
  repo: 'trivy',
  tag: v => `v${v}`,
  assets: v => ({
    'linux-x64': `trivy_${v}_Linux-64bit.tar.gz`,
    'linux-arm64': `trivy_${v}_Linux-ARM64.tar.gz`,
    'darwin-x64': `trivy_${v}_macOS-64bit.tar.gz`,
    'darwin-arm64': `trivy_${v}_macOS-ARM64.tar.gz`,
    'win32-x64': `trivy_${v}_windows-64bit.zip`
  }),
  binary: p => exe(p, 'trivy'),
  member: p => exe(p, 'trivy'),
  checksums: v => ({ file: `trivy_${v}_checksums.txt`, perAsset: false }),
  versionArgs: ['--version'],
  parseVersion: out => firstMatch(new RegExp(`^Version:\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
}

/**
 * hadolint publishes raw binaries. Up to 2.12.x (hadolint `.github/workflows/release.yml`):
 * `hadolint-Linux-x86_64`, `hadolint-Linux-arm64` (from 2.10.0), `hadolint-Darwin-x86_64`,
 * `hadolint-Windows-x86_64.exe`, each with `<asset>.sha256` written by `sha256sum -b`
 * (`<sha256> *<asset>`). From 2.13.1 the names are lower case with a macOS arm64 build:
 * `hadolint-linux-x86_64`, `hadolint-linux-arm64`, `hadolint-macos-x86_64`, `hadolint-macos-arm64`,
 * `hadolint-windows-x86_64.exe` (cashapp/hermit-packages hadolint.hcl switches darwin→macos at 2.13.1;
 * 2.13.1 and 2.14.0 digests published per asset). From 2.15.0 the per-asset files were replaced by
 * one `checksums.sha256` with `<sha256> *<asset>` lines. No Windows arm64 build exists.
 * `hadolint --version` prints `Haskell Dockerfile Linter 2.15.1`.
 */
const hadolint: ToolSpec = {
  name: 'hadolint',
  owner: 'hadolint',
  repo: 'hadolint',
  tag: v => `v${v}`,
  assets: v => {
    if (semver.gte(v, '2.13.1')) {
      return {
        'linux-x64': 'hadolint-linux-x86_64',
        'linux-arm64': 'hadolint-linux-arm64',
        'darwin-x64': 'hadolint-macos-x86_64',
        'darwin-arm64': 'hadolint-macos-arm64',
        'win32-x64': 'hadolint-windows-x86_64.exe'
      }
    }
    return {
      'linux-x64': 'hadolint-Linux-x86_64',
      ...(semver.gte(v, '2.10.0') ? { 'linux-arm64': 'hadolint-Linux-arm64' } : {}),
      'darwin-x64': 'hadolint-Darwin-x86_64',
      'win32-x64': 'hadolint-Windows-x86_64.exe'
    }
  },
  binary: p => exe(p, 'hadolint'),
  member: p => exe(p, 'hadolint'),
  checksums: (v, asset) =>
    semver.gte(v, '2.15.0')
      ? { file: 'checksums.sha256', perAsset: false }
      : { file: `${asset}.sha256`, perAsset: true },
  versionArgs: ['--version'],
  parseVersion: out => firstMatch(new RegExp(`Haskell Dockerfile Linter\\s+v?${SEMVER_IN_TEXT}`), out)
}

/**
 * cosign publishes raw binaries named by goreleaser build id (sigstore/cosign `.goreleaser.yml`:
 * `cosign-linux-{{ .Arch }}`, `cosign-darwin-amd64`, `cosign-darwin-arm64`, `cosign-windows-amd64`
 * with `.exe`; no Windows arm64 build) and `{{ .ProjectName }}_checksums.txt` = `cosign_checksums.txt`.
 * `cosign version` prints a banner then `GitVersion:    v3.1.3`.
 */
const cosign: ToolSpec = {
  name: 'cosign',
  owner: 'sigstore',
  repo: 'cosign',
  tag: v => `v${v}`,
  assets: () => ({
    'linux-x64': 'cosign-linux-amd64',
    'linux-arm64': 'cosign-linux-arm64',
    'darwin-x64': 'cosign-darwin-amd64',
    'darwin-arm64': 'cosign-darwin-arm64',
    'win32-x64': 'cosign-windows-amd64.exe'
  }),
  binary: p => exe(p, 'cosign'),
  member: p => exe(p, 'cosign'),
  checksums: () => ({ file: 'cosign_checksums.txt', perAsset: false }),
  versionArgs: ['version'],
  parseVersion: out => firstMatch(new RegExp(`^GitVersion:\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
}

/**
 * gator, Gatekeeper's CLI. open-policy-agent/gatekeeper `.github/workflows/release.yaml` builds
 * PLATFORMS "linux-amd64 linux-arm64 darwin-amd64 darwin-arm64" (no Windows) into
 * `gator-${TAG}-${GOOS}-${GOARCH}.tar.gz` holding `gator` at the root, and writes
 * `find . -name '*.tar.gz' | sort | xargs sha256sum >> sha256sums.txt`, so entries read
 * `<sha256>  ./gator-v3.23.0-linux-amd64.tar.gz`. `gator --version` is cobra's
 * `gator version <user agent>` where the user agent carries `v<version>` (set by the Makefile's
 * `-X .../pkg/version.Version=$(VERSION)`).
 */
const gator: ToolSpec = {
  name: 'gator',
  owner: 'open-policy-agent',
  repo: 'gatekeeper',
  tag: v => `v${v}`,
  assets: v => ({
    'linux-x64': `gator-v${v}-linux-amd64.tar.gz`,
    'linux-arm64': `gator-v${v}-linux-arm64.tar.gz`,
    'darwin-x64': `gator-v${v}-darwin-amd64.tar.gz`,
    'darwin-arm64': `gator-v${v}-darwin-arm64.tar.gz`
  }),
  binary: p => exe(p, 'gator'),
  member: p => exe(p, 'gator'),
  checksums: () => ({ file: 'sha256sums.txt', perAsset: false }),
  versionArgs: ['--version'],
  parseVersion: out => firstMatch(new RegExp(`version\\s+(?:\\S*?/)?v?${SEMVER_IN_TEXT}`), out)
}

/**
 * kustomize. Tags are per module (`kustomize/v5.8.2`). kubernetes-sigs/kustomize
 * `releasing/build-kustomize-binary.sh` takes the version as the tag's part after the slash
 * (`v5.8.2`), builds linux amd64/arm64/s390x/ppc64le and darwin/windows amd64/arm64, packs
 * `kustomize_${version}_${os}_${arch}.tar.gz` holding `kustomize` at the root (`tar -C output
 * kustomize`), a `.zip` with `kustomize.exe` for windows, then writes `checksums.txt` with
 * `sha256sum "$release"` (`<sha256>  <asset>`). The same script stamps
 * `sigs.k8s.io/kustomize/api/provenance.version=$version`, so `kustomize version` prints `v5.8.2`.
 */
const kustomize: ToolSpec = {
  name: 'kustomize',
  owner: 'kubernetes-sigs',
  repo: 'kustomize',
  tag: v => `kustomize/v${v}`,
  assets: v => ({
    'linux-x64': `kustomize_v${v}_linux_amd64.tar.gz`,
    'linux-arm64': `kustomize_v${v}_linux_arm64.tar.gz`,
    'darwin-x64': `kustomize_v${v}_darwin_amd64.tar.gz`,
    'darwin-arm64': `kustomize_v${v}_darwin_arm64.tar.gz`,
    'win32-x64': `kustomize_v${v}_windows_amd64.zip`,
    'win32-arm64': `kustomize_v${v}_windows_arm64.zip`
  }),
  binary: p => exe(p, 'kustomize'),
  member: p => exe(p, 'kustomize'),
  checksums: () => ({ file: 'checksums.txt', perAsset: false }),
  versionArgs: ['version'],
  parseVersion: out => firstMatch(new RegExp(`^\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
}

/**
 * crane, from google/go-containerregistry (`.goreleaser.yml`): one tar.gz per platform named
 * `go-containerregistry_{{title .Os}}_{{x86_64 for amd64, else .Arch}}` (Windows too, the default
 * format), holding `crane`, `gcrane` and `krane` at the root, and `checksums.txt`
 * (`<sha256>  <asset>`). The build stamps `cmd.Version={{.Version}}`, so `crane version` prints
 * `0.22.1` (a build from source with `-X …=v0.22.1`, as e2e-tools.sh does, prints `v0.22.1`).
 */
const crane: ToolSpec = {
  name: 'crane',
  owner: 'google',
  repo: 'go-containerregistry',
  tag: v => `v${v}`,
  assets: () => ({
    'linux-x64': 'go-containerregistry_Linux_x86_64.tar.gz',
    'linux-arm64': 'go-containerregistry_Linux_arm64.tar.gz',
    'darwin-x64': 'go-containerregistry_Darwin_x86_64.tar.gz',
    'darwin-arm64': 'go-containerregistry_Darwin_arm64.tar.gz',
    'win32-x64': 'go-containerregistry_Windows_x86_64.tar.gz',
    'win32-arm64': 'go-containerregistry_Windows_arm64.tar.gz'
  }),
  binary: p => exe(p, 'crane'),
  member: p => exe(p, 'crane'),
  checksums: () => ({ file: 'checksums.txt', perAsset: false }),
  versionArgs: ['version'],
  parseVersion: out => firstMatch(new RegExp(`^\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
}

export const CATALOG: Readonly<Record<InstallableTool, ToolSpec>> = {
  trivy,
  hadolint,
  cosign,
  gator,
  kustomize,
  crane
}

export function platformKey(platform: Platform): PlatformKey {
  return `${platform.os}-${platform.arch}`
}

/** How people read a platform in messages: `linux/x64`, `macos/arm64`, `windows/x64`. */
export function platformLabel(key: PlatformKey): string {
  const [os, arch] = key.split('-') as [Os, Arch]
  const osLabel = os === 'darwin' ? 'macos' : os === 'win32' ? 'windows' : os
  return `${osLabel}/${arch}`
}

/** The runner's platform, or undefined when Node reports one no tool here is built for. */
export function currentPlatform(
  platform: string = process.platform,
  arch: string = process.arch
): Platform | undefined {
  if (platform !== 'linux' && platform !== 'darwin' && platform !== 'win32') return undefined
  if (arch !== 'x64' && arch !== 'arm64') return undefined
  return { os: platform, arch }
}

/** The packing of an asset, read from its name. */
export function archiveKind(asset: string): ArchiveKind {
  if (asset.endsWith('.tar.gz')) return 'tar.gz'
  if (asset.endsWith('.zip')) return 'zip'
  return 'raw'
}

const GITHUB_BASE = 'https://github.com'

/**
 * The download URL of a release asset: GitHub's real shape
 * `https://github.com/<owner>/<repo>/releases/download/<tag>/<asset>`, with `https://github.com`
 * replaced by the mirror base (path prefix kept) when one is configured.
 */
export function releaseAssetUrl(spec: ToolSpec, version: string, asset: string, mirror?: string): string {
  const base = (mirror ?? GITHUB_BASE).replace(/\/+$/, '')
  const segments = [spec.owner, spec.repo, 'releases', 'download', spec.tag(version), asset]
  return `${base}/${segments.map(encodeURIComponent).join('/')}`
}
