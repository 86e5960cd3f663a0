/**
 * The workflow log: the one module that writes to it. Every line the action prints can carry text
 * from outside (file names, tool output, finding text, policy values, URLs, GitHub's messages), and
 * the runner reads the step's output for workflow commands:
 *
 * - a line that starts with `::name::` (after leading whitespace) is a command: `::stop-commands::`
 *   silences every later command, `::add-mask::` hides text, `::error::` forges an annotation;
 * - the older form `##[name]data` is recognised anywhere in a line, not only at its start;
 * - the runner splits lines on `\n` and on a lone `\r`.
 *
 * So outside text must never add a line, start a line or contain `##[`. Plain lines (info) are
 * escaped here exactly as @actions/core escapes command data (`%` → `%25`, `\r` → `%0D`,
 * `\n` → `%0A`); command messages (debug, notice, warning, error) are escaped by
 * workflow-commands.ts (as @actions/core does), so here they keep their line breaks and only lose
 * what is dangerous in every line. In both, a `:` that would begin a line is shown as `<U+003A>`,
 * `##[` as `#<U+0023>[`, control characters and invisible ones (bidi controls, zero-width; see
 * invisible.ts) as `<U+XXXX>`.
 *
 * eslint keeps the logging functions of workflow-commands.ts (and of @actions/core) out of every
 * other module (eslint.config.js).
 */
import * as core from './workflow-commands.js'
import { codePointLabel, revealInvisible } from './invisible.js'

/** C0 and C1 controls except tab, LF and CR (handled apart): ESC starts the ANSI sequences the log
 * viewer renders, NEL (U+0085) and the rest have no business in a log line. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g

/** The runner's legacy command prefix, found anywhere in a line (ActionCommand.TryParse). */
const LEGACY_PREFIX = /##\[/g

/** A `:` after only whitespace (.NET's String.TrimStart also skips U+0085) begins a command. */
const COMMAND_START = /^([\s\u0085]*):/

function visible(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw)
  return revealInvisible(text).replace(CONTROLS, codePointLabel)
}

/** One line made inert: no legacy command anywhere, no `::` command at its start. */
function inertLine(line: string): string {
  return line.replace(LEGACY_PREFIX, '#<U+0023>[').replace(COMMAND_START, '$1<U+003A>')
}

/**
 * Text for a plain log line (core.info): exactly one line, which the runner reads as no command.
 * `%`, `\r` and `\n` are escaped as @actions/core's escapeData does, so `%0A` in the log always
 * means a line break that was in the text, and `%25` a percent sign.
 */
export function escapeLogLine(raw: unknown): string {
  const escaped = visible(raw).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
  return inertLine(escaped)
}

/**
 * Text for a command's message (debug, notice, warning, error, setFailed). workflow-commands.ts
 * escapes `%`, `\r` and `\n` in it, so line breaks are kept (a failure can show a tool's last
 * lines); every line is made inert for the reader who sees the decoded message in the log.
 */
export function escapeCommandData(raw: unknown): string {
  return visible(raw)
    .split(/\r\n|\r|\n/)
    .map(inertLine)
    .join('\n')
}

/** Where an annotation points. `file` is kept as it is: GitHub matches it against the repository. */
export interface AnnotationPlace {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
}

function properties(place: AnnotationPlace | undefined): core.AnnotationProperties {
  if (!place) return {}
  return {
    ...(place.title !== undefined ? { title: escapeCommandData(place.title).replace(/\n/g, ' ') } : {}),
    ...(place.file !== undefined ? { file: place.file } : {}),
    ...(place.startLine !== undefined ? { startLine: place.startLine } : {}),
    ...(place.endLine !== undefined ? { endLine: place.endLine } : {})
  }
}

/**
 * Where a module that takes its logger as a parameter (the installer, the DB cache, everything in
 * github/) writes what it does: `log` below outside tests, a capture in tests.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
}

/**
 * Time for the log's durations and progress lines, injected so tests never sleep: `now` in
 * milliseconds, and `every` calls `tick` at an interval until the function it returns is called.
 */
export interface Clock {
  now(): number
  every(ms: number, tick: () => void): () => void
}

export const systemClock: Clock = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms)
    // A progress line must never keep the process alive on its own.
    timer.unref()
    return () => clearInterval(timer)
  }
}

/** "0.4 s", "12.3 s", "2 min 05 s": how long something took, as the log and the verdict say it. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
}

/** Whether a group is open: the runner cannot nest them, so an inner one becomes a plain line. */
let groupOpen = false

/**
 * Runs `work` inside a collapsible group of the log (core.group). The title is outside text like any
 * other (an image reference, a file name): escaped as a command's message, on one line. Groups do
 * not nest in the runner's log, so a group asked for inside another is a plain line instead.
 */
async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  const line = escapeCommandData(title).replace(/\n/g, ' ')
  if (groupOpen) {
    core.info(escapeLogLine(title))
    return work()
  }
  groupOpen = true
  core.startGroup(line)
  try {
    return await work()
  } finally {
    core.endGroup()
    groupOpen = false
  }
}

/**
 * One stage of the step in its own group: `work` logs what it does, and the group's last line says
 * what came of it (`done`, e.g. "3 Dockerfiles, 1 manifest") and how long it took.
 */
async function stage<T>(
  title: string,
  work: () => Promise<T>,
  options: { clock?: Clock; done?: (result: T) => string } = {}
): Promise<T> {
  const clock = options.clock ?? systemClock
  return group(title, async () => {
    const started = clock.now()
    const result = await work()
    const what = options.done?.(result)
    core.info(escapeLogLine(`${what ? `${what}; ` : ''}done in ${formatDuration(clock.now() - started)}.`))
    return result
  })
}

/** The log, for every module: the one Logger the action runs with. */
export const log = {
  debug: (message: string): void => core.debug(escapeCommandData(message)),
  info: (message: string): void => core.info(escapeLogLine(message)),
  notice: (message: string, place?: AnnotationPlace): void =>
    core.notice(escapeCommandData(message), properties(place)),
  warning: (message: string, place?: AnnotationPlace): void =>
    core.warning(escapeCommandData(message), properties(place)),
  error: (message: string, place?: AnnotationPlace): void =>
    core.error(escapeCommandData(message), properties(place)),
  /** Masks a secret in everything printed after this (core.setSecret). */
  mask: (secret: string): void => core.setSecret(secret),
  group,
  stage
}
