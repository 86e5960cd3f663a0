/**
 * The runner's workflow commands: the part of @actions/core this action uses, written to the same
 * bytes (a differential test runs both on hostile text: __tests__/workflow-commands.test.ts).
 *
 * Why not @actions/core itself: it imports its OIDC client at load time, and with it
 * @actions/http-client and undici (900 KB of the bundle's entry chunk), which every run compiled and
 * evaluated before its first line — a third of the start-up of a run that refuses a bad input —
 * for an ID token this action never asks for (cosign reads the runner's token variables itself).
 * The libraries that do talk HTTP (@actions/cache, @actions/artifact, the GitHub client, the tool
 * downloads) bring @actions/core with them, in the chunks loaded only when they run.
 *
 * Everything printed goes through log.ts, which escapes outside text first; this module only frames
 * it as the runner reads it.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, constants, existsSync } from 'node:fs'
import { access, appendFile } from 'node:fs/promises'
import { EOL } from 'node:os'

/** Where an annotation points (the names @actions/core's AnnotationProperties uses). */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

function commandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string' || input instanceof String) return String(input)
  return JSON.stringify(input)
}

const escapeData = (s: unknown): string =>
  commandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: unknown): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** `::command key=value,…::message`, one line on stdout. Properties without a value are left out. */
function issueCommand(command: string, properties: Record<string, unknown>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/**
 * `name<<delimiter` heredoc appended to the runner's GITHUB_OUTPUT / GITHUB_STATE file. The
 * delimiter is random per value, so a value cannot end the heredoc early and write another output.
 */
function issueFileCommand(file: 'OUTPUT' | 'STATE', key: string, value: unknown): void {
  const delimiter = `ghadelimiter_${randomUUID()}`
  const text = commandValue(value)
  if (key.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (text.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  const filePath = process.env[`GITHUB_${file}`]
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${file}`)
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`)
  appendFileSync(filePath, `${key}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

function annotation(
  kind: 'error' | 'warning' | 'notice',
  message: string | Error,
  p: AnnotationProperties
): void {
  const properties = Object.keys(p).length
    ? {
        title: p.title,
        file: p.file,
        line: p.startLine,
        endLine: p.endLine,
        col: p.startColumn,
        endColumn: p.endColumn
      }
    : {}
  issueCommand(kind, properties, message instanceof Error ? message.toString() : message)
}

/** An input as the runner passes it (INPUT_<NAME>), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', name, value)
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, commandValue(value))
}

export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', name, value)
  issueCommand('save-state', { name }, commandValue(value))
}

/** What the main step saved, as the runner hands it to the post step (STATE_<name>). */
export const getState = (name: string): string => process.env[`STATE_${name}`] || ''
export const setSecret = (secret: string): void => issueCommand('add-mask', {}, secret)
export const info = (message: string): void => void process.stdout.write(message + EOL)
export const debug = (message: string): void => issueCommand('debug', {}, message)
export const error = (message: string | Error, properties: AnnotationProperties = {}): void =>
  annotation('error', message, properties)
export const warning = (message: string | Error, properties: AnnotationProperties = {}): void =>
  annotation('warning', message, properties)
export const notice = (message: string | Error, properties: AnnotationProperties = {}): void =>
  annotation('notice', message, properties)
export const startGroup = (name: string): void => issueCommand('group', {}, name)
export const endGroup = (): void => issueCommand('endgroup', {}, '')

/** Fails the step: exit code 1 when the process ends, and the message as an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

/** The job summary: text added, then appended to the runner's GITHUB_STEP_SUMMARY file at once. */
export interface Summary {
  addRaw(text: string): Summary
  write(): Promise<Summary>
}

let summaryBuffer = ''
export const summary: Summary = {
  addRaw(text) {
    summaryBuffer += text
    return summary
  },
  async write() {
    const filePath = process.env.GITHUB_STEP_SUMMARY
    if (!filePath)
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
      )
    try {
      await access(filePath, constants.R_OK | constants.W_OK)
    } catch {
      throw new Error(
        `Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`
      )
    }
    await appendFile(filePath, summaryBuffer, { encoding: 'utf8' })
    summaryBuffer = ''
    return summary
  }
}
