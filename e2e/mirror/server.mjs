#!/usr/bin/env node
// A local stand-in for https://github.com release downloads, used by the e2e suite as the
// action's `tool-mirror`. It serves the folder written by assets.sh:
//
//   GET /<owner>/<repo>/releases/download/<tag>/<asset>          namespace "default"
//   GET /ns/<ns>/<owner>/<repo>/releases/download/<tag>/<asset>   namespace <ns>
//
// Like github.com it answers a release download with a 302 to a blob URL, so the installer's
// redirect handling runs for real. Each namespace counts its own requests (tests give every
// scenario its own namespace, so "the second run downloaded nothing" is a per-scenario fact even
// when jest runs files in parallel). A namespace whose name starts with "tampered" serves a
// different, well-formed asset - a shell script in place of the binary that records its own
// execution - while the checksum files stay unchanged: the supply-chain attack the installer must
// refuse before extracting or running anything.
//
//   GET /__requests?ns=<ns>  ->  {"requests": {"<path>": n}, "executed": ["<asset>", ...]}
//   GET /__health            ->  ok
//
// Usage: node server.mjs --root DIR --port-file FILE [--port N] [--marker-dir DIR]
import { createServer } from 'node:http'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), [])
)
const root = path.resolve(args.root ?? '.')
const markerDir = path.resolve(args['marker-dir'] ?? path.join(tmpdir(), 'container-gate-e2e-tamper'))
mkdirSync(markerDir, { recursive: true })

/** ns -> path -> count */
const counts = new Map()
// A tag may hold a slash (kustomize/v5.8.2), which a release URL carries as %2F; assets.sh stores
// that folder under the same encoded name, so nothing is decoded and no segment can climb out.
const releasePath =
  /^\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/releases\/download\/(?:[A-Za-z0-9_.+-]|%2F)+\/[A-Za-z0-9_.+-]+$/
const checksumFile = /(checksums|sha256sums)[^/]*$|\.sha256$/

function split(url) {
  const m = /^\/ns\/([A-Za-z0-9_.-]+)(\/.*)$/.exec(url)
  return m ? { ns: m[1], rest: m[2] } : { ns: 'default', rest: url }
}

function count(ns, p) {
  if (!counts.has(ns)) counts.set(ns, {})
  const c = counts.get(ns)
  c[p] = (c[p] ?? 0) + 1
}

/** A minimal ustar archive of regular files, enough for tar/@actions/tool-cache to extract. */
function tar(files) {
  const blocks = []
  for (const [name, body, mode] of files) {
    const h = Buffer.alloc(512)
    h.write(name, 0, 100)
    h.write(mode.toString(8).padStart(7, '0') + '\0', 100)
    h.write('0000000\0', 108)
    h.write('0000000\0', 116)
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124)
    h.write(
      Math.floor(Date.UTC(2026, 0, 1) / 1000)
        .toString(8)
        .padStart(11, '0') + '\0',
      136
    )
    h.write('        ', 148)
    h.write('0', 156)
    h.write('ustar\0', 257)
    h.write('00', 263)
    let sum = 0
    for (const b of h) sum += b
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

/** The attacker's asset: valid in shape, records its execution, prints a plausible version. */
function tampered(ns, asset) {
  const marker = path.join(markerDir, `${ns}--${asset}`)
  const script = Buffer.from(`#!/bin/sh\n: > '${marker}'\necho 'Version: 0.0.0-tampered'\n`)
  if (asset.endsWith('.tar.gz')) {
    const bin = asset.startsWith('gator') ? 'gator' : asset.split('_')[0]
    return gzipSync(tar([[bin, script, 0o755]]))
  }
  return script
}

function executed(ns) {
  return readdirSync(markerDir)
    .filter(f => f.startsWith(`${ns}--`))
    .map(f => f.slice(ns.length + 2))
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://mirror')
  if (url.pathname === '/__health') return void res.end('ok')
  if (url.pathname === '/__requests') {
    const ns = url.searchParams.get('ns') ?? 'default'
    res.setHeader('content-type', 'application/json')
    return void res.end(JSON.stringify({ requests: counts.get(ns) ?? {}, executed: executed(ns) }))
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405
    return void res.end()
  }

  const blob = /^\/__blob(\/.*)$/.exec(url.pathname)
  const { ns, rest } = split(blob ? blob[1] : url.pathname)
  if (!releasePath.test(rest)) {
    res.statusCode = 404
    return void res.end('Not Found')
  }
  const file = path.join(root, rest)
  if (!blob) count(ns, rest)
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.statusCode = 404
    return void res.end('Not Found')
  }
  if (!blob) {
    // github.com answers 302 to a short-lived objects.githubusercontent.com URL.
    res.statusCode = 302
    // An absolute URL, as github.com sends (to objects.githubusercontent.com).
    const { port } = server.address()
    res.setHeader('location', `http://127.0.0.1:${port}/__blob${ns === 'default' ? '' : `/ns/${ns}`}${rest}`)
    return void res.end()
  }
  const asset = path.basename(rest)
  const body =
    ns.startsWith('tampered') && !checksumFile.test(asset) ? tampered(ns, asset) : readFileSync(file)
  res.setHeader('content-type', 'application/octet-stream')
  res.setHeader('content-length', body.length)
  res.end(req.method === 'HEAD' ? undefined : body)
})

server.listen(Number(args.port ?? 0), '127.0.0.1', () => {
  const { port } = server.address()
  if (args['port-file']) writeFileSync(args['port-file'], String(port))
  console.log(`release mirror on http://127.0.0.1:${port} serving ${root}`)
})
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)))
