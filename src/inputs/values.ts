/**
 * How a raw input string becomes a value, the same way for every input: lists, booleans, choices,
 * repeats. A bad value is one ConfigurationError naming the input, the value and what is accepted.
 */
import { badInput } from '../errors.js'

/** Reads one raw input; '' when unset (as @actions/core's getInput). */
export type InputReader = (name: string) => string

/** Lines of a multi-line input, trimmed; blank lines at either end are forgiven, inner ones are not. */
export function lines(name: string, raw: string, { allowEmptyLines = false } = {}): string[] {
  const all = raw.split(/\r?\n/).map(l => l.trim())
  while (all.length > 0 && all[0] === '') all.shift()
  while (all.length > 0 && all[all.length - 1] === '') all.pop()
  if (!allowEmptyLines && all.includes('')) {
    throw badInput(name, raw, 'expected one value per line with no empty lines between them')
  }
  return all.filter(l => l !== '')
}

/** The lines of an input, or undefined when it is empty. */
/** The `dockerfile` input's default (action.yml): the usual Dockerfile names anywhere. */
export const DEFAULT_DOCKERFILE_GLOBS = ['**/Dockerfile', '**/*.Dockerfile', '**/Dockerfile.*']

export function optionalLines(name: string, raw: string): string[] | undefined {
  const values = lines(name, raw)
  return values.length > 0 ? values : undefined
}

/** Comma- or newline-separated list (paths, repositories). */
export function list(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

/** The one boolean rule of every true/false input: `true` or `false` in any case; empty is the default. */
export function booleanInput(name: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase()
  if (value === '') return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  throw badInput(name, raw, 'expected true or false')
}

/** A boolean input that may be left empty to let something else (the policy file) decide. */
export function optionalBoolean(name: string, raw: string): boolean | undefined {
  return raw.trim() === '' ? undefined : booleanInput(name, raw, false)
}

/** One of a fixed set of words, in any case; empty is the default. */
export function choiceInput<T extends string>(
  name: string,
  raw: string,
  choices: readonly T[],
  fallback: T
): T {
  const value = raw.trim().toLowerCase()
  if (value === '') return fallback
  if ((choices as readonly string[]).includes(value)) return value as T
  throw badInput(name, raw, `expected one of ${choices.join(', ')}`)
}

/**
 * The values of a list input with repeats removed: two spellings of one thing (`alpine` and
 * `docker.io/library/alpine:latest`, `./app.tar` and `app.tar`) would be scanned twice and every
 * finding counted twice. The first spelling is kept; each repeat gets one note.
 */
export function withoutRepeats(
  input: string,
  values: readonly string[],
  keyOf: (value: string) => string,
  what: { same: string; done: string },
  notes: string[]
): string[] {
  const first = new Map<string, string>()
  for (const value of values) {
    const key = keyOf(value)
    const earlier = first.get(key)
    if (earlier === undefined) first.set(key, value)
    else
      notes.push(
        `Input '${input}': ${JSON.stringify(value)} is ${earlier === value ? 'given twice' : `the same ${what.same} as ${JSON.stringify(earlier)}`}; ${what.done} once.`
      )
  }
  return [...first.values()]
}
