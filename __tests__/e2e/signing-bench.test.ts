/**
 * How much time signing and attesting add to a passing run (issue 12, bench/RESULTS.md). Not a
 * timed test: nothing here asserts a duration, and it runs only when asked (E2E_BENCH=1), because
 * it repeats whole runs:
 *
 *   E2E_BENCH=1 E2E_NODES=24 npm run test:e2e -- signing-bench
 *
 * Each round runs the same gate on a fresh copy of the clean Alpine image three ways, interleaved
 * (the order rotates each round, so load from other users of the machine hits every variant alike),
 * with warm tool caches and Trivy DB (one warm-up run first): no signing; `sign: true` with a key;
 * `sign: true` with `attest: vuln, sbom`. Offline, against the run's registry, with the real cosign
 * and Trivy. The medians and ranges go to stdout and bench/out/signing.json.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { e2eEnv, namespace, offlineInputs, runAction, transcript, type RunResult } from './helpers/harness.js'
import { freshImage, signingFixtures } from './helpers/signing.js'

const env = e2eEnv()
const s = signingFixtures(env)
const ROUNDS = Number(process.env.E2E_BENCH_ROUNDS ?? 7)
const NO_NETWORK = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' }
const VARIANTS = {
  'no signing': {},
  'sign (key)': { sign: 'true' },
  'sign + attest vuln, sbom (key)': { sign: 'true', attest: 'vuln, sbom' }
} as const
type Variant = keyof typeof VARIANTS

/** The Node version the bundle runs under (E2E_NODE, set by scripts/e2e.sh). */
function nodeVersion(): string {
  const node = process.env.E2E_NODE
  return node ? spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim() : process.version
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const bench = process.env.E2E_BENCH === '1' ? describe : describe.skip

bench('signing and attesting: time added to a passing run (measurement, no assertion on time)', () => {
  it('runs each variant ROUNDS times, interleaved', async () => {
    const ns = namespace('bench-sign')
    const inputs = (image: string, extra: { sign?: string; attest?: string }) => ({
      ...offlineInputs(env, ns),
      image,
      'config-path': '',
      dockerfile: '',
      ...(extra.sign
        ? {
            'cosign-key': s.keys.main.private,
            'sigstore-trusted-root': s.trustedRoot,
            'sigstore-signing-config': s.signingConfig
          }
        : {}),
      ...extra
    })
    const run = async (variant: Variant, dirs?: RunResult['dirs']) => {
      const image = await freshImage(env, env.fixtures.images['alpine-clean']!.reference, 'bench')
      const started = process.hrtime.bigint()
      const r = await runAction(env, {
        mirrorNamespace: ns,
        env: { ...NO_NETWORK, COSIGN_PASSWORD: s.password },
        inputs: inputs(image.reference, VARIANTS[variant]),
        ...(dirs ? { reuse: dirs } : {})
      })
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      expect(r.exitCode === 0 ? 0 : transcript(r)).toBe(0)
      if (variant !== 'no signing') expect(r.outputs.signed).toBe(image.pinned)
      return { r, ms }
    }
    // Warm-up: installs the tools and the Trivy DB into the dirs every sample reuses.
    const { r: warm } = await run('sign + attest vuln, sbom (key)')
    const names = Object.keys(VARIANTS) as Variant[]
    const samples: Record<string, number[]> = Object.fromEntries(names.map(n => [n, []]))
    for (let round = 0; round < ROUNDS; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length]!)
      for (const variant of order) samples[variant]!.push((await run(variant, warm.dirs)).ms)
    }
    const base = median(samples['no signing']!)
    const rows = names.map(n => {
      const xs = samples[n]!
      const m = median(xs)
      return `| ${n} | ${Math.round(m)} [${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}] | ${n === 'no signing' ? '' : `+${Math.round(m - base)}`} |`
    })
    const table = ['| run | wall ms, median [min–max] | added ms |', '|---|---|---|', ...rows].join('\n')
    process.stdout.write(`\n${table}\n(${ROUNDS} rounds, the bundle under Node ${nodeVersion()})\n`)
    mkdirSync(join('bench', 'out'), { recursive: true })
    writeFileSync(join('bench', 'out', 'signing.json'), JSON.stringify({ rounds: ROUNDS, samples }, null, 2))
  })
})
