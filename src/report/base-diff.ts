/**
 * What the pull-request comment says about the base branch: which findings are new and which of
 * its code-scanning alerts are fixed. Defined here, where the comment renders it; github/alerts.ts
 * reads the alerts and computes it.
 */
import type { Decision } from '../policy/types.js'

/** The parts of an alert we use. */
export interface AlertSummary {
  number: number
  createdAt: string
  state: string
  htmlUrl: string
  ruleId: string
  toolName: string
  category: string
  path: string
  startLine?: number
  /** critical | high | medium | low, when the rule carried security-severity. */
  severity?: string
  message: string
}

/** What changed compared with the base branch. */
export interface BaseDiff {
  /** Reported findings, in categories the base branch has analyzed, with no alert there (open, dismissed or fixed). */
  added: Decision[]
  /** Open alerts on the base branch, in the categories this run analyzed, that nothing matches now. */
  fixed: AlertSummary[]
  /** Reported findings in categories the base branch has no analysis for: neither new nor old. */
  notCompared: number
  /**
   * Reported findings matching no alert read from the base, of a tool whose alerts were too many to
   * read them all: their alert may be among the unread ones, so they are not counted as new.
   */
  unread: number
}
