/**
 * Text an attacker controls (a file name in a pull request, a package name in an image, a message
 * in a report) shaped to become a workflow command or to hide itself. Every log call site is fed
 * these; see __tests__/log.test.ts and __tests__/log-injection.test.ts.
 */
export const HOSTILE: readonly string[] = [
  'a\n::stop-commands::pwned',
  'b\r::add-mask::secret-value',
  'c\r\n::error::forged error',
  'd%0A::warning::already encoded',
  '::add-mask::masked',
  '::error file=Dockerfile,line=1::forged annotation',
  '::set-output name=verdict::pass',
  '  ::notice::indented',
  '\u00a0\u2003::debug::unicode-indented',
  'x ##[set-output name=verdict;]pass',
  'y ##[add-mask]legacy-secret',
  '\u0085::group::after NEL',
  '\u2028::endgroup::after LS',
  'e\n  ::echo::on',
  'f\n::set-env name=NODE_OPTIONS::--require /tmp/x',
  'g\n::add-path::/tmp/evil',
  'h\n::save-state name=s::x',
  'i\n::add-matcher::/tmp/matcher.json',
  ':\u200b:stop-commands::zero-width-split',
  '#\u200b#[stop-commands]zw-legacy',
  'evil\u202egpj.exe',
  '\u001b[8mhidden\u001b[0m'
]

/** The same strings as file names (Linux forbids only '/' and NUL), each ending in `suffix`. */
export function hostileFileNames(suffix: string): string[] {
  return HOSTILE.map((h, i) => `${i}-${h.replace(/\//g, '∕')}${suffix}`)
}
