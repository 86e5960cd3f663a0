/**
 * The corpora of the differential tests are real files from public projects, taken unmodified; a
 * SOURCES.tsv next to them names the repository, path and commit of each. These checks keep that
 * record complete: every corpus file is listed, every listed file exists, every row is whole.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

export interface SourceRow {
  file: string
  repository: string
  path: string
  commit: string
}

export function readSources(tsv: string): SourceRow[] {
  const [header, ...lines] = readFileSync(tsv, 'utf8').trimEnd().split('\n')
  if (header !== 'file\trepository\tpath\tcommit') throw new Error(`${tsv}: unexpected header ${header}`)
  return lines.map(line => {
    const [file = '', repository = '', filePath = '', commit = ''] = line.split('\t')
    return { file, repository, path: filePath, commit }
  })
}

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter(e => e.isFile() && !e.name.startsWith('SOURCES'))
    .map(e => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
}

/** What is wrong with the record of `dir` (relative to `root`): empty when it is complete. */
export function sourceProblems(root: string, tsv: string, dir: string): string[] {
  const rows = readSources(tsv)
  const listed = new Set(rows.map(r => r.file))
  const present = new Set(filesUnder(root, dir))
  const problems: string[] = []
  for (const f of present) if (!listed.has(f)) problems.push(`${f}: not in ${path.basename(tsv)}`)
  for (const r of rows) {
    if (!present.has(r.file)) problems.push(`${r.file}: listed but not in ${dir}/`)
    if (!/^[\w.-]+\/[\w.-]+$/.test(r.repository)) problems.push(`${r.file}: repository '${r.repository}'`)
    if (!/^[0-9a-f]{40}$/.test(r.commit)) problems.push(`${r.file}: commit '${r.commit}'`)
    // The corpus keeps the repository's own path, so the file shows where it came from.
    const [owner, name] = r.repository.split('/')
    if (!r.file.endsWith(`${owner}__${name}/${r.path}`)) problems.push(`${r.file}: path '${r.path}'`)
  }
  return problems
}
