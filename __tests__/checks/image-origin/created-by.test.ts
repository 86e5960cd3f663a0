/**
 * created_by as BuildKit v0.34 writes it for each instruction (e2e/HISTORY.md's table), and what
 * other builders write, which must never pass for it: a wrong match puts a finding on a wrong line.
 */
import { describe, expect, it } from '@jest/globals'
import { entryMismatch } from '../../../src/checks/image-origin/created-by.js'
import { parseDockerfile } from '../../../src/checks/base-images/parser.js'

/** The instruction on the Dockerfile's last line (after a FROM). */
function last(line: string) {
  const ins = parseDockerfile(`FROM scratch\n${line}\n`).instructions
  return ins[ins.length - 1]!
}

const layer = (createdBy: string) => ({ createdBy, emptyLayer: false })
const empty = (createdBy: string) => ({ createdBy, emptyLayer: true })

describe('entryMismatch: BuildKit’s created_by', () => {
  it.each([
    ['RUN apt-get update', layer('RUN /bin/sh -c apt-get update # buildkit')],
    [
      'RUN apt-get update',
      layer('RUN |1 DEBIAN_FRONTEND=noninteractive /bin/sh -c apt-get update # buildkit')
    ],
    ['RUN ["/bin/app", "--init"]', layer('RUN /bin/app --init # buildkit')],
    [
      'RUN --mount=type=cache,target=/var/cache/apt apt-get update',
      layer('RUN /bin/sh -c apt-get update # buildkit')
    ],
    [
      'COPY --from=build /out/worker /usr/local/bin/worker',
      layer('COPY /out/worker /usr/local/bin/worker # buildkit')
    ],
    ['COPY --chown=65534:65534 api/ /srv/api/', layer('COPY --chown=65534:65534 api/ /srv/api/ # buildkit')],
    ['COPY ${SRC} /app/', layer('COPY src/ /app/ # buildkit')],
    ['ADD rootfs/ /', layer('ADD rootfs/ / # buildkit')],
    ['WORKDIR /srv/app/', layer('WORKDIR /srv/app')],
    ['WORKDIR /', empty('WORKDIR /')],
    ['ENV APP_HOME=/srv/app', empty('ENV APP_HOME=/srv/app')],
    ['CMD ["./run.sh"]', empty('CMD ["./run.sh"]')],
    ['EXPOSE 8080', empty('EXPOSE [8080/tcp]')]
  ])('%s matches %j', (line, entry) => {
    expect(entryMismatch(entry, last(line))).toBeUndefined()
  })

  it.each([
    // buildah without --layers: the RUN is recorded, without its layer.
    ['RUN apt-get update', empty('/bin/sh -c apt-get update'), 'it made no layer'],
    [
      'RUN apt-get install -y curl',
      layer('RUN /bin/sh -c apt-get install -y wget # buildkit'),
      'another command'
    ],
    ['RUN make', layer('COPY make / # buildkit'), 'not a RUN'],
    ['COPY app/ ./', layer('COPY lib/ ./ # buildkit'), 'other paths'],
    ['ADD app/ ./', layer('COPY app/ ./ # buildkit'), 'not an ADD'],
    ['WORKDIR /srv/app', layer('WORKDIR /srv/api'), 'another directory'],
    ['USER 65534', layer('USER 65534'), 'it made a layer'],
    // Docker's classic builder writes metadata as a no-op shell command: not BuildKit's record.
    ['CMD ["sh"]', empty('/bin/sh -c #(nop)  CMD ["sh"]'), 'not a CMD']
  ])('%s does not match %j (%s)', (line, entry, why) => {
    expect(entryMismatch(entry, last(line))).toBe(why)
  })
})
