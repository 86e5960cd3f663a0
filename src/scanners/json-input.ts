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
    const detail = error instanceof Error ? error.message : String(error)
    throw new ToolError(`${file} is not valid JSON (${detail}); the report may be truncated.`)
  }
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
