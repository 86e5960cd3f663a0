import { cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { DbCacheApi } from '../src/tools/trivy-db/cache.js'

/**
 * An in-memory Actions cache with @actions/cache's own contract (checked against the real library in
 * __tests__/tools/actions-cache.test.ts): saveCache resolves to an ID when it stored the entry and to -1 when it did
 * not — the key is taken, the service refuses — after logging why itself; it throws only when no
 * path exists.
 */
export class MemoryCache implements DbCacheApi {
  readonly entries = new Map<string, string>()
  available = true
  /** The service refuses every save (a repository over its cache quota). */
  refusing = false
  saves: string[] = []
  /** What the library itself logs. */
  readonly libraryLog: string[] = []
  constructor(private readonly store: string) {}
  isFeatureAvailable(): boolean {
    return this.available
  }
  async restoreCache(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined> {
    const hit =
      (this.entries.has(key) ? key : undefined) ??
      [...this.entries.keys()].reverse().find(k => restoreKeys.some(prefix => k.startsWith(prefix)))
    if (!hit) return undefined
    for (const path of paths) {
      const saved = join(this.entries.get(hit)!, String(paths.indexOf(path)))
      if (existsSync(saved)) cpSync(saved, path, { recursive: true })
    }
    return hit
  }
  async saveCache(paths: string[], key: string): Promise<number> {
    if (!paths.some(path => existsSync(path)))
      throw new Error(
        'Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.'
      )
    if (this.entries.has(key)) {
      this.libraryLog.push(
        `info: Failed to save: Unable to reserve cache with key ${key}, another job may be creating this cache.`
      )
      return -1
    }
    if (this.refusing) {
      this.libraryLog.push('warning: Failed to save: Cache storage quota exceeded for this repository.')
      return -1
    }
    const dir = join(this.store, String(this.entries.size))
    paths.forEach((path, i) => existsSync(path) && cpSync(path, join(dir, String(i)), { recursive: true }))
    this.entries.set(key, dir)
    this.saves.push(key)
    return this.entries.size
  }
}
