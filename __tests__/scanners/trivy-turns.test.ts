/**
 * Trivy's scans share one cache dir and Trivy downloads into it without a lock between processes:
 * the CI run of stop 21 failed when two image scans both downloaded the missing DB ("failed to update
 * downloaded_at: unable to get metadata"). These tests run real planned jobs through runScans with
 * an exec that records when each scan starts and ends and writes the DB as Trivy does.
 */
import { describe, expect, it } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { planScans, type ScanJob } from '../../src/scanners/plan.js'
import { runScans } from '../../src/scanners/run.js'
import { trivyCacheTurns } from '../../src/scanners/trivy-turns.js'
import { isTrivyDbCurrent } from '../../src/tools/trivy-db/files.js'
import type { Exec } from '../../src/tools/exec.js'

const NOW = new Date('2026-12-02T06:00:00Z')
const HOUR = 3_600_000

function jobsIn(dir: string, checksOffline = false): ScanJob[] {
  return planScans({
    images: ['127.0.0.1:5111/container-gate/debian-vuln:1', '127.0.0.1:5111/container-gate/debian-vuln:2'],
    imageInputs: [],
    configPaths: ['examples/k8s', 'examples/app'],
    dockerfiles: [],
    reportDir: dir,
    trivy: {
      cacheDir: join(dir, 'cache'),
      ignoreFile: join(dir, 'empty'),
      configFile: join(dir, 'trivy.yaml'),
      secretConfigFile: join(dir, 'trivy-secret.yaml'),
      dbArgs: [],
      offlineChecks: checksOffline,
      timeout: '15m'
    }
  })
}

/** A DB as Trivy leaves it after a download: the file and its metadata.json. */
function writeDb(cacheDir: string, which: 'db' | 'java-db', meta: Record<string, unknown>): void {
  mkdirSync(join(cacheDir, which), { recursive: true })
  writeFileSync(join(cacheDir, which, which === 'db' ? 'trivy.db' : 'trivy-java.db'), 'bolt')
  writeFileSync(join(cacheDir, which, 'metadata.json'), JSON.stringify(meta))
}

const current = (version: number) => ({
  Version: version,
  NextUpdate: new Date(NOW.getTime() + 6 * HOUR).toISOString(),
  UpdatedAt: new Date(NOW.getTime() - 2 * HOUR).toISOString(),
  DownloadedAt: new Date(NOW.getTime() - HOUR / 2).toISOString()
})

/** Each scan answers when the test lets it; an image scan that was not told to skip the DB writes it. */
function recordingExec(cacheDir: string) {
  const events: string[] = []
  const argsOf: Record<string, readonly string[]> = {}
  const finish: Record<string, () => void> = {}
  const exec: Exec = (_file, args) => {
    const target = args[args.length - 1]!
    events.push(`start ${target}`)
    argsOf[target] = args
    return new Promise(resolve => {
      finish[target] = () => {
        if (args[0] === 'image' && !args.includes('--skip-db-update')) writeDb(cacheDir, 'db', current(2))
        const output = args[args.indexOf('--output') + 1]!
        copyFileSync(
          args[0] === 'image'
            ? 'examples/reports/trivy-0.74.0-debian-image.json'
            : '__fixtures__/e2e/trivy-0.74.0-config.json',
          output
        )
        events.push(`end ${target}`)
        resolve({ exitCode: 0, stdout: '', stderr: '' })
      }
    })
  }
  return { exec, events, argsOf, finish }
}

const settle = () => new Promise(resolve => setImmediate(resolve))

/** Waits until `ready` holds: the scans reach exec through file reads, which take a few event-loop
 * turns on an idle machine and many more under load (a fixed number of turns made this flaky). */
async function waitFor(ready: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !ready(); await new Promise(resolve => setTimeout(resolve, 2)))
    if (Date.now() - started > 4_000) throw new Error(`timed out waiting for ${what}`)
}

async function finishInTurn(finish: Record<string, () => void>, order: readonly string[]): Promise<void> {
  for (const target of order) {
    await waitFor(() => Boolean(finish[target]), `the scan of ${target} to start`)
    finish[target]!()
    await settle()
  }
}

