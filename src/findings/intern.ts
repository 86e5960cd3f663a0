/**
 * One copy of each rule text. A Trivy report repeats an advisory's title, description and links for
 * every package it affects (45,000 findings of a 50,000-finding report share about 2,000 texts), and
 * each copy `JSON.parse` makes is its own string: held by every finding, they were most of the
 * ~17 KiB a finding cost. Findings of one report share one interner, so equal texts are one string.
 */
export type Intern = <T extends string | undefined>(text: T) => T

export function textInterner(): Intern {
  const known = new Map<string, string>()
  return <T extends string | undefined>(text: T): T => {
    if (text === undefined) return text
    const shared = known.get(text)
    if (shared !== undefined) return shared as T
    known.set(text, text)
    return text
  }
}
