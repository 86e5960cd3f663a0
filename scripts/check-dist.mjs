// Fails when dist/ is not exactly what `npm run bundle` makes from the current sources: the runner
// executes dist/index.js, so a stale bundle would ship old code. Builds into a temporary folder and
// compares file by file (as actions/typescript-action's check-dist workflow does with git diff).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const out = mkdtempSync(join(tmpdir(), 'container-gate-dist-'))
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      'src/index.ts',
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet'
    ],
    { stdio: 'inherit' }
  )
  const list = dir =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter(e => e.isFile())
          .map(e => relative(dir, join(e.parentPath ?? e.path, e.name)))
          .sort()
      : []
  const fresh = list(out)
  const committed = list('dist')
  const problems = []
  for (const f of fresh) {
    if (!committed.includes(f)) problems.push(`missing from dist/: ${f}`)
    else if (!readFileSync(join(out, f)).equals(readFileSync(join('dist', f))))
      problems.push(`stale: dist/${f}`)
  }
  for (const f of committed) if (!fresh.includes(f)) problems.push(`not produced by the bundle: dist/${f}`)
  if (problems.length > 0) {
    console.error(
      `dist/ does not match the sources. Run 'npm run bundle' and commit dist/.\n  ${problems.join('\n  ')}`
    )
    process.exit(1)
  }
  console.log(`dist/ is up to date (${fresh.length} files).`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
