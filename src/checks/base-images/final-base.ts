/**
 * The image each Dockerfile's final stage is built FROM, as BuildKit resolves it (build-args,
 * ARG defaults, stages built from earlier stages): the base the built image inherits its OS
 * packages from. The JSON report records it (`baseImages`) so a fleet aggregate can tell which
 * images share a base, and which findings a rebuild of that base would clear, without the
 * repository at hand.
 */
import { readDockerfile, type BuildSettings, type ImageSource } from './read.js'

/** One Dockerfile's final base for one target platform. */
export interface FinalBase {
  /** Repository-relative path of the Dockerfile. */
  dockerfile: string
  /** The target platform as TARGETPLATFORM spells it (linux/amd64). */
  platform: string
  /** The image reference, normalized (docker.io/library/debian:12); `scratch`; absent when the
   * final stage's base depends on an ARG without a value, or BuildKit refuses the file. */
  image?: string
  /** The FROM name as written in the Dockerfile (before ARG expansion) of the stage that names an image. */
  written?: string
  /** Set when the resolved name contains a build-arg value: it is then not recorded (see below). */
  withheld?: 'build-arg'
}

/**
 * Whether a resolved name shows a build-arg value. Workflows pass credentials as build-args, and the
 * report names build args without their values (json-report.ts): a base spelled from one is withheld.
 */
function showsBuildArg(image: string, build: BuildSettings): boolean {
  return [...build.buildArgs.values()].some(value => value !== '' && image.includes(value))
}

/** Follows `FROM <stage>` back to the stage that names an image (or scratch). */
function resolveStage(sources: readonly ImageSource[], last: ImageSource): ImageSource | undefined {
  const froms = sources.filter(s => s.instruction === 'FROM')
  let current: ImageSource | undefined = last
  // A stage can only name an earlier one, so the chain is at most as long as the file has FROMs.
  for (let hops = 0; current && current.kind === 'stage' && hops <= froms.length; hops++) {
    const name: string | undefined = current.value?.toLowerCase()
    const at = froms.indexOf(current)
    current = froms.slice(0, at).findLast(s => s.stage === name)
  }
  return current
}

/** The final base of each Dockerfile read (per target platform). Pure. */
export function finalBaseImages(
  dockerfiles: ReadonlyArray<{ path: string; text: string }>,
  build: BuildSettings
): FinalBase[] {
  const out: FinalBase[] = []
  for (const { path, text } of dockerfiles) {
    const reading = readDockerfile(text, build)
    for (const { platform, sources } of reading.platforms) {
      const last = sources.filter(s => s.instruction === 'FROM').at(-1)
      const source = reading.refusal || !last ? undefined : resolveStage(sources, last)
      const image =
        source?.kind === 'image'
          ? source.image?.normalized
          : source?.kind === 'scratch'
            ? 'scratch'
            : undefined
      const withheld = image !== undefined && showsBuildArg(image, build)
      out.push({
        dockerfile: path,
        platform,
        ...(image && !withheld ? { image } : {}),
        ...(source ? { written: source.raw } : {}),
        ...(withheld ? { withheld: 'build-arg' as const } : {})
      })
    }
  }
  return out
}
