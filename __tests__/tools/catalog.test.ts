import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  CATALOG,
  archiveKind,
  currentPlatform,
  platformLabel,
  releaseAssetUrl,
  type PlatformKey
} from '../../src/tools/catalog.js'
import { INSTALLABLE_TOOLS } from '../../src/findings/model.js'

const ALL: PlatformKey[] = [
  'linux-x64',
  'linux-arm64',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64',
  'win32-arm64'
]

function table(tool: keyof typeof CATALOG, version: string): Record<string, string | undefined> {
  const assets = CATALOG[tool].assets(version)
  return Object.fromEntries(ALL.map(key => [key, assets[key]]))
}

describe('asset names', () => {
  it('trivy: goreleaser names, windows zip for amd64 only', () => {
    expect(table('trivy', '0.74.0')).toEqual({
      'linux-x64': 'trivy_0.74.0_Linux-64bit.tar.gz',
      'linux-arm64': 'trivy_0.74.0_Linux-ARM64.tar.gz',
      'darwin-x64': 'trivy_0.74.0_macOS-64bit.tar.gz',
      'darwin-arm64': 'trivy_0.74.0_macOS-ARM64.tar.gz',
      'win32-x64': 'trivy_0.74.0_windows-64bit.zip',
      'win32-arm64': undefined
    })
    expect(archiveKind('trivy_0.74.0_windows-64bit.zip')).toBe('zip')
    expect(archiveKind('trivy_0.74.0_Linux-64bit.tar.gz')).toBe('tar.gz')
  })

  it('hadolint 2.12.0: capitalised names, no macOS arm64, no Windows arm64', () => {
    expect(table('hadolint', '2.12.0')).toEqual({
      'linux-x64': 'hadolint-Linux-x86_64',
      'linux-arm64': 'hadolint-Linux-arm64',
      'darwin-x64': 'hadolint-Darwin-x86_64',
      'darwin-arm64': undefined,
      'win32-x64': 'hadolint-Windows-x86_64.exe',
      'win32-arm64': undefined
    })
  })

  it('hadolint before 2.10.0 has no Linux arm64 build', () => {
    expect(CATALOG.hadolint.assets('2.9.3')['linux-arm64']).toBeUndefined()
    expect(CATALOG.hadolint.assets('2.10.0')['linux-arm64']).toBe('hadolint-Linux-arm64')
  })

  it.each(['2.13.1', '2.14.0', '2.15.1'])('hadolint %s: lower-case names with macOS arm64', version => {
    expect(table('hadolint', version)).toEqual({
      'linux-x64': 'hadolint-linux-x86_64',
      'linux-arm64': 'hadolint-linux-arm64',
      'darwin-x64': 'hadolint-macos-x86_64',
      'darwin-arm64': 'hadolint-macos-arm64',
      'win32-x64': 'hadolint-windows-x86_64.exe',
      'win32-arm64': undefined
    })
  })

  it('hadolint renames exactly at 2.13.1 (a 2.13.1 pre-release still has the old names)', () => {
    expect(CATALOG.hadolint.assets('2.13.0')['linux-x64']).toBe('hadolint-Linux-x86_64')
    expect(CATALOG.hadolint.assets('2.13.1-rc.1')['linux-x64']).toBe('hadolint-Linux-x86_64')
    expect(CATALOG.hadolint.assets('2.13.1')['linux-x64']).toBe('hadolint-linux-x86_64')
  })

  it('cosign: raw binaries, Windows amd64 only', () => {
    expect(table('cosign', '3.1.3')).toEqual({
      'linux-x64': 'cosign-linux-amd64',
      'linux-arm64': 'cosign-linux-arm64',
      'darwin-x64': 'cosign-darwin-amd64',
      'darwin-arm64': 'cosign-darwin-arm64',
      'win32-x64': 'cosign-windows-amd64.exe',
      'win32-arm64': undefined
    })
    expect(archiveKind('cosign-linux-amd64')).toBe('raw')
  })

  it('gator: versioned tarballs, no Windows build', () => {
    expect(table('gator', '3.23.0')).toEqual({
      'linux-x64': 'gator-v3.23.0-linux-amd64.tar.gz',
      'linux-arm64': 'gator-v3.23.0-linux-arm64.tar.gz',
      'darwin-x64': 'gator-v3.23.0-darwin-amd64.tar.gz',
      'darwin-arm64': 'gator-v3.23.0-darwin-arm64.tar.gz',
      'win32-x64': undefined,
      'win32-arm64': undefined
    })
  })
})

