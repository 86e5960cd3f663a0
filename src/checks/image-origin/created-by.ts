/**
 * Whether an image history entry is the record of a Dockerfile instruction, as BuildKit v0.34
 * writes `created_by` (dockerfile2llb `commitToHistory`; the table is in e2e/HISTORY.md):
 * `RUN [|n ARG=v…] /bin/sh -c <command> # buildkit`, `COPY [--chown=…] <src…> <dest> # buildkit`
 * (without `--from`), `WORKDIR <path>`, and the instruction's name first for the rest. Pure.
 *
 * The check is strict where the text is knowable (a RUN's command, COPY/ADD paths without
 * variables) and only by name elsewhere: a wrong answer puts a finding on a wrong line, so anything
 * unexpected counts as a mismatch and the caller falls back to the FROM line, saying so.
 */
import { posix } from 'node:path'
import type { Instruction } from '../base-images/parser.js'
import type { HistoryEntry } from './history.js'

const BUILDKIT_SUFFIX = ' # buildkit'

const notA = (command: string) => `not ${/^[AEIOU]/.test(command) ? 'an' : 'a'} ${command}`

/** Instructions that always make a layer, and those that may (WORKDIR / makes none). */
const MAKES_LAYER = new Set(['RUN', 'COPY', 'ADD'])
const MAY_MAKE_LAYER = new Set(['WORKDIR'])

/** The exec form's arguments (`["a", "b"]`), or undefined for the shell form. */
function execForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    return Array.isArray(parsed) && parsed.every(v => typeof v === 'string') ? parsed : undefined
  } catch {
    return undefined
  }
}

function withoutSuffix(createdBy: string): string {
  return createdBy.endsWith(BUILDKIT_SUFFIX) ? createdBy.slice(0, -BUILDKIT_SUFFIX.length) : createdBy
}

/** RUN: the command as written ends the entry (after the shell and the stage's ARGs). */
function runMismatch(entry: string, text: string): string | undefined {
  const command = execForm(text)?.join(' ') ?? text
  if (command === '' || !entry.startsWith('RUN ')) return notA('RUN')
  const body = withoutSuffix(entry).slice('RUN '.length)
  return body === command || body.endsWith(` ${command}`) ? undefined : 'another command'
}

/** COPY/ADD: sources and destination as written (flags other than --from/--link precede them). */
function copyMismatch(command: string, entry: string, text: string): string | undefined {
  if (!entry.startsWith(`${command} `)) return notA(command)
  // Variables are expanded in the entry and heredocs are inlined: only the kind can be compared.
  if (text.includes('$') || text.includes('<<')) return undefined
  const words = execForm(text) ?? text.split(/\s+/)
  const body = withoutSuffix(entry).slice(command.length + 1)
  const expected = words.join(' ')
  return body === expected || body.endsWith(` ${expected}`) ? undefined : 'other paths'
}

function workdirMismatch(entry: string, text: string): string | undefined {
  if (!entry.startsWith('WORKDIR ')) return notA('WORKDIR')
  if (text.includes('$') || !text.startsWith('/')) return undefined
  const path = posix.normalize(text).replace(/(.)\/+$/, '$1')
  return entry.slice('WORKDIR '.length) === path ? undefined : 'another directory'
}

/**
 * Why `entry` is not the history record of `ins` (a few words), or undefined when it is. Checks
 * the text and whether the entry made a layer, which the instruction decides.
 */
export function entryMismatch(entry: HistoryEntry, ins: Instruction): string | undefined {
  const command = ins.command.toUpperCase()
  const layer = MAKES_LAYER.has(command)
  if (layer && entry.emptyLayer) return 'it made no layer'
  if (!layer && !MAY_MAKE_LAYER.has(command) && !entry.emptyLayer) return 'it made a layer'
  const text = entry.createdBy
  if (command === 'RUN') return runMismatch(text, ins.text)
  if (command === 'COPY' || command === 'ADD') return copyMismatch(command, text, ins.text)
  if (command === 'WORKDIR') return workdirMismatch(text, ins.text)
  return text === command || text.startsWith(`${command} `) ? undefined : notA(command)
}
