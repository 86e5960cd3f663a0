/**
 * How the GitHub Actions runner reads a step's output for workflow commands, written after
 * actions/runner's src/Runner.Common/ActionCommand.cs (TryParseV2 and the legacy TryParse) and
 * src/Runner.Worker/ActionCommandManager.cs, so tests can ask "what would the runner have done with
 * this output?" rather than grep for one pattern:
 *
 * - output is split into lines on `\n`, `\r\n` and a lone `\r` (.NET's ReadLine);
 * - `::name props::data`: the line, after .NET's TrimStart (Unicode white space), starts with `::`;
 * - `##[name props]data`: the legacy form, found anywhere in the line (IndexOf);
 * - only registered command names count (case-insensitive), so `::foo::` is plain text.
 */
import { jest } from '@jest/globals'

/** The commands the runner registers (ActionCommandManager and its extensions). */
export const RUNNER_COMMANDS = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo'
] as const

export interface ParsedCommand {
  command: string
  properties: Record<string, string>
  data: string
  /** The output line it came from. */
  line: string
  form: 'v2' | 'legacy'
}

/** .NET Char.IsWhiteSpace: what String.TrimStart() removes. */
const DOTNET_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/

const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
const unescapeLegacy = (s: string): string =>
  s.replace(/%3B/g, ';').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%5D/g, ']').replace(/%25/g, '%')

export function outputLines(output: string): string[] {
  return output.split(/\r\n|\n|\r/)
}

function parseV2(line: string, registered: Set<string>): ParsedCommand | undefined {
  const message = line.replace(DOTNET_WHITESPACE, '')
  if (!message.startsWith('::')) return undefined
  const end = message.indexOf('::', 2)
  if (end < 0) return undefined
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  if (!registered.has(command.toLowerCase())) return undefined
  const properties: Record<string, string> = {}
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter(Boolean)) {
      const at = pair.indexOf('=')
      if (at > 0 && at < pair.length - 1) properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
    }
  }
  return { command, properties, data: unescapeData(message.slice(end + 2)), line, form: 'v2' }
}

function parseLegacy(line: string, registered: Set<string>): ParsedCommand | undefined {
  const prefix = line.indexOf('##[')
  if (prefix < 0) return undefined
  const rb = line.indexOf(']', prefix)
  if (rb < 0) return undefined
  const info = line.slice(prefix + 3, rb)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  if (!registered.has(command.toLowerCase())) return undefined
  const properties: Record<string, string> = {}
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .split(';')
      .filter(Boolean)) {
      const at = pair.indexOf('=')
      if (at > 0 && at < pair.length - 1) properties[pair.slice(0, at)] = unescapeLegacy(pair.slice(at + 1))
    }
  }
  return { command, properties, data: unescapeLegacy(line.slice(rb + 1)), line, form: 'legacy' }
}

/**
 * Every command the runner would act on in `output`, in order, including what happens after a
 * `stop-commands` (commands are ignored until the stop token is echoed back as a command).
 */
export function runnerCommands(output: string): ParsedCommand[] {
  const registered = new Set<string>(RUNNER_COMMANDS)
  const found: ParsedCommand[] = []
  let stopToken: string | undefined
  for (const line of outputLines(output)) {
    if (line === '') continue
    const cmd = parseV2(line, registered) ?? parseLegacy(line, registered)
    if (!cmd) continue
    if (stopToken !== undefined) {
      if (cmd.command.toLowerCase() === stopToken.toLowerCase()) {
        registered.delete(stopToken.toLowerCase())
        stopToken = undefined
        found.push(cmd)
      }
      continue
    }
    found.push(cmd)
    if (cmd.command.toLowerCase() === 'stop-commands') {
      stopToken = cmd.data
      registered.add(stopToken.toLowerCase())
    }
  }
  return found
}

/**
 * Keeps what the code under test writes to stdout (the step's log) instead of printing it: the
 * array is filled as it is written and emptied in place (`.length = 0`); jest.restoreAllMocks ends it.
 */
export function recordStdout(): string[] {
  const written: string[] = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  return written
}
