/**
 * Tool versions known to be compromised, kept as data. A listed version is refused by name when
 * the input asks for it (tool-versions.ts), before anything is looked up in the tool cache, on PATH
 * or on the network: the installer only ever installs the version that passed that check, so a
 * malicious binary never runs, not even its version command. New entries go at the end with a
 * reason a user can act on and a public reference.
 */
import { ConfigurationError } from '../errors.js'
import type { InstallableTool } from '../findings/model.js'

export interface DenylistEntry {
  tool: InstallableTool
  /** Canonical version (no leading `v`). */
  version: string
  /** Why it is refused, in words that say what to do instead. */
  reason: string
  /** Advisory or CVE. */
  reference: string
}

const DENYLIST: readonly DenylistEntry[] = [
  {
    tool: 'trivy',
    version: '0.69.4',
    reason:
      'a malicious Trivy v0.69.4 was published in the March 2026 supply-chain attack on Trivy releases; ' +
      'use the default version or another release published after the incident',
    reference: 'CVE-2026-33634'
  }
]

export function denylistEntry(tool: InstallableTool, version: string): DenylistEntry | undefined {
  return DENYLIST.find(entry => entry.tool === tool && entry.version === version)
}

/** The error for a refused version: the user chose it, so it is theirs to change. */
export function deniedVersionError(entry: DenylistEntry, input?: string): ConfigurationError {
  const where = input ? `Input '${input}' asks for` : 'Refusing'
  return new ConfigurationError(
    `${where} ${entry.tool} ${entry.version}, a known-compromised release (${entry.reference}): ${entry.reason}.`
  )
}
