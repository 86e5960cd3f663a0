/**
 * The Dockerfiles the `image` / `image-input` lines pair with images (`ref | path/to/Dockerfile`)
 * must exist and be readable through the safe read before anything is scanned: a pairing to a
 * missing file is a typo, and the findings would otherwise silently stay off the Dockerfile.
 */
import type { Inputs } from '../inputs/read.js'
import { READ_LIMITS, readFileSafely, refusedRead } from './safe-read.js'

export function checkDockerfilePairings(
  inputs: Pick<Inputs, 'dockerfileFor' | 'images'>,
  workspace: string
): void {
  for (const [subject, dockerfile] of Object.entries(inputs.dockerfileFor)) {
    const read = readFileSafely(dockerfile, { workspace, maxBytes: READ_LIMITS.source, scope: 'workspace' })
    if (read.ok) continue
    const input = inputs.images.includes(subject) ? 'image' : 'image-input'
    throw refusedRead(
      `Input '${input}': ${JSON.stringify(`${subject} | ${dockerfile}`)} pairs the image with a Dockerfile that`,
      read,
      "Expected the path of the Dockerfile the image was built from, relative to the repository root (as docker/build-push-action's file:)."
    )
  }
}