describe('kustomize (releasing/build-kustomize-binary.sh)', () => {
  it('tarballs named with the v-prefixed version, zips for Windows, one checksums.txt', () => {
    expect(table('kustomize', '5.8.2')).toEqual({
      'linux-x64': 'kustomize_v5.8.2_linux_amd64.tar.gz',
      'linux-arm64': 'kustomize_v5.8.2_linux_arm64.tar.gz',
      'darwin-x64': 'kustomize_v5.8.2_darwin_amd64.tar.gz',
      'darwin-arm64': 'kustomize_v5.8.2_darwin_arm64.tar.gz',
      'win32-x64': 'kustomize_v5.8.2_windows_amd64.zip',
      'win32-arm64': 'kustomize_v5.8.2_windows_arm64.zip'
    })
    expect(CATALOG.kustomize.checksums('5.8.2', 'x')).toEqual({ file: 'checksums.txt', perAsset: false })
  })

  it('the per-module tag kustomize/v5.8.2, its slash encoded in the URL as GitHub accepts it', () => {
    expect(releaseAssetUrl(CATALOG.kustomize, '5.8.2', 'kustomize_v5.8.2_linux_amd64.tar.gz')).toBe(
      'https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.8.2/kustomize_v5.8.2_linux_amd64.tar.gz'
    )
  })
})

describe('crane (go-containerregistry .goreleaser.yml)', () => {
  it('one go-containerregistry tarball per platform (x86_64 for amd64), crane inside, checksums.txt', () => {
    expect(table('crane', '0.22.1')).toEqual({
      'linux-x64': 'go-containerregistry_Linux_x86_64.tar.gz',
      'linux-arm64': 'go-containerregistry_Linux_arm64.tar.gz',
      'darwin-x64': 'go-containerregistry_Darwin_x86_64.tar.gz',
      'darwin-arm64': 'go-containerregistry_Darwin_arm64.tar.gz',
      'win32-x64': 'go-containerregistry_Windows_x86_64.tar.gz',
      'win32-arm64': 'go-containerregistry_Windows_arm64.tar.gz'
    })
    expect(CATALOG.crane.member({ os: 'win32', arch: 'x64' })).toBe('crane.exe')
    expect(releaseAssetUrl(CATALOG.crane, '0.22.1', 'checksums.txt')).toBe(
      'https://github.com/google/go-containerregistry/releases/download/v0.22.1/checksums.txt'
    )
  })
})

describe('checksum sources', () => {
  it('trivy, cosign and gator publish one file per release', () => {
    expect(CATALOG.trivy.checksums('0.74.0', 'x')).toEqual({
      file: 'trivy_0.74.0_checksums.txt',
      perAsset: false
    })
    expect(CATALOG.cosign.checksums('3.1.3', 'x')).toEqual({ file: 'cosign_checksums.txt', perAsset: false })
    expect(CATALOG.gator.checksums('3.23.0', 'x')).toEqual({ file: 'sha256sums.txt', perAsset: false })
  })

  it('hadolint: per-asset .sha256 up to 2.14, one checksums.sha256 from 2.15', () => {
    expect(CATALOG.hadolint.checksums('2.12.0', 'hadolint-Linux-x86_64')).toEqual({
      file: 'hadolint-Linux-x86_64.sha256',
      perAsset: true
    })
    expect(CATALOG.hadolint.checksums('2.14.0', 'hadolint-linux-x86_64')).toEqual({
      file: 'hadolint-linux-x86_64.sha256',
      perAsset: true
    })
    expect(CATALOG.hadolint.checksums('2.15.0', 'hadolint-linux-x86_64')).toEqual({
      file: 'checksums.sha256',
      perAsset: false
    })
    expect(CATALOG.hadolint.checksums('2.15.1', 'hadolint-linux-x86_64').file).toBe('checksums.sha256')
  })
})

