/**
 * The build the Dockerfiles are read for (the platforms and build-args inputs; the runner builds),
 * and the warning when base-image rules have no Dockerfile to apply to.
 */
import type { Inputs } from '../../inputs/read.js'
import { runnerPlatform } from '../../oci/platform.js'
import type { BuildSettings } from './read.js'
import { hasBaseImageRules, type BaseImageOptions } from './rules.js'

/** The build the Dockerfiles are read for: the platforms and build-args inputs; the runner builds. */
export function buildSettings(inputs: Pick<Inputs, 'platforms' | 'buildArgs'>): BuildSettings {
  const runner = runnerPlatform()
  return {
    platforms: inputs.platforms.length > 0 ? inputs.platforms : [runner],
    buildPlatform: runner,
    buildArgs: inputs.buildArgs
  }
}

/** One warning when the policy has base-image rules but no Dockerfile is in scope to apply them to. */
export function baseImageScopeWarning(
  inputs: Pick<Inputs, 'dockerfiles'>,
  options: BaseImageOptions,
  dockerfiles: readonly string[]
): string | undefined {
  if (!hasBaseImageRules(options) || dockerfiles.length > 0) return undefined
  const why =
    inputs.dockerfiles === undefined
      ? "input 'dockerfile' is empty (to skip only hadolint, keep the Dockerfiles in scope and set hadolint: false)"
      : "the globs of input 'dockerfile' match no file"
  return `The policy sets base-image rules (base-images.allow or require-digest), but no Dockerfile is in scope: ${why}. Base images are not checked.`
}
