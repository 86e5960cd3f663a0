/**
 * The installer against a local release server on 127.0.0.1: real downloads over HTTP (with GitHub's
 * 302 to a blob URL), real SHA-256 checks, real tar/zip extraction, real execution of the installed
 * binary (a shell script that prints the tool's captured version output) and the real
 * @actions/tool-cache in a per-test RUNNER_TOOL_CACHE. Only sleeping is faked.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
  symlinkSync
} from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import * as tc from '@actions/tool-cache'
import { ConfigurationError, ToolError } from '../../src/errors.js'
import type { InstallableTool } from '../../src/findings/model.js'
import type { Platform } from '../../src/tools/catalog.js'
import { checkToolVersion } from '../../src/inputs/tool-versions.js'
import * as io from '@actions/io'
import { defaultInstallDeps, type InstallDeps } from '../../src/tools/deps.js'
import { MANIFEST_FILE } from '../../src/tools/cache-entry.js'
import { checkToolCache, installTool, toolCacheName, type InstallRequest } from '../../src/tools/install.js'
import { ReleaseServer } from '../../__fixtures__/tools/release-server.js'
import { fakeBinary, publish, releasePath, versionOutput } from '../../__fixtures__/tools/releases.js'

const LINUX: Platform = { os: 'linux', arch: 'x64' }

let server: ReleaseServer
let work: string
let pathDir: string
let sleeps: number[]
let logs: string[]
const savedEnv = { cache: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP }

beforeEach(async () => {
  server = new ReleaseServer()
  await server.start()
  work = mkdtempSync(join(tmpdir(), 'cg-install-'))
  for (const dir of ['toolcache', 'temp', 'path']) mkdirSync(join(work, dir))
  pathDir = join(work, 'path')
  process.env.RUNNER_TOOL_CACHE = join(work, 'toolcache')
  process.env.RUNNER_TEMP = join(work, 'temp')
  sleeps = []
  logs = []
})

afterEach(async () => {
  await server.stop()
  rmSync(work, { recursive: true, force: true })
  process.env.RUNNER_TOOL_CACHE = savedEnv.cache
  process.env.RUNNER_TEMP = savedEnv.temp
})

function deps(overrides: Partial<InstallDeps> = {}): InstallDeps {
  return defaultInstallDeps({
    sleep: async ms => {
      sleeps.push(ms)
    },
    logger: {
      info: m => logs.push(`info: ${m}`),
      warning: m => logs.push(`warning: ${m}`),
      debug: m => logs.push(`debug: ${m}`)
    },
    // The PATH of these tests is one folder: what @actions/io finds there, as it finds it on PATH.
    which: async binary => (await io.which(join(pathDir, binary), false)) || undefined,
    // The shipped pins describe the real upstream assets; these tests publish their own.
    pinned: { trivy: {}, hadolint: {}, cosign: {}, gator: {}, kustomize: {}, crane: {} },
    ...overrides
  })
}

function request(tool: InstallableTool, version: string, platform: Platform = LINUX): InstallRequest {
  return { tool, version: checkToolVersion(tool, version), platform, mirror: server.baseUrl }
}

/** Nothing of ours in the tool cache, and no scratch left in RUNNER_TEMP. */
function expectNothingCached(tool: InstallableTool, version: string, arch = 'x64'): void {
  expect(tc.find(toolCacheName(tool), version, arch)).toBe('')
  const cached = readdirSync(join(work, 'toolcache'))
  expect(cached.filter(name => name.startsWith('container-gate-'))).toEqual([])
  expect(readdirSync(join(work, 'temp'))).toEqual([])
}

async function runs(path: string): Promise<string> {
  const { execTool } = await import('../../src/tools/exec.js')
  const result = await execTool(path, ['--version'])
  return result.stdout
}

