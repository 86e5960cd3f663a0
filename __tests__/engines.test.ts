/**
 * Which Node the project needs, said once and kept true: package.json's `engines` is the Node the
 * action runs on (action.yml's `runs.using`) and the Node the npm scripts run on (the `node`
 * devDependency), and every installed package accepts it, so `npm ci` on that Node warns of no
 * unsupported engine (EBADENGINE).
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import semver from 'semver'
import { parse } from 'yaml'

interface LockedPackage {
  version?: string
  engines?: { node?: string } | string[]
}

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')
const manifest = JSON.parse(read('package.json')) as {
  engines: { node: string }
  devDependencies: Record<string, string>
}
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockedPackage> }
const minimum = semver.minVersion(manifest.engines.node)!

describe('the Node the project needs', () => {
  it('is the Node the action runs on', () => {
    const using = (parse(read('action.yml')) as { runs: { using: string } }).runs.using
    expect(`node${minimum.major}`).toBe(using)
  })

  it('is the Node the npm scripts run on (the node devDependency)', () => {
    expect(semver.minVersion(manifest.devDependencies.node!)!.major).toBe(minimum.major)
  })

  it('is accepted by every locked package, so npm ci warns of no unsupported engine', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        const wanted = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node
        if (!wanted || !semver.validRange(wanted)) return []
        return semver.satisfies(minimum, wanted) ? [] : [`${path}@${pkg.version} needs node ${wanted}`]
      })
    expect(refusing).toEqual([])
  })
})