describe('Trivy scans take turns at the cache dir they share', () => {
  it('with no DB on disk, the second image scan starts after the first downloaded it, and skips that download', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-turns-'))
    const cacheDir = join(dir, 'cache')
    const { exec, events, argsOf, finish } = recordingExec(cacheDir)
    const turns = trivyCacheTurns(cacheDir, { now: () => NOW, checksOffline: false })
    const running = runScans(jobsIn(dir), {
      exec,
      binaries: { trivy: 'trivy' },
      cwd: process.cwd(),
      turn: turns
    })
    const [one, two] = [
      '127.0.0.1:5111/container-gate/debian-vuln:1',
      '127.0.0.1:5111/container-gate/debian-vuln:2'
    ]
    await waitFor(() => events.length >= 2, 'the first two scans to start')
    // Nothing else may start while those two hold their turns, however long we wait.
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(events).toEqual([`start ${one}`, 'start examples/k8s'])
    await finishInTurn(finish, [one, 'examples/k8s', two, 'examples/app'])
    await running
    expect(events.indexOf(`start ${two}`)).toBeGreaterThan(events.indexOf(`end ${one}`))
    expect(events.indexOf('start examples/app')).toBeGreaterThan(events.indexOf('end examples/k8s'))
    expect(argsOf[one]).not.toContain('--skip-db-update')
    // The Java DB is still missing: Trivy may fetch it for this image, so it held the turn too.
    expect(argsOf[two]!.slice(0, 2)).toEqual(['image', '--skip-db-update'])
    expect(argsOf[two]).not.toContain('--skip-java-db-update')
    expect(argsOf['examples/k8s']).not.toContain('--skip-check-update')
    expect(argsOf['examples/app']!.slice(0, 2)).toEqual(['config', '--skip-check-update'])
  })

  it('with both DBs current, image scans run side by side, each told to leave both alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-turns-'))
    const cacheDir = join(dir, 'cache')
    writeDb(cacheDir, 'db', current(2))
    writeDb(cacheDir, 'java-db', current(1))
    const { exec, events, argsOf, finish } = recordingExec(cacheDir)
    const turns = trivyCacheTurns(cacheDir, { now: () => NOW, checksOffline: true })
    const running = runScans(jobsIn(dir, true), {
      exec,
      binaries: { trivy: 'trivy' },
      cwd: process.cwd(),
      turn: turns
    })
    await waitFor(() => events.length === 4, 'all four scans to start side by side')
    for (const target of Object.keys(finish)) finish[target]!()
    await running
    const images = Object.values(argsOf).filter(args => args[0] === 'image')
    expect(images.map(args => args.slice(1, 3))).toEqual([
      ['--skip-db-update', '--skip-java-db-update'],
      ['--skip-db-update', '--skip-java-db-update']
    ])
    // Offline checks are already skipped by the planned argv: nothing added.
    const configs = Object.values(argsOf).filter(args => args[0] === 'config')
    expect(configs.map(args => args.filter(a => a === '--skip-check-update').length)).toEqual([1, 1])
  })

  it('a scan that fails still hands the turn on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-turns-'))
    const cacheDir = join(dir, 'cache')
    const turns = trivyCacheTurns(cacheDir, { now: () => NOW, checksOffline: false })
    const [first, second] = jobsIn(dir).filter(job => job.needsTrivyDb)
    const turn = await turns(first!)
    let secondStarted = false
    const next = turns(second!).then(t => ((secondStarted = true), t))
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(secondStarted).toBe(false)
    turn.release()
    expect((await next).extraArgs).toEqual([])
    expect(secondStarted).toBe(true)
  })
})

describe('isTrivyDbCurrent: what Trivy 0.74 would leave as it is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-db-current-'))
  const cases: Array<[string, Record<string, unknown> | undefined, boolean]> = [
    ['no DB at all', undefined, false],
    ['NextUpdate ahead', current(2), true],
    ['another schema', current(1), false],
    [
      'NextUpdate passed, downloaded 30 min ago',
      { ...current(2), NextUpdate: new Date(NOW.getTime() - HOUR).toISOString() },
      true
    ],
    [
      'NextUpdate passed, downloaded 2 h ago',
      {
        ...current(2),
        NextUpdate: new Date(NOW.getTime() - HOUR).toISOString(),
        DownloadedAt: new Date(NOW.getTime() - 2 * HOUR).toISOString()
      },
      false
    ],
    ['DownloadedAt zero (copied with oras)', { ...current(2), DownloadedAt: '0001-01-01T00:00:00Z' }, false],
    ['metadata not JSON', { garbage: true }, false]
  ]
  it.each(cases)('%s', (name, meta, expected) => {
    const cacheDir = join(dir, name.replace(/\W+/g, '-'))
    if (meta) writeDb(cacheDir, 'db', meta)
    expect(isTrivyDbCurrent(cacheDir, 'vulnerability', NOW)).toBe(expected)
  })

  it('the Java DB is left alone for a day after its download', () => {
    const cacheDir = join(dir, 'java')
    const meta = {
      ...current(1),
      NextUpdate: new Date(NOW.getTime() - HOUR).toISOString(),
      DownloadedAt: new Date(NOW.getTime() - 20 * HOUR).toISOString()
    }
    writeDb(cacheDir, 'java-db', meta)
    expect(isTrivyDbCurrent(cacheDir, 'java', NOW)).toBe(true)
    expect(isTrivyDbCurrent(cacheDir, 'java', new Date(NOW.getTime() + 5 * HOUR))).toBe(false)
  })
})