describe('happy path, every tool and packing', () => {
  it.each([
    ['trivy', '0.74.0', LINUX, 'trivy'],
    ['trivy', '0.74.0', { os: 'win32', arch: 'x64' } as Platform, 'trivy.exe'],
    ['trivy', '0.74.0', { os: 'darwin', arch: 'arm64' } as Platform, 'trivy'],
    ['hadolint', '2.15.1', LINUX, 'hadolint'],
    ['hadolint', '2.14.0', { os: 'darwin', arch: 'arm64' } as Platform, 'hadolint'],
    ['hadolint', '2.12.0', LINUX, 'hadolint'],
    ['cosign', '3.1.3', LINUX, 'cosign'],
    ['cosign', '3.1.3', { os: 'win32', arch: 'x64' } as Platform, 'cosign.exe'],
    ['gator', '3.23.0', LINUX, 'gator'],
    ['gator', '3.23.0', { os: 'linux', arch: 'arm64' } as Platform, 'gator']
  ] as [InstallableTool, string, Platform, string][])(
    '%s %s on %j',
    async (tool, version, platform, binary) => {
      const release = publish(server, tool, version, platform)
      const installed = await installTool(request(tool, version, platform), deps())

      expect(installed).toMatchObject({
        tool,
        version,
        fromCache: false,
        source: 'download',
        verifiedBy: 'checksum-file'
      })
      expect(installed.downloaded).toEqual([
        `${server.baseUrl}${release.checksumPath}`,
        `${server.baseUrl}${release.assetPath}`
      ])
      expect(installed.path).toBe(join(tc.find(toolCacheName(tool), version, platform.arch), binary))
      expect(await runs(installed.path)).toBe(versionOutput(tool, version).replace(/\n?$/, '\n'))
      const manifest = JSON.parse(readFileSync(join(installed.path, '..', MANIFEST_FILE), 'utf8'))
      expect(manifest).toMatchObject({
        tool,
        version,
        asset: release.asset,
        assetSha256: release.digest,
        binary
      })
      expect(readdirSync(join(work, 'temp'))).toEqual([])
    }
  )

  it('uses a digest pinned in the action without fetching the checksum file', async () => {
    const release = publish(server, 'trivy', '0.74.0', LINUX)
    const pinned = {
      trivy: { '0.74.0': { [release.asset]: release.digest } },
      hadolint: {},
      cosign: {},
      gator: {},
      kustomize: {},
      crane: {}
    }
    const installed = await installTool(request('trivy', '0.74.0'), deps({ pinned }))
    expect(installed.verifiedBy).toBe('pinned-digest')
    expect(server.count(release.checksumPath)).toBe(0)
    expect(server.count(release.assetPath)).toBe(1)
  })

  it('a digest given in tool-digests wins over the pinned one (tools built in-house)', async () => {
    const release = publish(server, 'trivy', '0.74.0', LINUX)
    const pinned = {
      trivy: { '0.74.0': { [release.asset]: 'e'.repeat(64) } },
      hadolint: {},
      cosign: {},
      gator: {},
      kustomize: {},
      crane: {}
    }
    const digests = new Map([[release.asset, release.digest]])
    const installed = await installTool({ ...request('trivy', '0.74.0'), digests }, deps({ pinned }))
    expect(installed.verifiedBy).toBe('input-digest')
    expect(server.count(release.checksumPath)).toBe(0)
  })

  it('a wrong digest in tool-digests fails closed and says where the digest came from', async () => {
    const release = publish(server, 'hadolint', '2.15.1', LINUX)
    const digests = new Map([[release.asset, 'a'.repeat(64)]])
    await expect(installTool({ ...request('hadolint', '2.15.1'), digests }, deps())).rejects.toThrow(
      `expected ${'a'.repeat(64)} (given in the 'tool-digests' input), got ${release.digest}`
    )
    expectNothingCached('hadolint', '2.15.1')
  })

  it('keeps the path prefix of a mirror', async () => {
    const release = publish(server, 'cosign', '3.1.3', LINUX, undefined, '/github')
    const installed = await installTool(
      { ...request('cosign', '3.1.3'), mirror: `${server.baseUrl}/github/` },
      deps()
    )
    expect(installed.downloaded).toEqual([
      `${server.baseUrl}${release.checksumPath}`,
      `${server.baseUrl}${release.assetPath}`
    ])
  })

  it('accepts a leading v and reports the canonical version', async () => {
    publish(server, 'gator', '3.23.0', LINUX)
    expect((await installTool(request('gator', 'v3.23.0'), deps())).version).toBe('3.23.0')
  })
})

