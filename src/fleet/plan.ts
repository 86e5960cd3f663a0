/**
 * `mode: plan`: the work of a fleet as a GitHub Actions matrix. Each Dockerfile (with its build
 * context and the image name the pattern gives it) or each image of the images file is one entry;
 * `group-size` puts several in one job. The order is the names' order, whatever order the files
 * were listed in, so two runs on one commit plan the same matrix. Pure.
 */
import { ConfigurationError, badInput } from '../errors.js'
import { isImageRef, parseImageRef } from '../oci/image-ref.js'
import { MATRIX_LIMIT } from '../inputs/fleet.js'

/**
 * One job of the matrix. With `group-size` above 1, `dockerfile`, `context` and `image` list the
 * group's values one per line, in the same order (the action's `dockerfile` and `image` inputs take
 * lines), so a leg passes them on as they are.
 */
export interface MatrixEntry {
  /** The leg's name: what the leg passes as `leg-name` and the aggregate expects. */
  name: string
  dockerfile?: string
  /** The Dockerfile's folder: the build context `docker build` is given. */
  context?: string
  image?: string
}

export interface Matrix {
  include: MatrixEntry[]
}

export interface PlanRequest {
  /** Repository-relative paths of the Dockerfiles found. */
  dockerfiles: readonly string[]
  /** The images file's lines (blank lines and '#' comments are skipped); undefined: no images file. */
  imagesFile?: { path: string; text: string }
  imagePattern?: string
  groupSize: number
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** A name safe in artifact names, job names and comment keys. */
function safeName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'root'
}

function folderOf(path: string): string {
  const at = path.lastIndexOf('/')
  return at < 0 ? '.' : path.slice(0, at)
}

/** services/api/Dockerfile -> services-api; services/api/Dockerfile.worker -> services-api-Dockerfile.worker. */
function dockerfileName(path: string): string {
  const folder = folderOf(path)
  const file = path.slice(path.lastIndexOf('/') + 1)
  const stem = file === 'Dockerfile' ? folder : folder === '.' ? file : `${folder}/${file}`
  return safeName(stem === '.' ? 'root' : stem)
}

/** An image path component from a repository path: lower case, only what a repository name allows. */
function imagePath(raw: string): string {
  return raw
    .toLowerCase()
    .split('/')
    .map(part => part.replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[._-]+$/g, '') || 'root')
    .join('/')
}

function imageFor(pattern: string, entry: { name: string; dir: string }, dockerfile: string): string {
  const dir = entry.dir === '.' ? 'root' : entry.dir
  const image = pattern
    .replaceAll('{dir}', imagePath(dir))
    .replaceAll('{folder}', imagePath(dir.slice(dir.lastIndexOf('/') + 1)))
    .replaceAll('{name}', imagePath(entry.name))
  if (!isImageRef(parseImageRef(image)))
    throw badInput(
      'image-pattern',
      pattern,
      `for ${dockerfile} it gives ${JSON.stringify(image)}, which is not an image reference; expected a pattern such as ghcr.io/acme/{dir}`
    )
  return image
}

/** The images file: one reference per line; blank lines and '#' comments skipped; repeats once. */
export function imagesFromFile(file: { path: string; text: string }): string[] {
  const images: string[] = []
  for (const [index, raw] of file.text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (line === '') continue
    if (/\s/.test(line) || line.startsWith('-') || !isImageRef(parseImageRef(line)))
      throw badInput(
        'images-file',
        `${file.path}:${index + 1}: ${line}`,
        'expected one image reference per line (for example ghcr.io/acme/app:1.2), # for comments'
      )
    if (!images.includes(line)) images.push(line)
  }
  return images
}

/** Names made unique in order: a second `a-b` becomes `a-b-2`. */
function uniqueNames<T extends { name: string }>(entries: T[]): T[] {
  const used = new Map<string, number>()
  return entries.map(e => {
    const n = (used.get(e.name) ?? 0) + 1
    used.set(e.name, n)
    return n === 1 ? e : { ...e, name: `${e.name}-${n}` }
  })
}

function group(entries: readonly MatrixEntry[], size: number): MatrixEntry[] {
  if (size === 1) return [...entries]
  const groups: MatrixEntry[] = []
  const width = String(Math.ceil(entries.length / size)).length
  for (let i = 0; i < entries.length; i += size) {
    const members = entries.slice(i, i + size)
    const joined = (key: 'dockerfile' | 'context' | 'image') =>
      members.every(m => m[key] !== undefined) ? { [key]: members.map(m => m[key]).join('\n') } : {}
    groups.push({
      name: `group-${String(groups.length + 1).padStart(width, '0')}`,
      ...joined('dockerfile'),
      ...joined('context'),
      ...joined('image')
    })
  }
  return groups
}

/** The matrix: Dockerfile entries, then the images file's, each kind in name order, then grouped. */
export function planMatrix(request: PlanRequest): Matrix {
  const fromDockerfiles = uniqueNames(
    [...request.dockerfiles]
      .sort(compare)
      .map(path => ({ name: dockerfileName(path), dir: folderOf(path), path }))
  ).map(e => ({
    name: e.name,
    dockerfile: e.path,
    context: e.dir,
    ...(request.imagePattern ? { image: imageFor(request.imagePattern, e, e.path) } : {})
  }))
  const listed = request.imagesFile ? imagesFromFile(request.imagesFile) : []
  const fromImages = uniqueNames([...listed].sort(compare).map(image => ({ name: safeName(image), image })))
  fromDockerfiles.sort((a, b) => compare(a.name, b.name))
  fromImages.sort((a, b) => compare(a.name, b.name))
  const all = fromDockerfiles.length + fromImages.length
  if (all === 0)
    throw new ConfigurationError(
      "mode: plan found nothing to plan: no Dockerfile matches the globs of input 'dockerfile' and no images-file lists an image. Set dockerfile (for example services/*/Dockerfile) or images-file."
    )
  // Dockerfile entries and listed images are grouped apart: a group's lines pair one Dockerfile with one image.
  const include = [...group(fromDockerfiles, request.groupSize), ...group(fromImages, request.groupSize)]
  if (include.length > MATRIX_LIMIT) {
    const jobs = (size: number) =>
      Math.ceil(fromDockerfiles.length / size) + Math.ceil(fromImages.length / size)
    let needed = request.groupSize
    while (jobs(needed) > MATRIX_LIMIT) needed++
    throw new ConfigurationError(
      `mode: plan: ${all} images make ${include.length} matrix jobs, above GitHub's limit of ${MATRIX_LIMIT} jobs per matrix. Set group-size to ${needed} or more (group-size: ${request.groupSize} now) to scan several images per job.`
    )
  }
  if (request.groupSize > 1) {
    // Renumber across both kinds so every group name is unique.
    const width = String(include.length).length
    include.forEach((e, i) => (e.name = `group-${String(i + 1).padStart(width, '0')}`))
  }
  return { include }
}
