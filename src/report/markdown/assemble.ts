/**
 * Fitting markdown into a size limit (GitHub's 1 MiB job summary, 65,536-character comment): the
 * output is a list of blocks of table rows, rendered whole when it fits and shortened row by row,
 * with a visible note, when it does not. Rows are rendered on demand.
 */

/**
 * Table rows rendered on demand: a 60,000-finding verdict must not format (and escape) 60,000 rows
 * for a comment that keeps a few hundred of them.
 */
export interface Rows {
  readonly length: number
  get(index: number): string
}

export function rowsOf<T>(items: readonly T[], render: (item: T) => string): Rows {
  return { length: items.length, get: index => render(items[index]!) }
}

export function fixedRows(rows: readonly string[]): Rows {
  return rowsOf(rows, row => row)
}

/** A titled group of table rows: rendered whole when it fits, shortened row by row when it does not. */
export interface Block {
  /** Lines before the rows (heading, table header). */
  head: string
  rows: Rows
  /** Lines after the rows (closing `</details>`). */
  tail?: string
  /** What a shortened block says about the rows left out: "N more blocking findings". */
  moreLabel?: (omitted: number) => string
}

export function textBlock(text: string): Block {
  return { head: text, rows: fixedRows([]) }
}

/** Size of a string as GitHub counts it; bytes are an upper bound for UTF-16 characters too. */
export function sizeOf(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * Joins blocks in order within `limit` bytes. When a block does not fit, as many of its rows as fit
 * are kept and a line says how many were left out; later blocks are reduced to that line. A final
 * visible note says the output was shortened and where the rest is.
 */
export function assemble(
  blocks: ReadonlyArray<Block | undefined>,
  limit: number,
  shortenedNote: string
): string {
  const present = blocks.filter((b): b is Block => b !== undefined)
  const full = renderWhole(present, limit)
  if (full !== undefined) return full

  const note = `\n> [!WARNING]\n> ${shortenedNote}\n`
  // Room for the note and for one "N more" line per block, so the skeleton always fits.
  const moreLine = (b: Block, n: number) =>
    `| _… ${b.moreLabel ? b.moreLabel(n) : `${n} more`} not shown_ |\n`
  let budget = limit - sizeOf(note) - present.reduce((sum, b) => sum + sizeOf(moreLine(b, 9_999_999)), 0)
  let out = ''
  let exhausted = false
  for (const b of present) {
    const tail = b.tail ?? ''
    const headSize = sizeOf(b.head) + sizeOf(tail)
    if (exhausted || headSize > budget) {
      exhausted = true
      if (b.rows.length > 0 && b.moreLabel) out += `\n_${b.moreLabel(b.rows.length)} not shown._\n`
      continue
    }
    budget -= headSize
    out += b.head
    let kept = 0
    for (let i = 0; i < b.rows.length; i++) {
      const row = b.rows.get(i)
      const size = sizeOf(row) + 1
      if (size > budget) break
      out += row + '\n'
      budget -= size
      kept++
    }
    if (kept < b.rows.length) {
      out += moreLine(b, b.rows.length - kept)
      exhausted = true
    }
    out += tail
  }
  return out + note
}

/** Every block in full, or undefined as soon as the text passes `limit` (rows beyond are never built). */
function renderWhole(blocks: readonly Block[], limit: number): string | undefined {
  const parts: string[] = []
  let size = 0
  const add = (text: string): boolean => {
    parts.push(text)
    size += sizeOf(text)
    return size <= limit
  }
  for (const b of blocks) {
    if (!add(b.head)) return undefined
    for (let i = 0; i < b.rows.length; i++) if (!add(b.rows.get(i) + '\n')) return undefined
    if (!add(b.tail ?? '')) return undefined
  }
  return parts.join('')
}
