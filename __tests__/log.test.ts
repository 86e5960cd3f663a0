// The log boundary with the real workflow commands (src/workflow-commands.ts, written as @actions/core
// writes them): what reaches stdout, read back as the runner reads it.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../src/workflow-commands.js'
import fc from 'fast-check'
import { escapeCommandData, escapeLogLine, formatDuration, log } from '../src/log.js'
import { HOSTILE } from './helpers/hostile.js'
import { manualClock } from './helpers/manual-clock.js'
import { outputLines, recordStdout, runnerCommands } from './helpers/workflow-commands.js'

let written: string[] = []

beforeEach(() => {
  written = recordStdout()
})

afterEach(() => {
  jest.restoreAllMocks()
})

const stdout = () => written.join('')

/** The runner's UnescapeData, to read a plain line back. */
const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

describe('the runner-faithful oracle', () => {
  it('sees the injection when outside text is printed raw (what main did before the boundary)', () => {
    core.info(`Admission rules skipped k8s/${HOSTILE[0]}.yaml:1: template`)
    core.info(`x ##[add-mask]secret`)
    core.info(`\u2003::error::forged`)
    expect(runnerCommands(stdout()).map(c => c.command)).toEqual(['stop-commands'])
    written.length = 0
    core.info(`x ##[add-mask]secret`)
    core.info(`\u2003::error::forged`)
    expect(runnerCommands(stdout()).map(c => c.command)).toEqual(['add-mask', 'error'])
  })
})

describe.each(HOSTILE.map(h => [JSON.stringify(h), h]))('hostile text %s', (_, hostile) => {
  it('in a plain line: one line, and the runner reads no command', () => {
    log.info(hostile)
    log.info(`Admission rules skipped ${hostile}:1: a template`)
    expect(outputLines(stdout()).filter(l => l !== '')).toHaveLength(2)
    expect(runnerCommands(stdout())).toEqual([])
  })

  it('in command messages and annotation titles: only our own commands, nothing inside them', () => {
    log.debug(hostile)
    log.notice(hostile)
    log.warning(`Trivy DB cache: restore failed (${hostile})`)
    log.error(hostile, { title: hostile, file: 'k8s/pod.yaml', startLine: 3 })
    const commands = runnerCommands(stdout())
    expect(commands.map(c => c.command)).toEqual(['debug', 'notice', 'warning', 'error'])
    expect(commands[3]!.properties).toMatchObject({ file: 'k8s/pod.yaml', line: '3' })
    // What a person reads in the log once the runner has decoded the message: still no command.
    for (const c of commands) {
      expect(runnerCommands(c.data)).toEqual([])
      expect(runnerCommands(c.properties.title ?? '')).toEqual([])
    }
  })
})

describe('escapeLogLine', () => {
  it('escapes %, CR and LF as @actions/core escapes command data, so the text stays readable', () => {
    expect(escapeLogLine('a\n::stop-commands::x')).toBe('a%0A::stop-commands::x')
    expect(escapeLogLine('b\r::add-mask::y')).toBe('b%0D::add-mask::y')
    expect(escapeLogLine('100% %0A')).toBe('100%25 %250A')
    expect(escapeLogLine('Scanning image ghcr.io/acme/app:1.2')).toBe('Scanning image ghcr.io/acme/app:1.2')
  })

  it('never lets the text start with a command, nor carry the legacy form anywhere', () => {
    expect(escapeLogLine('::add-mask::x')).toBe('<U+003A>:add-mask::x')
    expect(escapeLogLine(' \u2003::error::x')).toBe(' \u2003<U+003A>:error::x')
    expect(escapeLogLine('see ##[error]x')).toBe('see #<U+0023>[error]x')
  })

  it('shows bidi controls, zero-width and control characters instead of obeying them', () => {
    expect(escapeLogLine('evil\u202egpj.exe')).toBe('evil<U+202E>gpj.exe')
    expect(escapeLogLine('a\u200bb\ufeffc\u2066d')).toBe('a<U+200B>b<U+FEFF>c<U+2066>d')
    expect(escapeLogLine('\u001b[31mred\u0085')).toBe('<U+001B>[31mred<U+0085>')
    expect(escapeLogLine('tab\tkept')).toBe('tab\tkept')
  })

  it('prints non-strings as text', () => {
    expect(escapeLogLine(undefined)).toBe('')
    expect(escapeLogLine(42)).toBe('42')
  })
})

