// The GitHub services a pull-request run of the demo talks to, answered on 127.0.0.1 for the
// screenshots (scripts/screenshots.mjs). The API calls the comment needs: the GraphQL listing of the
// pull request's comments (none yet), the code-scanning alerts and analyses (none: a first run), and
// the POST of the comment, whose body is handed back on the port the parent gave it
// (workerData.port); anything else is a 404, reported. With workerData.artifacts, also the
// results service's artifact API (the tests' stand-in, __fixtures__/artifact-server.ts, which needs
// Node's type stripping: Node 24). Runs in a worker thread so it answers while the parent waits for
// the action synchronously.
import { createServer } from 'node:http'
import { workerData } from 'node:worker_threads'

const parent = workerData.port

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

const NO_COMMENTS = {
  data: {
    repository: {
      pullRequest: { comments: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }
    }
  }
}

function answer(req, body, res) {
  const path = new URL(req.url, 'http://127.0.0.1').pathname
  if (req.method === 'POST' && path === '/graphql') return json(res, 200, NO_COMMENTS)
  if (req.method === 'GET' && /\/code-scanning\/(alerts|analyses)$/.test(path)) return json(res, 200, [])
  const posted = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path)
  if (req.method === 'POST' && posted) {
    const comment = JSON.parse(body).body
    parent.postMessage({ comment })
    const [, owner, repo, number] = posted
    const html_url = `https://github.com/${owner}/${repo}/pull/${number}#issuecomment-1`
    return json(res, 201, { id: 1, html_url, body: comment })
  }
  parent.postMessage({ unanswered: `${req.method} ${path}` })
  return json(res, 404, { message: 'Not Found' })
}

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', chunk => chunks.push(chunk))
  req.on('end', () => answer(req, Buffer.concat(chunks).toString('utf8'), res))
})
/** The artifact service and the variables the runner would give the step for it, when asked for. */
async function artifactService() {
  if (!workerData.artifacts) return { env: {}, stop: async () => {} }
  const { ArtifactServer } = await import('../__fixtures__/artifact-server.ts')
  const artifacts = new ArtifactServer()
  await artifacts.start()
  return { env: artifacts.env(), stop: () => artifacts.stop() }
}

const artifacts = await artifactService()
server.listen(0, '127.0.0.1', () =>
  parent.postMessage({ port: server.address().port, artifactEnv: artifacts.env })
)
parent.on('message', message => {
  if (message === 'stop') server.close(() => artifacts.stop().then(() => parent.close()))
})
