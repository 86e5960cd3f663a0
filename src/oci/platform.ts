/**
 * Platforms as BuildKit reads them (github.com/containerd/platforms Parse + Normalize, which
 * buildx and the Dockerfile frontend both apply): `linux/arm64`, `linux/arm/v7`, `windows/amd64`.
 * They give the automatic platform ARGs (TARGETOS, TARGETARCH, …) their values.
 */

export interface Platform {
  os: string
  architecture: string
  variant: string
}

const OS_COMPONENT = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/
const COMPONENT = /^[A-Za-z0-9_.-]+$/
const KNOWN_OS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris windows zos'.split(
    ' '
  )
)
const KNOWN_ARCH = new Set(
  '386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc riscv riscv64 s390 s390x sparc sparc64 wasm'.split(
    ' '
  )
)

function normalizeOs(os: string): string {
  const lower = os.toLowerCase()
  return lower === 'macos' ? 'darwin' : lower
}

/** containerd's normalizeArch: the canonical architecture and variant names. */
function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase()
  let v = variant.toLowerCase()
  switch (a) {
    case 'i386':
      return ['386', '']
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', v === 'v1' ? '' : v]
    case 'aarch64':
    case 'arm64':
      if (['8', 'v8', 'v8.0'].includes(v)) v = ''
      else if (['9', '9.0', 'v9.0'].includes(v)) v = 'v9'
      return ['arm64', v]
    case 'armhf':
      return ['arm', 'v7']
    case 'armel':
      return ['arm', 'v6']
    case 'arm':
      if (v === '' || v === '7') v = 'v7'
      else if (['5', '6', '8'].includes(v)) v = `v${v}`
      return ['arm', v]
  }
  return [a, v]
}

/** A platform specifier that says everything itself: `os/arch` or `os/arch/variant`, no OS version. */
export function parsePlatform(specifier: string): Platform | { error: string } {
  const parts = specifier.split('/')
  if (parts.length < 2 || parts.length > 3) return { error: 'expected os/arch or os/arch/variant' }
  if (specifier.includes('*')) return { error: 'wildcards are not platforms' }
  if (!/^[A-Za-z0-9_-]+$/.test(parts[0]!))
    return {
      error: `'${parts[0]}' is not an operating system name (OS versions and features are not supported here)`
    }
  const bad = parts.slice(1).find(p => !COMPONENT.test(p))
  if (bad !== undefined) return { error: `'${bad}' is not an architecture or variant name` }
  let [architecture, variant] = normalizeArch(parts[1]!, parts[2] ?? '')
  // containerd's Parse, before Normalize: a 3-part arm64 without variant is v8 (then normalized away)
  if (parts.length === 2 && architecture === 'arm' && variant === 'v7') variant = ''
  ;[architecture, variant] = normalizeArch(architecture, variant)
  return { os: normalizeOs(parts[0]!), architecture, variant }
}

export function isPlatform(value: Platform | { error: string }): value is Platform {
  return !('error' in value)
}

/** `os/arch[/variant]`, as TARGETPLATFORM and BUILDPLATFORM spell it. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(s => s !== '').join('/')
}

/**
 * Whether BuildKit accepts a FROM's `--platform` value (containerd's Parse, every form it takes:
 * one component naming a known OS or architecture, an OS with version and features, up to three
 * components). BuildKit refuses the Dockerfile when it does not.
 */
export function isPlatformSpecifier(specifier: string): boolean {
  if (specifier.includes('*')) return false
  const parts = specifier.split('/', 4)
  if (specifier.split('/').length > 3) return false
  const os = OS_COMPONENT.exec(parts[0]!)
  if (!os) return false
  if (!validOsOptions(os[2] ?? '', os[3] ?? '')) return false
  if (parts.slice(1).some(p => !COMPONENT.test(p))) return false
  if (parts.length > 1) return true
  const name = normalizeOs(os[1]!)
  return KNOWN_OS.has(name) || KNOWN_ARCH.has(normalizeArch(parts[0]!, '')[0])
}

/** OS versions and features may be percent-encoded; a bad escape or an empty feature is an error. */
function validOsOptions(version: string, features: string): boolean {
  const decodes = (s: string): boolean => {
    if (!s.includes('%')) return true
    try {
      decodeURIComponent(s)
      return true
    } catch {
      return false
    }
  }
  if (!decodes(version)) return false
  if (features === '') return true
  return features
    .slice(1)
    .split('+')
    .every(f => f.trim() !== '' && decodes(f.trim()))
}

/** The runner's own platform: what buildx builds for and on when no platform is given. */
export function runnerPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch
): Platform {
  const architecture =
    {
      x64: 'amd64',
      ia32: '386',
      arm64: 'arm64',
      arm: 'arm',
      ppc64: 'ppc64le',
      s390x: 's390x',
      riscv64: 'riscv64'
    }[arch] ?? arch
  return {
    os: platform === 'win32' ? 'windows' : 'linux',
    architecture,
    variant: architecture === 'arm' ? 'v7' : ''
  }
}
