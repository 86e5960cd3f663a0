/**
 * Code-scanning categories: one per tool and subject, under the `sarif-category` prefix. The SARIF
 * (`automationDetails.id`) and the alerts read back from GitHub are matched by them, so both are
 * named here.
 */
import type { FindingTool } from './model.js'

/** A category without its trailing '/' (GitHub reports them either way). */
export function trimCategory(category: string): string {
  return category.replace(/\/+$/, '')
}

/** A category-safe slug: GitHub compares categories as strings, so keep them stable and readable. */
function categorySlug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return s === '' ? 'root' : s.slice(0, 100)
}

/** The category of a tool's findings about one subject: `<prefix>/<tool>/<subject slug>/`. */
export function categoryOf(prefix: string, tool: FindingTool, subject: string): string {
  return `${trimCategory(prefix)}/${tool}/${categorySlug(subject)}/`
}
