/**
 * Trivy's scans share one cache dir, and Trivy takes no lock between processes around what it
 * downloads into it: two image scans that both find the DB missing or due download it at once, and
 * one removes the folder the other is writing ("failed to update downloaded_at: unable to get
 * metadata" — trivy 0.74 pkg/db); two config scans can do the same to the checks bundle, and a
 * half-written bundle is read as fewer checks. So a scan that may update a shared part takes its turn:
 * one at a time, and a scan that starts after the part is current is told not to touch it
 * (`--skip-db-update`, `--skip-java-db-update`, `--skip-check-update`) and runs alongside the others.
 */
import { isTrivyDbCurrent } from '../tools/trivy-db/files.js'
import type { ScanJob } from './plan.js'

/** A job's turn: the flags it runs with, and what to call when it has finished. */
export interface Turn {
  extraArgs: readonly string[]
  release(): void
}

const FREE: Turn = { extraArgs: [], release: () => {} }

/** A queue of one: each caller waits for the one before to release. */
function oneAtATime(): () => Promise<() => void> {
  let tail: Promise<void> = Promise.resolve()
  return async () => {
    let release!: () => void
    const held = new Promise<void>(resolve => (release = resolve))
    const before = tail
    tail = before.then(() => held)
    await before
    return release
  }
}

/** What an image scan may be told to skip at `now`: each DB that Trivy would leave as it is anyway. */
function dbSkips(cacheDir: string, now: Date): string[] {
  return [
    ...(isTrivyDbCurrent(cacheDir, 'vulnerability', now) ? ['--skip-db-update'] : []),
    ...(isTrivyDbCurrent(cacheDir, 'java', now) ? ['--skip-java-db-update'] : [])
  ]
}

/**
 * Turns for the jobs of one run. Image scans: free when both DBs are current (both skipped), else
 * one at a time, skipping what is current when the turn comes (the Java DB is fetched only for an
 * image with jars, so while it is missing every image scan may fetch it). Config scans with the
 * checks bundle online: the first alone, the rest after it with `--skip-check-update` (they read what
 * the first left, or Trivy's embedded checks as the first did). Other tools share nothing.
 */
export function trivyCacheTurns(
  cacheDir: string,
  options: { now: () => Date; checksOffline: boolean }
): (job: ScanJob) => Promise<Turn> {
  const dbTurn = oneAtATime()
  const checksTurn = oneAtATime()
  let checksSettled = options.checksOffline
  const settledChecks: Turn = { extraArgs: ['--skip-check-update'], release: () => {} }
  return async job => {
    if (job.tool !== 'trivy') return FREE
    if (job.needsTrivyDb) {
      const skips = dbSkips(cacheDir, options.now())
      if (skips.length === 2) return { extraArgs: skips, release: () => {} }
      const release = await dbTurn()
      return { extraArgs: dbSkips(cacheDir, options.now()), release }
    }
    if (checksSettled) return options.checksOffline ? FREE : settledChecks
    const release = await checksTurn()
    if (checksSettled) {
      release()
      return settledChecks
    }
    return {
      extraArgs: [],
      release: () => {
        checksSettled = true
        release()
      }
    }
  }
}

/** The job's argv with a turn's flags after the subcommand (before `--` and the target). */
export function withTurnFlags(args: readonly string[], turn: Turn): string[] {
  if (turn.extraArgs.length === 0) return [...args]
  return [args[0]!, ...turn.extraArgs, ...args.slice(1)]
}
