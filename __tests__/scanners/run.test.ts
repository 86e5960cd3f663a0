/**
 * What the scan group of the log says while scans run: one line per result (target, findings,
 * seconds, exit code, the scanner's own stderr under it) and, for long work, a line every 30 s
 * naming what is still running and why (Trivy downloading its DB). The clock is moved by hand, and
 * the tools' output is what the real tools printed (examples/reports/).
 */
import { describe, expect, it } from '@jest/globals'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { planScans } from '../../src/scanners/plan.js'
import { runScans } from '../../src/scanners/run.js'
import type { Exec } from '../../src/tools/exec.js'
import { manualClock } from '../helpers/manual-clock.js'

const dir = mkdtempSync(join(tmpdir(), 'cg-scan-progress-'))
const jobs = planScans({
  images: ['127.0.0.1:5111/container-gate/debian-vuln:1'],
  imageInputs: [],
  configPaths: [],
  dockerfiles: ['examples/app/Dockerfile'],
  reportDir: dir,
  trivy: {
    cacheDir: dir,
    ignoreFile: join(dir, 'empty'),
    configFile: join(dir, 'trivy.yaml'),
    secretConfigFile: join(dir, 'trivy-secret.yaml'),
    dbArgs: [],
    offlineChecks: false,
    timeout: '15m'
  }
})

/** Each tool answers when the test says so, with the output the real tool gave. */
function pendingTools() {
  const finish: Record<string, () => void> = {}
  const exec: Exec = (file, args) =>
    new Promise(resolve => {
      finish[file] = () => {
        if (file === 'trivy') {
          const output = args[args.indexOf('--output') + 1]!
          copyFileSync('examples/reports/trivy-0.74.0-debian-image.json', output)
          resolve({ exitCode: 0, stdout: '', stderr: '' })
        } else {
          const stdout = readFileSync('examples/reports/hadolint-2.15.1-app.json', 'utf8')
          resolve({ exitCode: 1, stdout, stderr: 'hadolint: warning: ::error::not a command\n' })
        }
      }
    })
  return { exec, finish }
}

describe('runScans progress', () => {
  it('says what finished, and every 30 s what is still running and why', async () => {
    const clock = manualClock()
    const lines: string[] = []
    const { exec, finish } = pendingTools()
    const running = runScans(jobs, {
      exec,
      binaries: { trivy: 'trivy', hadolint: 'hadolint' },
      cwd: process.cwd(),
      progress: {
        clock,
        report: line => void lines.push(line),
        hint: job => (job.needsTrivyDb ? 'Trivy downloads its vulnerability DB first' : undefined)
      }
    })
    await new Promise(resolve => setImmediate(resolve))
    clock.advance(4_000)
    finish.hadolint!()
    await new Promise(resolve => setImmediate(resolve))
    clock.advance(61_000)
    finish.trivy!()
    const outcomes = await running
    expect(outcomes.map(o => o.findings.length)).toEqual([2, 6])
    expect(lines).toEqual([
      'hadolint Dockerfiles (1): 6 findings in 4.0 s (exit code 1).',
      '  | hadolint: warning: ::error::not a command',
      'Still running after 30.0 s: trivy image 127.0.0.1:5111/container-gate/debian-vuln:1 (Trivy downloads its vulnerability DB first).',
      'Still running after 1 min 00 s: trivy image 127.0.0.1:5111/container-gate/debian-vuln:1 (Trivy downloads its vulnerability DB first).',
      'trivy image 127.0.0.1:5111/container-gate/debian-vuln:1: 2 findings in 1 min 05 s.'
    ])
  })

  it('is silent without a progress sink (the default), and stops its timer when a scan fails', async () => {
    const clock = manualClock()
    const lines: string[] = []
    const failing: Exec = async () => ({ exitCode: 2, stdout: '', stderr: 'FATAL image not found' })
    await expect(
      runScans(jobs, {
        exec: failing,
        binaries: { trivy: 'trivy', hadolint: 'hadolint' },
        cwd: process.cwd(),
        progress: { clock, report: line => void lines.push(line) }
      })
    ).rejects.toThrow(/produced no report/)
    clock.advance(120_000)
    expect(lines).toEqual([])
  })

  it('starts each scan as soon as its own tool is ready, and says nothing of scans still waiting', async () => {
    const clock = manualClock()
    const lines: string[] = []
    const started: string[] = []
    const { exec, finish } = pendingTools()
    let trivyReady: (path: string) => void = () => {}
    const trivyInstall = new Promise<string>(resolve => (trivyReady = resolve))
    let dbReady: () => void = () => {}
    const db = new Promise<void>(resolve => (dbReady = resolve))
    const running = runScans(jobs, {
      exec: (file, args, options) => (started.push(file), exec(file, args, options)),
      binaries: { trivy: trivyInstall, hadolint: Promise.resolve('hadolint') },
      waitFor: job => (job.needsTrivyDb ? db : undefined),
      cwd: process.cwd(),
      progress: { clock, report: line => void lines.push(line) }
    })
    const settle = () => new Promise(resolve => setImmediate(resolve))
    await settle()
    // Trivy is still being installed: hadolint lints already.
    expect(started).toEqual(['hadolint'])
    clock.advance(2_000)
    finish.hadolint!()
    await settle()
    trivyReady('trivy')
    await settle()
    // Trivy is ready, the image scan waits for the DB; a waiting scan is not "still running".
    clock.advance(45_000)
    expect(started).toEqual(['hadolint'])
    dbReady()
    await settle()
    expect(started).toEqual(['hadolint', 'trivy'])
    clock.advance(31_000)
    finish.trivy!()
    await running
    expect(lines.filter(l => !l.startsWith('  |'))).toEqual([
      'hadolint Dockerfiles (1): 6 findings in 2.0 s (exit code 1).',
      // The 60 s tick: nothing was said at 30 s, while the scan waited; it has run 13 s since.
      'Still running after 13.0 s: trivy image 127.0.0.1:5111/container-gate/debian-vuln:1.',
      'trivy image 127.0.0.1:5111/container-gate/debian-vuln:1: 2 findings in 31.0 s.'
    ])
  })
})