describe('tool cache', () => {
  /** deps with the published digest pinned, as the action pins its default versions. */
  function pinnedTo(tool: InstallableTool, version: string, asset: string, digest: string): InstallDeps {
    const pinned = {
      trivy: {},
      hadolint: {},
      cosign: {},
      gator: {},
      kustomize: {},
      crane: {},
      [tool]: { [version]: { [asset]: digest } }
    }
    return deps({ pinned })
  }

  it('serves the second install of a pinned version with zero HTTP requests', async () => {
    const release = publish(server, 'trivy', '0.74.0', LINUX)
    const pinned = pinnedTo('trivy', '0.74.0', release.asset, release.digest)
    const first = await installTool(request('trivy', '0.74.0'), pinned)
    const requests = server.count()
    expect(requests).toBe(1)

    const second = await installTool(request('trivy', '0.74.0'), pinned)
    expect(second).toMatchObject({ path: first.path, fromCache: true, source: 'tool-cache', downloaded: [] })
    expect(server.count()).toBe(requests)
  })

  it('checks a cached version verified by checksum file against that file again, never downloading the asset', async () => {
    const release = publish(server, 'gator', '3.23.0', LINUX)
    await installTool(request('gator', '3.23.0'), deps())
    const second = await installTool(request('gator', '3.23.0'), deps())
    expect(second).toMatchObject({
      source: 'tool-cache',
      downloaded: [`${server.baseUrl}${release.checksumPath}`]
    })
    expect(server.count(release.assetPath)).toBe(1)
  })

  it('keys by architecture: an arm64 install does not satisfy x64', async () => {
    publish(server, 'cosign', '3.1.3', { os: 'linux', arch: 'arm64' })
    publish(server, 'cosign', '3.1.3', LINUX)
    await installTool(request('cosign', '3.1.3', { os: 'linux', arch: 'arm64' }), deps())
    const x64 = await installTool(request('cosign', '3.1.3'), deps())
    expect(x64.fromCache).toBe(false)
  })

  it('re-installs when a cached binary no longer matches the release', async () => {
    publish(server, 'hadolint', '2.15.1', LINUX)
    const first = await installTool(request('hadolint', '2.15.1'), deps())
    writeFileSync(first.path, fakeBinary('Haskell Dockerfile Linter 2.15.1\n# altered\n'))
    const again = await installTool(request('hadolint', '2.15.1'), deps())
    expect(again.source).toBe('download')
    expect(logs).toContain(
      `warning: Ignoring the tool-cache entry ${join(first.path, '..')} for hadolint 2.15.1: hadolint does not match the release's SHA-256. Reinstalling.`
    )
    expect(await runs(again.path)).toBe('Haskell Dockerfile Linter 2.15.1\n')
  })

  it('ignores an entry another action left under the plain tool name', async () => {
    const foreign = join(work, 'toolcache', 'trivy', '0.74.0', 'x64')
    mkdirSync(foreign, { recursive: true })
    writeFileSync(`${foreign}.complete`, '')
    writeFileSync(join(foreign, 'trivy'), fakeBinary('Version: 0.74.0'))
    publish(server, 'trivy', '0.74.0', LINUX)
    expect((await installTool(request('trivy', '0.74.0'), deps())).source).toBe('download')
  })

  describe('poisoned by an earlier job (self-hosted runners keep the tool cache)', () => {
    /** A fake trivy that leaves a marker when it runs, and a manifest that vouches for it. */
    function poison(path: string): string {
      const marker = join(work, 'poisoned-tool-ran')
      writeFileSync(path, `#!/bin/sh\ntouch '${marker}'\necho 'Version: 0.74.0'\n`)
      chmodSync(path, 0o755)
      const manifestFile = join(path, '..', MANIFEST_FILE)
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
      manifest.binarySha256 = createHash('sha256').update(readFileSync(path)).digest('hex')
      writeFileSync(manifestFile, JSON.stringify(manifest))
      return marker
    }

    it('refuses a replaced executable even when the manifest was rewritten to match it', async () => {
      const release = publish(server, 'trivy', '0.74.0', LINUX)
      const first = await installTool(request('trivy', '0.74.0'), deps())
      const marker = poison(first.path)
      const again = await installTool(request('trivy', '0.74.0'), deps())
      expect(again.source).toBe('download')
      expect(
        logs.some(l => l.endsWith(`trivy is not the executable in ${release.asset}. Reinstalling.`))
      ).toBe(true)
      await runs(again.path)
      expect(existsSync(marker)).toBe(false)
    })

    it('checked early (before the run chose its files), a poisoned entry still never runs', async () => {
      publish(server, 'trivy', '0.74.0', LINUX)
      const first = await installTool(request('trivy', '0.74.0'), deps())
      const marker = poison(first.path)
      const early = checkToolCache(request('trivy', '0.74.0'), deps())
      expect(await early).toBeUndefined()
      const again = await installTool(request('trivy', '0.74.0'), deps(), early)
      expect(again.source).toBe('download')
      await runs(again.path)
      expect(existsSync(marker)).toBe(false)
    })

    it('an early check that found the entry sound is not repeated: installTool uses its result', async () => {
      publish(server, 'trivy', '0.74.0', LINUX)
      const first = await installTool(request('trivy', '0.74.0'), deps())
      const early = checkToolCache(request('trivy', '0.74.0'), deps())
      expect(await early).toMatchObject({ path: first.path, source: 'tool-cache' })
      const checks = () => logs.filter(l => l.includes('using the tool cache')).length
      const before = checks()
      const again = await installTool(request('trivy', '0.74.0'), deps(), early)
      expect(again).toMatchObject({ path: first.path, source: 'tool-cache' })
      expect(checks()).toBe(before)
    })

    it('refuses a replaced archive as well: it must match the release digest', async () => {
      const release = publish(server, 'trivy', '0.74.0', LINUX)
      const first = await installTool(request('trivy', '0.74.0'), deps())
      poison(first.path)
      writeFileSync(join(first.path, '..', release.asset), 'a different archive')
      await installTool(request('trivy', '0.74.0'), deps())
      expect(
        logs.some(l => l.endsWith(`${release.asset} does not match the release's SHA-256. Reinstalling.`))
      ).toBe(true)
    })

    it('refuses a whole entry planted for a version never installed here', async () => {
      publish(server, 'hadolint', '2.15.1', LINUX)
      const planted = join(work, 'toolcache', 'container-gate-hadolint', '2.15.1', 'x64')
      mkdirSync(planted, { recursive: true })
      writeFileSync(`${planted}.complete`, '')
      const fake = fakeBinary('Haskell Dockerfile Linter 2.15.1\n# planted\n')
      writeFileSync(join(planted, 'hadolint'), fake)
      const digest = createHash('sha256').update(fake).digest('hex')
      writeFileSync(
        join(planted, MANIFEST_FILE),
        JSON.stringify({
          tool: 'hadolint',
          version: '2.15.1',
          asset: 'hadolint-linux-x86_64',
          assetSha256: digest,
          binary: 'hadolint',
          binarySha256: digest
        })
      )
      expect((await installTool(request('hadolint', '2.15.1'), deps())).source).toBe('download')
    })

    it('refuses an executable that is a link', async () => {
      publish(server, 'hadolint', '2.15.1', LINUX)
      const first = await installTool(request('hadolint', '2.15.1'), deps())
      const elsewhere = join(work, 'elsewhere')
      writeFileSync(elsewhere, readFileSync(first.path))
      rmSync(first.path)
      symlinkSync(elsewhere, first.path)
      expect((await installTool(request('hadolint', '2.15.1'), deps())).source).toBe('download')
      expect(logs.some(l => l.includes('hadolint is not a regular file'))).toBe(true)
    })
  })
})

