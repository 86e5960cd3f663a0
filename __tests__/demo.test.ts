// The README's demo command must keep working: it runs dist/index.js on examples/ offline, shows
// the Dockerfile checks too, prints the log and the summary readably, leaves nothing behind, and
// does not change with the calendar.
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
// @ts-expect-error -- plain ESM script, no type declarations
import { runDemo } from '../scripts/demo.mjs'

const scratch = mkdtempSync(join(tmpdir(), 'cg-demo-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function demo(args: string[] = []) {
  const temp = mkdtempSync(join(scratch, 'tmp-'))
  const result = spawnSync(process.execPath, ['scripts/demo.mjs', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: temp }
  })
  return { ...result, temp }
}

describe('npm run demo', () => {
  const run = demo()

  it('runs the bundled action on examples/, Dockerfile checks included, and says the verdict', () => {
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/verdict: +fail \(exit code 1\)/)
    expect(run.stdout).toContain(
      'error: 5 findings block: 3 admission-rule violations in examples/k8s/deployment.yaml, 1 base-image rule violation in examples/app/Dockerfile, 1 fixable CRITICAL vulnerability in debian-vuln:1'
    )
    expect(run.stdout).toContain(
      'error: examples/app/Dockerfile:2: docker.io/library/debian:bookworm is not allowed'
    )
  })

  it('shows the log as the log viewer does: a titled group per stage, annotations as file:line', () => {
    const titles = run.stdout.split('\n').filter(line => line.startsWith('▸ '))
    expect(titles).toEqual([
      '▸ Inputs and policy',
      '▸ Files in scope',
      '▸ Checks: base images, admission rules',
      '▸ Policy',
      '▸ Reports: SARIF, JSON, artifact',
      '▸ Publish: code scanning, comment, summary, annotations'
    ])
    expect(run.stdout).not.toMatch(/^::/m)
  })

  it('prints the job summary as text: tables as columns, no markdown escapes', () => {
    const summary = run.stdout.slice(run.stdout.indexOf('--- the job summary ---'))
    expect(summary).toMatch(
      /^ {2}🟥 CRITICAL +CG-BASE-IMAGE-NOT-ALLOWED +examples\/app\/Dockerfile:2 +— +— /m
    )
    expect(summary).toContain("Ignored by the policy's tiers (2)")
    expect(summary).not.toMatch(/&nbsp;|&lt;|\\_|\]\(https|<details>/)
  })

  it('leaves no temporary folder behind', () => {
    expect(readdirSync(run.temp)).toEqual([])
  })

  it('keeps the SARIF, the JSON report and the summary with --out', () => {
    const out = join(scratch, 'kept')
    const kept = demo(['--out', out])
    expect(kept.status).toBe(0)
    const sarif = /SARIF: +(\S+)/.exec(kept.stdout)![1]!
    const summary = /job summary: +(\S+)/.exec(kept.stdout)![1]!
    expect(sarif.startsWith(out)).toBe(true)
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0')
    expect(readFileSync(summary, 'utf8')).toContain('container-gate: fail')
    expect(readdirSync(kept.temp)).toEqual([])
  })

  it('does not change with the calendar: the same summary in 2026 and after every ignore expired', () => {
    // Pretends the machine's clock says 2027-06-01, past the example policy's last expiry.
    const later = join(scratch, 'later.mjs')
    writeFileSync(
      later,
      `const R = Date; const shift = R.parse('2027-06-01T00:00:00Z') - R.now();
       globalThis.Date = class extends R { constructor(...a) { a.length ? super(...a) : super(R.now() + shift) } static now() { return R.now() + shift } }`
    )
    const shifted = runDemo({
      dir: join(scratch, 'shifted'),
      env: { NODE_OPTIONS: `--import=${pathToFileURL(later).href}` }
    })
    const today = runDemo({ dir: join(scratch, 'today') })
    const comparable = (text: string, dir: string) =>
      text.replaceAll(join(scratch, dir), '<dir>').replace(/container-gate-\w{6}/g, 'container-gate-x')
    expect(comparable(shifted.summary, 'shifted')).toBe(comparable(today.summary, 'today'))
    expect(today.summary).toContain('#### Expired ignores (1)')
  })
})
