// The README's demo command must keep working: it runs dist/index.js on examples/ offline.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

describe('npm run demo', () => {
  it('runs the bundled action on examples/ and reports the verdict and where the reports went', () => {
    const result = spawnSync(process.execPath, ['scripts/demo.mjs'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME }
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/verdict: +fail \(exit code 1\)/)
    expect(result.stdout).toContain('CG-K8S-PRIVILEGED')
    expect(result.stdout).toContain('CVE-2019-18224')
    const sarif = /SARIF: +(\S+)/.exec(result.stdout)![1]!
    const summary = /job summary: +(\S+)/.exec(result.stdout)![1]!
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0')
    expect(readFileSync(summary, 'utf8')).toContain('container-gate: fail')
  })
})