describe('binary on PATH', () => {
  function onPath(name: string, output: string): string {
    const file = join(pathDir, name)
    writeFileSync(file, fakeBinary(output))
    chmodSync(file, 0o755)
    return file
  }

  /** A compromised tool: it answers like the real one and leaves a marker each time it runs. */
  function compromised(name: string, output: string): { marker: string } {
    const marker = join(work, `${name}-ran`)
    const file = join(pathDir, name)
    writeFileSync(file, `#!/bin/sh\necho "$@" >> '${marker}'\nprintf '%s' '${output}'\n`)
    chmodSync(file, 0o755)
    return { marker }
  }

  it('is never run by default, not even its version command: the verified release is used', async () => {
    const { marker } = compromised('trivy', versionOutput('trivy', '0.74.0'))
    publish(server, 'trivy', '0.74.0', LINUX)
    const installed = await installTool(request('trivy', '0.74.0'), deps())
    expect(installed.source).toBe('download')
    expect(installed.path.startsWith(join(work, 'toolcache'))).toBe(true)
    expect(existsSync(marker)).toBe(false)
    // The next run comes from the tool cache: still nothing from PATH runs.
    expect((await installTool(request('trivy', '0.74.0'), deps())).source).toBe('tool-cache')
    expect(existsSync(marker)).toBe(false)
  })

  it('is not even looked up by default', async () => {
    const looked: string[] = []
    publish(server, 'gator', '3.23.0', LINUX)
    await installTool(
      request('gator', '3.23.0'),
      deps({
        which: async binary => {
          looked.push(binary)
          return undefined
        }
      })
    )
    expect(looked).toEqual([])
  })

  describe('with trust-path-tools: true', () => {
    const trusted = (tool: InstallableTool, version: string) => ({
      ...request(tool, version),
      trustPath: true
    })

    it('is used when it reports exactly the requested version, with zero HTTP requests', async () => {
      const file = onPath('hadolint', versionOutput('hadolint', '2.15.1'))
      const installed = await installTool(trusted('hadolint', '2.15.1'), deps())
      expect(installed).toMatchObject({ path: file, source: 'path', fromCache: false, downloaded: [] })
      expect(server.count()).toBe(0)
      expect(logs).toContain(
        `info: hadolint 2.15.1: using ${file} from PATH (trust-path-tools is true and it reports this version; not verified by SHA-256).`
      )
    })

    it('is ignored when its version differs, and the release is downloaded', async () => {
      onPath('trivy', 'Version: 0.74.1\n')
      publish(server, 'trivy', '0.74.0', LINUX)
      const installed = await installTool(trusted('trivy', '0.74.0'), deps())
      expect(installed.source).toBe('download')
      expect(logs.some(line => line.includes('reports 0.74.1, 0.74.0 is required'))).toBe(true)
    })

    it('is ignored when it does not answer its version command', async () => {
      const file = join(pathDir, 'cosign')
      writeFileSync(file, '#!/bin/sh\necho broken >&2\nexit 3\n')
      chmodSync(file, 0o755)
      publish(server, 'cosign', '3.1.3', LINUX)
      expect((await installTool(trusted('cosign', '3.1.3'), deps())).source).toBe('download')
    })

    it('still never runs a binary for a refused version', () => {
      const { marker } = compromised('trivy', versionOutput('trivy', '0.69.4'))
      expect(() => trusted('trivy', '0.69.4')).toThrow(/CVE-2026-33634/)
      expect(existsSync(marker)).toBe(false)
    })
  })
})

