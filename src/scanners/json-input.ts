/**
 * Defensive access to untrusted JSON (tool output, imported reports). Reports are read field by
 * field with type checks so a hostile or truncated report yields a clear error or an absent field,
 * never a crash deep inside a renderer.
 */
import { ToolError } from '../errors.js'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export function parseJson(text: string, file: string): Json {
  if (text.trim() === '') throw new ToolError(`${file} is empty: expected a JSON report.`)
  try {
    return JSON.parse(text) as Json
  } catch (error) {
    throw new ToolError(`${file} is not valid JSON: ${whyNotJson(error, text)}.`)
  }
}

/**
 * Why JSON.parse refused a text, without quoting it: V8's message repeats the start of the input
 * ("Unexpected token 's', "secret..." is not valid JSON"), and a report path can lead anywhere the
 * workflow points, so the file's content must not reach the log.
 */
function whyNotJson(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : ''
  if (/Unexpected end of JSON input|Unterminated string/i.test(message))
    return `it ends before the JSON is complete (${text.length} characters: truncated?)`
  const first = text.trimStart()[0]
  if (first !== '{' && first !== '[') return 'it does not start with { or [, so it is not a JSON report'
  const position = /at position (\d+)/.exec(message)?.[1]
  return position === undefined ? 'it has a syntax error' : `it has a syntax error at character ${position}`
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function str(obj: JsonObject, key: string): string | undefined {
  const value = obj[key]
  return typeof value === 'string' ? value : undefined
}

export function num(obj: JsonObject, key: string): number | undefined {
  const value = obj[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function obj(parent: JsonObject, key: string): JsonObject | undefined {
  const value = parent[key]
  return isObject(value) ? value : undefined
}

/** The objects of an array field; non-object entries are skipped rather than trusted. */
export function objects(parent: JsonObject, key: string): JsonObject[] {
  const value = parent[key]
  return Array.isArray(value) ? value.filter(isObject) : []
}

export function strings(parent: JsonObject, key: string): string[] {
  const value = parent[key]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** A positive integer line number, or undefined. */
export function line(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined
}
