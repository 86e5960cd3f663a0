/**
 * Trivy's own ignore files, read into the same IgnoreRules as the policy file's `ignores`, so they
 * apply the same way to scanned and to imported reports (an imported report was filtered by whatever
 * ignore file its producer had, or by none).
 *
 * Expiry: an entry applies through its expiry day (UTC), like the policy file's `expires`. Trivy
 * itself drops an entry from the first second of that day, so for that one day container-gate still
 * shows the finding as ignored where a bare Trivy run would report it.
 */
import { isScalar } from 'yaml'
import type { Node } from 'yaml'
import { ConfigurationError } from '../errors.js'
import type { FindingKind } from '../findings/model.js'
import type { IgnoreRule } from './types.js'
import { isIsoDate } from './days.js'
import { YamlSource, describe, suggest } from './yaml-source.js'

/** The ignore files Trivy reads from the directory it runs in, in the order it looks for them. */
export const TRIVY_IGNORE_FILES = ['.trivyignore.yaml', '.trivyignore.yml', '.trivyignore'] as const

/**
 * `.trivyignore`: one ID per line, optionally followed by `exp:YYYY-MM-DD`; `#` starts a comment
 * line. Trivy applies each ID to every kind of finding, and so does this.
 */
export function parseTrivyIgnore(text: string, file: string): IgnoreRule[] {
  const rules: IgnoreRule[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const [id, ...rest] = line.split(/\s+/)
    const exp = rest.find(f => f.startsWith('exp:'))?.slice(4)
    if (exp !== undefined && !isIsoDate(exp))
      throw new ConfigurationError(
        `${file}:${index + 1}: the expiry '${exp}' of ${id} is not a date; write exp:YYYY-MM-DD`
      )
    rules.push({
      id: id!,
      reason: `listed in ${file}`,
      source: `${file}:${index + 1}`,
      ...(exp ? { expires: exp } : {})
    })
  })
  return rules
}

const SECTIONS: Record<string, FindingKind | null> = {
  vulnerabilities: 'vuln',
  misconfigurations: 'misconfig',
  secrets: 'secret',
  // container-gate has no license findings; entries are read (and validated) but match nothing.
  licenses: null
}
const ENTRY_KEYS = ['id', 'paths', 'purls', 'expired_at', 'statement']

/** Keys Trivy does not know are ignored, as Trivy does, unless they look like a misspelt known key —
 * then the entry would silently not do what its author meant, which is worth an error. */
function checkKey(
  src: YamlSource,
  keyNode: Node,
  key: string,
  known: readonly string[],
  where: string
): boolean {
  if (known.includes(key)) return true
  const hint = suggest(key, known)
  if (hint)
    throw src.error(
      keyNode,
      `unknown key '${key}' in ${where}. Did you mean '${hint}'? Accepted keys: ${known.join(', ')}.`
    )
  return false
}

function expiry(src: YamlSource, node: unknown, where: string): string {
  const text = isScalar(node)
    ? String(node.value instanceof Date ? node.value.toISOString() : node.value).trim()
    : ''
  // Trivy accepts a date or a full timestamp; the policy works in whole days.
  const day = text.slice(0, 10)
  if (!isIsoDate(day) || (text.length > 10 && Number.isNaN(Date.parse(text))))
    throw src.error(node as Node, `${where}.expired_at is ${describe(node)}; write a date as YYYY-MM-DD`)
  return day
}

function strings(src: YamlSource, node: unknown, where: string): string[] {
  return src.sequence(node, where).map(item => src.string(item, `${where} entry`))
}

/**
 * `.trivyignore.yaml`: lists `vulnerabilities`, `misconfigurations`, `secrets` (and `licenses`) of
 * entries with `id`, optional `paths` (globs), `purls`, `expired_at` and `statement`. An entry with
 * several paths or purls becomes one rule per combination; the statement becomes the reason.
 */
export function parseTrivyIgnoreYaml(text: string, file: string): IgnoreRule[] {
  const src = new YamlSource(file, text)
  const doc = src.parse()
  const root = doc.contents
  if (root === null || (isScalar(root) && root.value === null)) return []
  src.noAliases(root)
  const rules: IgnoreRule[] = []
  for (const { key, keyNode, value } of src.pairs(root, file, Object.keys(SECTIONS))) {
    if (!checkKey(src, keyNode, key, Object.keys(SECTIONS), file)) continue
    const kind = SECTIONS[key] ?? null
    src.sequence(value, key).forEach((entry, i) => {
      const where = `${key}[${i}]`
      let id: string | undefined
      let paths: string[] = []
      let purls: string[] = []
      let expires: string | undefined
      let statement: string | undefined
      for (const e of src.pairs(entry, where, ENTRY_KEYS)) {
        if (!checkKey(src, e.keyNode, e.key, ENTRY_KEYS, where)) continue
        if (e.key === 'id') id = src.string(e.value, `${where}.id`)
        else if (e.key === 'paths') paths = strings(src, e.value, `${where}.paths`)
        else if (e.key === 'purls') purls = strings(src, e.value, `${where}.purls`)
        else if (e.key === 'expired_at') expires = expiry(src, e.value, where)
        else if (isScalar(e.value) && e.value.value !== null)
          statement = String(e.value.value).trim() || undefined
      }
      if (!id) throw src.error(entry as Node, `${where} needs an id`)
      if (kind === null) return
      const base: IgnoreRule = {
        id,
        reason: statement ?? `listed in ${file}`,
        source: src.where(entry as Node),
        kinds: [kind],
        ...(expires ? { expires } : {})
      }
      for (const path of paths.length ? paths : [undefined])
        for (const purl of purls.length ? purls : [undefined])
          rules.push({
            ...base,
            ...(path !== undefined ? { path } : {}),
            ...(purl !== undefined ? { purl } : {})
          })
    })
  }
  return rules
}