describe('fails closed, leaving nothing in the tool cache', () => {
  it('refuses a tampered archive before extracting or running it', async () => {
    const release = publish(server, 'trivy', '0.74.0', LINUX)
    const marker = join(work, 'tampered-ran')
    const { tarGz } = await import('../../__fixtures__/tools/releases.js')
    server.put(
      release.assetPath,
      tarGz({ trivy: [Buffer.from(`#!/bin/sh\ntouch '${marker}'\necho 'Version: 0.74.0'\n`), 0o755] })
    )
    const attempt = installTool(request('trivy', '0.74.0'), deps())
    await expect(attempt).rejects.toThrow(ToolError)
    await expect(attempt).rejects.toThrow(
      /SHA-256 mismatch for trivy_0.74.0_Linux-64bit.tar.gz from http:\/\/127\.0\.0\.1/
    )
    expect(existsSync(marker)).toBe(false)
    expectNothingCached('trivy', '0.74.0')
  })

  it('refuses an asset whose digest differs from the pinned one, without asking the checksum file', async () => {
    const release = publish(server, 'cosign', '3.1.3', LINUX)
    const pinned = {
      trivy: {},
      hadolint: {},
      cosign: { '3.1.3': { [release.asset]: 'f'.repeat(64) } },
      gator: {},
      kustomize: {},
      crane: {}
    }
    await expect(installTool(request('cosign', '3.1.3'), deps({ pinned }))).rejects.toThrow(
      `expected ${'f'.repeat(64)} (pinned in container-gate), got ${release.digest}`
    )
    expect(server.count(release.checksumPath)).toBe(0)
    expectNothingCached('cosign', '3.1.3')
  })

  it('refuses a checksum file that carries the wrong digest', async () => {
    const release = publish(server, 'gator', '3.23.0', LINUX)
    server.put(release.checksumPath, `${'0'.repeat(64)}  ./${release.asset}\n`)
    await expect(installTool(request('gator', '3.23.0'), deps())).rejects.toThrow(/SHA-256 mismatch/)
    expectNothingCached('gator', '3.23.0')
  })

  it('refuses a release file that is itself truncated (complete transfer, short file)', async () => {
    const release = publish(server, 'hadolint', '2.15.1', LINUX)
    server.put(release.assetPath, release.body.subarray(0, release.body.length - 7))
    await expect(installTool(request('hadolint', '2.15.1'), deps())).rejects.toThrow(/SHA-256 mismatch/)
    expectNothingCached('hadolint', '2.15.1')
  })

  it('gives up on a transfer cut short every time, naming the URL', async () => {
    const release = publish(server, 'trivy', '0.74.0', LINUX)
    for (let i = 0; i < 4; i++) server.script(release.assetPath, { truncateTo: 100 })
    await expect(installTool(request('trivy', '0.74.0'), deps())).rejects.toThrow(
      new RegExp(
        `^Could not download ${server.baseUrl}${release.assetPath}: .*(truncated|interrupted).*after 4 attempts`
      )
    )
    expect(server.count(release.assetPath)).toBe(4)
    expect(sleeps).toEqual([1000, 2000, 4000])
    expectNothingCached('trivy', '0.74.0')
  })

  it('refuses when the checksum file has no line for the asset, before downloading it', async () => {
    const release = publish(server, 'trivy', '0.74.0', LINUX)
    server.put(release.checksumPath, `${'1'.repeat(64)}  trivy_0.74.0_macOS-64bit.tar.gz\n`)
    await expect(installTool(request('trivy', '0.74.0'), deps())).rejects.toThrow(
      'Checksum file trivy_0.74.0_checksums.txt has no SHA-256 line for trivy_0.74.0_Linux-64bit.tar.gz'
    )
    expect(server.count(release.assetPath)).toBe(0)
    expectNothingCached('trivy', '0.74.0')
  })

  it('refuses a per-asset checksum file that is missing (404, not retried)', async () => {
    const release = publish(server, 'hadolint', '2.14.0', LINUX)
    server.remove(release.checksumPath)
    await expect(installTool(request('hadolint', '2.14.0'), deps())).rejects.toThrow(
      `Could not download ${server.baseUrl}${release.checksumPath}: HTTP 404 Not Found`
    )
    expect(sleeps).toEqual([])
    expectNothingCached('hadolint', '2.14.0')
  })

  it('refuses a genuine-looking asset that reports another version', async () => {
    publish(server, 'cosign', '3.1.3', LINUX, versionOutput('cosign', '3.1.2'))
    await expect(installTool(request('cosign', '3.1.3'), deps())).rejects.toThrow(
      /reports version 3\.1\.2, not 3\.1\.3/
    )
    expectNothingCached('cosign', '3.1.3')
  })

  it('refuses an asset that does not run', async () => {
    const release = publish(server, 'hadolint', '2.15.1', LINUX)
    const broken = Buffer.from('#!/bin/sh\nexit 42\n')
    server.put(release.assetPath, broken)
    const { sha256 } = await import('../../__fixtures__/tools/releases.js')
    server.put(release.checksumPath, `${sha256(broken)} *${release.asset}\n`)
    await expect(installTool(request('hadolint', '2.15.1'), deps())).rejects.toThrow(
      /does not run: .*exited with code 42/
    )
    expectNothingCached('hadolint', '2.15.1')
  })

  it('refuses an archive without the executable', async () => {
    const release = publish(server, 'gator', '3.23.0', LINUX)
    const { tarGz, sha256 } = await import('../../__fixtures__/tools/releases.js')
    const empty = tarGz({ 'README.md': [Buffer.from('nothing'), 0o644] })
    server.put(release.assetPath, empty)
    server.put(release.checksumPath, `${sha256(empty)}  ./${release.asset}\n`)
    await expect(installTool(request('gator', '3.23.0'), deps())).rejects.toThrow(
      /does not contain the executable gator/
    )
    expectNothingCached('gator', '3.23.0')
  })
})