describe('escapeCommandData', () => {
  it('keeps line breaks (the toolkit encodes them) but makes every line inert', () => {
    expect(escapeCommandData('trivy failed:\n::stop-commands::x\r\n  ::error::y\rz')).toBe(
      'trivy failed:\n<U+003A>:stop-commands::x\n  <U+003A>:error::y\nz'
    )
  })
})

// Any text, with the dangerous pieces mixed in often enough to matter.
const FRAGMENTS = [
  '\n',
  '\r',
  '\r\n',
  '::',
  ':',
  '##[',
  '#',
  '[',
  ']',
  '%',
  '%0A',
  '%25',
  ' ',
  '\u2003',
  '\u0085'
]
const untrusted = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS, ...HOSTILE), fc.string({ unit: 'binary', maxLength: 8 })), {
    maxLength: 12
  })
  .map(parts => parts.join(''))

describe('properties', () => {
  it('a plain line is one line the runner reads no command in, whatever the text', () => {
    fc.assert(
      fc.property(untrusted, fc.constantFrom('', 'Scanning ', 'x:'), (text, prefix) => {
        const line = escapeLogLine(prefix + text)
        expect(line).not.toMatch(/[\r\n]/)
        expect(runnerCommands(line)).toEqual([])
      }),
      { numRuns: 2000 }
    )
  })

  it('is lossless for %, CR and LF: the runner-style unescape gives back the visible text', () => {
    const plain = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', '%', '0', 'A', 'D', '2', '5', '\r', '\n')
    })
    fc.assert(
      fc.property(plain, text => {
        expect(unescapeData(escapeLogLine(`> ${text}`))).toBe(`> ${text}`)
      }),
      { numRuns: 1000 }
    )
  })

  it('a command message is exactly one command of ours, with nothing inside it', () => {
    fc.assert(
      fc.property(untrusted, text => {
        written.length = 0
        log.warning(text, { title: text, file: 'Dockerfile', startLine: 1 })
        const out = stdout()
        expect(out.endsWith('\n') && !out.slice(0, -1).match(/[\r\n]/)).toBe(true)
        const commands = runnerCommands(out)
        expect(commands.map(c => c.command)).toEqual(['warning'])
        expect(runnerCommands(commands[0]!.data)).toEqual([])
      }),
      { numRuns: 1000 }
    )
  })
})

describe('groups and stages', () => {
  it('a stage is one group: its title, what it logged, what came of it and how long it took', async () => {
    const clock = manualClock()
    const result = await log.stage(
      'Install tools: trivy, hadolint',
      async () => {
        log.info('trivy 0.74.0: downloaded and verified (pinned-digest), 3.1 s.')
        clock.advance(3_400)
        return 2
      },
      { clock, done: n => `${n} tools ready` }
    )
    expect(result).toBe(2)
    expect(outputLines(stdout())).toEqual([
      '::group::Install tools: trivy, hadolint',
      'trivy 0.74.0: downloaded and verified (pinned-digest), 3.1 s.',
      '2 tools ready; done in 3.4 s.',
      '::endgroup::',
      ''
    ])
  })

  it('closes its group when the work throws, and the error goes on', async () => {
    await expect(log.group('Scan', () => Promise.reject(new Error('trivy failed')))).rejects.toThrow(
      'trivy failed'
    )
    expect(runnerCommands(stdout()).map(c => c.command)).toEqual(['group', 'endgroup'])
  })

  it('a group asked for inside another is a plain line: the runner cannot nest them', async () => {
    await log.group('Scan', () => log.group('inner', async () => log.info('x')))
    expect(outputLines(stdout())).toEqual(['::group::Scan', 'inner', 'x', '::endgroup::', ''])
  })

  it.each(HOSTILE.map(h => [JSON.stringify(h), h]))(
    'a hostile title %s stays one group title',
    async (_, hostile) => {
      await log.group(`Scan: trivy image ${hostile}`, async () => undefined)
      const commands = runnerCommands(stdout())
      expect(commands.map(c => c.command)).toEqual(['group', 'endgroup'])
      expect(outputLines(stdout())).toHaveLength(3)
      expect(runnerCommands(commands[0]!.data)).toEqual([])
    }
  )

  it('formats durations for people', () => {
    expect([0, 420, 12_340, 59_949, 125_000, 3_600_000].map(formatDuration)).toEqual([
      '0.0 s',
      '0.4 s',
      '12.3 s',
      '59.9 s',
      '2 min 05 s',
      '60 min 00 s'
    ])
  })
})
