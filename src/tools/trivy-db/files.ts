/**
 * Trivy's databases on disk, under its cache dir: which directories hold them (what is cached
 * between runs), whether a complete DB is there, and when Trivy downloaded it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Directories of Trivy's cache dir that hold the databases (not the scan cache). */
export function trivyDbCachePaths(cacheDir: string): string[] {
  return [join(cacheDir, 'db'), join(cacheDir, 'java-db')]
}

/** Whether a usable vulnerability DB is present (what --skip-db-update needs). */
export function hasCachedTrivyDb(cacheDir: string): boolean {
  return existsSync(join(cacheDir, 'db', 'trivy.db')) && existsSync(join(cacheDir, 'db', 'metadata.json'))
}

export interface TrivyDbMetadata {
  version?: number
  updatedAt?: string
  nextUpdate?: string
  downloadedAt?: string
}

/** Reads Trivy's `db/metadata.json` (for messages such as "DB updated at ..."); tolerant of junk. */
export function parseTrivyDbMetadata(text: string): TrivyDbMetadata {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof value !== 'object' || value === null) return {}
  const record = value as Record<string, unknown>
  const str = (key: string): string | undefined => (typeof record[key] === 'string' ? record[key] : undefined)
  return {
    ...(typeof record.Version === 'number' ? { version: record.Version } : {}),
    ...(str('UpdatedAt') ? { updatedAt: str('UpdatedAt') } : {}),
    ...(str('NextUpdate') ? { nextUpdate: str('NextUpdate') } : {}),
    ...(str('DownloadedAt') ? { downloadedAt: str('DownloadedAt') } : {})
  }
}

/** The DB's `DownloadedAt`, or undefined when there is no complete DB. */
export function downloadedAt(cacheDir: string): string | undefined {
  return readTrivyDbMetadata(cacheDir)?.downloadedAt
}

/** The DB's metadata on disk, or undefined when there is no complete DB. */
export function readTrivyDbMetadata(cacheDir: string): TrivyDbMetadata | undefined {
  if (!hasCachedTrivyDb(cacheDir)) return undefined
  try {
    return parseTrivyDbMetadata(readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8'))
  } catch {
    return undefined
  }
}

/** "built 2026-11-30 06:12 UTC, 5 h old": how fresh the advisories are that a scan is judged on. */
export function describeTrivyDbAge(meta: TrivyDbMetadata, now: Date): string {
  const built = meta.updatedAt ? Date.parse(meta.updatedAt) : NaN
  if (Number.isNaN(built)) return 'of unknown age (its metadata has no UpdatedAt)'
  const hours = (now.getTime() - built) / 3_600_000
  const age =
    hours < 1
      ? 'less than an hour old'
      : hours < 48
        ? `${Math.floor(hours)} h old`
        : `${Math.floor(hours / 24)} days old`
  return `built ${new Date(built).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${age}`
}

/** The two databases Trivy keeps in its cache dir, with the schema version this Trivy reads and how
 * long after a download it leaves the DB alone (trivy 0.74 pkg/db and pkg/javadb: 1 h and 24 h). */
const DATABASES = {
  vulnerability: { dir: 'db', file: 'trivy.db', schema: 2, graceMs: 3_600_000 },
  java: { dir: 'java-db', file: 'trivy-java.db', schema: 1, graceMs: 86_400_000 }
} as const

export type TrivyDatabase = keyof typeof DATABASES

/**
 * Whether Trivy would leave this DB as it is at `now` (what it decides before a scan: present, its
 * schema, `NextUpdate` not reached or downloaded within the grace period). Only then may a scan be
 * told `--skip-db-update` / `--skip-java-db-update` without changing what it is judged on.
 */
export function isTrivyDbCurrent(cacheDir: string, which: TrivyDatabase, now: Date): boolean {
  const db = DATABASES[which]
  if (!existsSync(join(cacheDir, db.dir, db.file))) return false
  let meta: TrivyDbMetadata
  try {
    meta = parseTrivyDbMetadata(readFileSync(join(cacheDir, db.dir, 'metadata.json'), 'utf8'))
  } catch {
    return false
  }
  if (meta.version !== db.schema) return false
  const next = Date.parse(meta.nextUpdate ?? '')
  const downloaded = Date.parse(meta.downloadedAt ?? '')
  // A zero DownloadedAt is Trivy's sign of a copied or half-written DB: it downloads again.
  if (Number.isNaN(downloaded) || downloaded <= 0) return false
  return now.getTime() < next || now.getTime() < downloaded + db.graceMs
}
