// The demo's terminal view of what a runner would show as markup: the step's log with its workflow
// commands (groups, annotations) as a person sees them in the log viewer, and the job summary's
// GitHub-flavoured markdown as plain aligned text (tables as columns, <details> as a heading,
// alerts as "Note:", links as their text, escapes and entities undone; the rule header's figure
// spaces dropped, since columns here are aligned by this renderer). Good enough for the
// action's own output, which is all it is used on; not a general markdown renderer.

/** The width a table column is cut to, so a row fits a terminal. */
const COLUMN_MAX = 48

const ENTITIES = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&amp;': '&',
  '&nbsp;': ' ',
  '&#8203;': '',
  '&#8199;': ''
}

/** Inline markdown as the text a reader sees. */
export function plainInline(text) {
  return text
    .replace(/\[([^\]]*(?:\\\][^\]]*)*)\]\([^)\s]*\)/g, '$1') // links: their label
    .replace(/<\/?(sub|b|strong|em)>/g, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,])/g, '$1$2')
    .replace(/\\([\\`*_[\]|~$#<>.+=-])/g, '$1')
    .replace(/&(lt|gt|quot|amp|nbsp|#8203|#8199);/g, entity => ENTITIES[entity])
    .replace(/\u200b/g, '')
}

/** Terminal columns a string takes: emoji and other wide pictographs take two. */
const width = text =>
  Array.from(text).reduce((n, ch) => {
    const cp = ch.codePointAt(0)
    return n + (cp >= 0x1f000 || (cp >= 0x2600 && cp <= 0x27bf) || cp === 0x2b1c ? 2 : 1)
  }, 0)

function cut(text, max) {
  if (width(text) <= max) return text
  let kept = ''
  for (const ch of text) {
    if (width(kept + ch) > max - 1) break
    kept += ch
  }
  return `${kept}…`
}

/** Cells of a table row, split on the pipes that are not escaped. */
function cells(row) {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map(cell => cut(plainInline(cell.trim()), COLUMN_MAX))
}

function renderTable(rows) {
  const table = rows.filter(row => !/^\|(\s*:?-+:?\s*\|)+\s*$/.test(row)).map(cells)
  const columns = Math.max(...table.map(r => r.length))
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...table.map(r => width(r[c] ?? ''))))
  const line = r =>
    r
      .map((cell, c) => cell + ' '.repeat(widths[c] - width(cell)))
      .join('  ')
      .trimEnd()
  const [head, ...body] = table
  return [
    '  ' + line(head),
    '  ' + widths.map(w => '─'.repeat(w)).join('  '),
    ...body.map(r => '  ' + line(r))
  ]
}

/** The job summary's markdown as terminal text. */
export function markdownToText(markdown) {
  const out = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.startsWith('|')) {
      const rows = []
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++])
      i--
      out.push(...renderTable(rows))
      continue
    }
    const heading = /^#{1,6} (.*)$/.exec(line)
    const summary = /^<details><summary>(.*)<\/summary>$/.exec(line)
    const title = heading?.[1] ?? summary?.[1]
    if (title !== undefined) {
      const text = plainInline(title)
      out.push(text, '─'.repeat(width(text)))
    } else if (line === '</details>') continue
    else if (/^> \[!(\w+)\]$/.test(line)) {
      const kind = /^> \[!(\w+)\]$/.exec(line)[1]
      out.push(`${kind.charAt(0)}${kind.slice(1).toLowerCase()}:`)
    } else if (line.startsWith('> ')) out.push(`  ${plainInline(line.slice(2))}`)
    else out.push(plainInline(line))
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  )
}

const unescapeData = s => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = s => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','))

/**
 * The step's output as the log viewer shows it: a group as its title (▸) with its lines indented,
 * annotations as "error: file:line: message", debug lines left out.
 */
export function logToText(stdout) {
  const out = []
  let indent = ''
  for (const line of stdout.split('\n')) {
    const command = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line)
    if (!command) {
      if (line !== '') out.push(indent + line)
      continue
    }
    const [, name, props = '', data] = command
    if (name === 'group') {
      out.push(`▸ ${unescapeData(data)}`)
      indent = '    '
    } else if (name === 'endgroup') indent = ''
    else if (name === 'error' || name === 'warning' || name === 'notice') {
      const file = /file=([^,]*)/.exec(props)?.[1]
      const at = /line=(\d+)/.exec(props)?.[1]
      const where = file ? `${unescapeProperty(file)}${at ? `:${at}` : ''}: ` : ''
      for (const [i, text] of unescapeData(data).split('\n').entries())
        out.push(`${indent}${i === 0 ? `${name}: ${where}` : '  '}${text}`)
    }
  }
  return out.join('\n') + '\n'
}