describe('binaries', () => {
  it('get .exe on Windows only', () => {
    for (const tool of INSTALLABLE_TOOLS) {
      expect(CATALOG[tool].binary({ os: 'linux', arch: 'x64' })).toBe(tool)
      expect(CATALOG[tool].binary({ os: 'win32', arch: 'x64' })).toBe(`${tool}.exe`)
    }
  })
})

describe('release URLs', () => {
  it('use GitHub release download URLs', () => {
    expect(releaseAssetUrl(CATALOG.trivy, '0.74.0', 'trivy_0.74.0_Linux-64bit.tar.gz')).toBe(
      'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz'
    )
    expect(releaseAssetUrl(CATALOG.gator, '3.23.0', 'sha256sums.txt')).toBe(
      'https://github.com/open-policy-agent/gatekeeper/releases/download/v3.23.0/sha256sums.txt'
    )
  })

  it('replace https://github.com by the mirror, keeping its path prefix', () => {
    expect(
      releaseAssetUrl(CATALOG.cosign, '3.1.3', 'cosign-linux-amd64', 'https://artifacts.example/github/')
    ).toBe('https://artifacts.example/github/sigstore/cosign/releases/download/v3.1.3/cosign-linux-amd64')
    expect(releaseAssetUrl(CATALOG.hadolint, '2.15.1', 'checksums.sha256', 'http://127.0.0.1:8080')).toBe(
      'http://127.0.0.1:8080/hadolint/hadolint/releases/download/v2.15.1/checksums.sha256'
    )
  })
})

describe('version output parsing', () => {
  const capture = (name: string): string =>
    readFileSync(resolve(process.cwd(), '__fixtures__/tools/version-output', name), 'utf8')

  it('reads real captures of each tool', () => {
    expect(CATALOG.trivy.parseVersion(capture('trivy-0.74.0.txt'))).toBe('0.74.0')
    expect(CATALOG.hadolint.parseVersion(capture('hadolint-2.15.1.txt'))).toBe('2.15.1')
    expect(CATALOG.cosign.parseVersion(capture('cosign-3.1.3.txt'))).toBe('3.1.3')
    expect(CATALOG.gator.parseVersion(capture('gator-3.23.0.txt'))).toBe('3.23.0')
    expect(CATALOG.kustomize.parseVersion(capture('kustomize-5.8.2.txt'))).toBe('5.8.2')
    // e2e-tools.sh's build (-X cmd.Version=v0.22.1); the release's goreleaser stamps 0.22.1, also read.
    expect(CATALOG.crane.parseVersion(capture('crane-0.22.1.txt'))).toBe('0.22.1')
    expect(CATALOG.crane.parseVersion('0.22.1\n')).toBe('0.22.1')
  })

  it('takes Trivy’s own version, not the indented DB schema version below it', () => {
    const withDb = [
      'Version: 0.74.0',
      'Vulnerability DB:',
      '  Version: 2',
      '  UpdatedAt: 2026-10-04 14:28:15.152965 +0000 UTC',
      ''
    ].join('\n')
    expect(CATALOG.trivy.parseVersion(withDb)).toBe('0.74.0')
    expect(CATALOG.trivy.parseVersion('  Version: 2\n')).toBeUndefined()
  })

  it('returns undefined for output that is not a version', () => {
    for (const tool of INSTALLABLE_TOOLS) {
      expect(CATALOG[tool].parseVersion('command not found')).toBeUndefined()
      expect(CATALOG[tool].parseVersion('')).toBeUndefined()
    }
  })
})

describe('platforms', () => {
  it('maps Node platform names and refuses others', () => {
    expect(currentPlatform('linux', 'x64')).toEqual({ os: 'linux', arch: 'x64' })
    expect(currentPlatform('darwin', 'arm64')).toEqual({ os: 'darwin', arch: 'arm64' })
    expect(currentPlatform('freebsd', 'x64')).toBeUndefined()
    expect(currentPlatform('linux', 's390x')).toBeUndefined()
    expect(platformLabel('darwin-arm64')).toBe('macos/arm64')
    expect(platformLabel('win32-x64')).toBe('windows/x64')
  })
})
