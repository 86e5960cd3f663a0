/**
 * The one rule for link targets in everything the action renders: the job summary, the pull-request
 * comment and the SARIF (`helpUri`, links in `help.markdown`). A report's `PrimaryURL` is whatever
 * the report says, so a URL becomes a link only when
 *
 * - it parses (WHATWG URL) and its scheme is https (http too for links built from the run's own
 *   context): no `javascript:`, `data:`, `file:` or anything else;
 * - it carries no user name or password (a link must not hand out credentials);
 * - for advisory links, its host is a known advisory site (or a subdomain of one);
 *
 * and it is returned percent-encoded so that no character of it can end a markdown link destination
 * (`)`, `(`, whitespace, `<`, `>`), start or end a link text or image (`[`, `]`), split a table cell
 * (`|`) or escape (`\`). Anything else is shown as text, never linked.
 */

/** Advisory sites reports link to. */
const ADVISORY_HOSTS: readonly string[] = [
  'avd.aquasec.com',
  'nvd.nist.gov',
  'github.com',
  'cve.mitre.org',
  'www.cve.org',
  'security-tracker.debian.org',
  'access.redhat.com',
  'ubuntu.com',
  'gitlab.alpinelinux.org',
  'secdb.alpinelinux.org'
]

export interface LinkRule {
  /** Hosts the link may point to (a subdomain of one counts); undefined: any host. */
  hosts?: readonly string[]
  /** Accept http: as well as https: (only for URLs built from the run's own context). */
  allowHttp?: boolean
}

/** The advisory rule: https, no credentials, a known advisory host. */
export const ADVISORY_LINK: LinkRule = { hosts: ADVISORY_HOSTS }

/** Links the action builds from the run's context (server URL, repository, run id). */
export const CONTEXT_LINK: LinkRule = { allowHttp: true }

/** Characters of a parsed URL that markdown could still read as syntax. */
const MARKDOWN_HAZARDS = /[()[\]<>|\\`"'\s]/g

/** The URL as a safe link target, or undefined when it must be shown as text. */
export function linkTarget(url: unknown, rule: LinkRule): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'https:' && !(rule.allowHttp && parsed.protocol === 'http:')) return undefined
  if (parsed.username !== '' || parsed.password !== '') return undefined
  const host = parsed.hostname.toLowerCase()
  if (rule.hosts && !rule.hosts.some(h => host === h || host.endsWith(`.${h}`))) return undefined
  return parsed.href.replace(
    MARKDOWN_HAZARDS,
    ch => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')
  )
}

/** `[label](target)` when the URL passes the rule, else the label alone. `label` must be escaped markdown. */
export function markdownLink(label: string, url: unknown, rule: LinkRule): string {
  const target = linkTarget(url, rule)
  return target ? `[${label}](${target})` : label
}