describe('refused before any request', () => {
  it("without RUNNER_TEMP, says it is the caller's to set (a configuration mistake, not a bug)", () => {
    const temp = process.env.RUNNER_TEMP
    delete process.env.RUNNER_TEMP
    try {
      expect(() => defaultInstallDeps().tempRoot()).toThrow(ConfigurationError)
      expect(() => defaultInstallDeps().tempRoot()).toThrow(/^RUNNER_TEMP is not set/)
    } finally {
      process.env.RUNNER_TEMP = temp
    }
  })

  it('a denylisted version cannot even be asked for: the request carries a checked ToolVersion', () => {
    const file = join(pathDir, 'trivy')
    writeFileSync(file, fakeBinary('Version: 0.69.4'))
    chmodSync(file, 0o755)
    expect(() => request('trivy', '0.69.4')).toThrow(ConfigurationError)
    expect(() => request('trivy', 'v0.69.4')).toThrow(/CVE-2026-33634/)
    expect(server.count()).toBe(0)
    expectNothingCached('trivy', '0.69.4')
  })

  it('an unsupported platform, listing the platforms that exist', async () => {
    await expect(
      installTool(request('gator', '3.23.0', { os: 'win32', arch: 'x64' }), deps())
    ).rejects.toThrow(
      'gator 3.23.0 publishes no build for windows/x64; available: linux/x64, linux/arm64, macos/x64, macos/arm64.'
    )
    await expect(
      installTool(request('trivy', '0.74.0', { os: 'win32', arch: 'arm64' }), deps())
    ).rejects.toThrow(/trivy 0\.74\.0 publishes no build for windows\/arm64; available: .*windows\/x64/)
    await expect(
      installTool(request('hadolint', '2.12.0', { os: 'darwin', arch: 'arm64' }), deps())
    ).rejects.toThrow(/hadolint 2\.12\.0 publishes no build for macos\/arm64/)
    expect(server.count()).toBe(0)
  })
})

describe('retries', () => {
  it('retries 429 (honouring Retry-After) and 500, then succeeds', async () => {
    const release = publish(server, 'trivy', '0.74.0', LINUX)
    server.script(release.assetPath, { status: 429, retryAfter: '3' }, { status: 500 })
    const installed = await installTool(request('trivy', '0.74.0'), deps())
    expect(installed.source).toBe('download')
    expect(server.count(release.assetPath)).toBe(3)
    expect(sleeps).toEqual([3000, 2000])
  })

  it('retries a connection reset and a cut-off transfer', async () => {
    const release = publish(server, 'gator', '3.23.0', LINUX)
    server.script(release.checksumPath, { reset: true })
    server.script(release.assetPath, { truncateTo: 10 })
    await installTool(request('gator', '3.23.0'), deps())
    expect(server.count(release.checksumPath)).toBe(2)
    expect(server.count(release.assetPath)).toBe(2)
    expect(sleeps).toEqual([1000, 1000])
  })

  it('names the URL and the last status after the last try', async () => {
    const release = publish(server, 'cosign', '3.1.3', LINUX)
    for (let i = 0; i < 4; i++) server.script(release.checksumPath, { status: 503 })
    await expect(installTool(request('cosign', '3.1.3'), deps())).rejects.toThrow(
      `Could not download ${server.baseUrl}${release.checksumPath}: HTTP 503 (after 4 attempts).`
    )
    expect(sleeps).toEqual([1000, 2000, 4000])
    expectNothingCached('cosign', '3.1.3')
  })

  it('does not retry other client errors', async () => {
    const release = publish(server, 'cosign', '3.1.3', LINUX)
    server.script(release.checksumPath, { status: 403 })
    await expect(installTool(request('cosign', '3.1.3'), deps())).rejects.toThrow(
      /HTTP 403 \(after 1 attempt\)/
    )
    expect(sleeps).toEqual([])
  })
})

describe('release paths', () => {
  it('match GitHub’s layout', () => {
    expect(releasePath('gator', '3.23.0', 'sha256sums.txt')).toBe(
      '/open-policy-agent/gatekeeper/releases/download/v3.23.0/sha256sums.txt'
    )
  })
})
