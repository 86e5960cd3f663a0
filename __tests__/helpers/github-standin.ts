/**
 * A local stand-in for the GitHub REST API, for tests that run the action's GitHub side for real.
 *
 * - Listens on 127.0.0.1 on a random port; point the client (or GITHUB_API_URL) at `url`.
 * - Validates every request against GitHub's own OpenAPI description (@octokit/openapi,
 *   api.github.com.json): the method and path must be a documented operation, query parameter names
 *   and values must match the operation's parameters, and a JSON body must satisfy the operation's
 *   requestBody schema (ajv, `$ref`s resolved inside the document). A request that fails is answered
 *   422 and listed in `violations`, so a test can assert `violations` is empty.
 * - Serves state: issue comments, SARIF uploads (decoded, with GitHub's upload limits checked), and
 *   code-scanning analyses and alerts derived from the uploads per ref (or seeded with `addAnalysis`
 *   and `addAlert`).
 * - GraphQL (POST /graphql, /api/graphql under a GHES prefix): every query is parsed and validated
 *   against GitHub's published GraphQL schema (@octokit/graphql-schema) and executed for the fields
 *   the action reads (viewer, a pull request's comments with viewerDidAuthor); anything else is a
 *   violation, as for REST.
 * - Identities: each token acts as someone (`identify(token, who)`); by default the token is the
 *   GITHUB_TOKEN, `github-actions[bot]`. Comments are written as the requester; `addComment` seeds
 *   one by anybody else.
 * - Failure injection: `fail(rule)` answers matching requests with an error (e.g. `failWrites()`:
 *   403 "Resource not accessible by integration" on every REST write, as a fork's token gets; GraphQL
 *   requests fail only for rules whose `path` matches /graphql).
 *
 * Usage:
 *   const gh = new GitHubStandIn()
 *   await gh.start()
 *   ... createGitHubClient({ apiUrl: gh.url, ... }) ...
 *   expect(gh.violations).toEqual([])
 *   await gh.stop()
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv
) => Ajv

const require = createRequire(import.meta.url)
const SPEC_PATH = require.resolve('@octokit/openapi/generated/api.github.com.json')
// The package exports only its ESM entry (which also parses a 5 MB JSON): read the SDL file itself.
const GRAPHQL_SDL_PATH = (require.resolve.paths('@octokit/graphql-schema') ?? [])
  .map(dir => join(dir, '@octokit/graphql-schema/schema.graphql'))
  .find(file => existsSync(file)) as string

/** Who a token acts as. */
export interface Identity {
  login: string
  id: number
  type: 'Bot' | 'User'
}

/** The GITHUB_TOKEN's identity: comments it writes show github-actions[bot]. */
export const ACTIONS_BOT: Identity = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

interface OpenApiOperation {
  operationId: string
  parameters?: Array<{ $ref?: string; name?: string; in?: string; schema?: unknown; required?: boolean }>
  requestBody?: { content?: Record<string, { schema?: unknown }> }
}
interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>
  components: {
    parameters: Record<string, { name: string; in: string; schema?: unknown; required?: boolean }>
  }
}

/** One request as the stand-in saw it. */
export interface RecordedRequest {
  method: string
  /** Path without the query string, e.g. /repos/o/r/code-scanning/sarifs. */
  path: string
  query: Record<string, string>
  /** Parsed JSON body, if any. */
  body?: unknown
  operationId?: string
  status: number
  /** Whether an Authorization header was sent (its value is never recorded). */
  authorized: boolean
  /** Login of the identity the request's token acts as. */
  actor?: string
}

/** A stored issue comment. */
export interface StoredComment {
  id: number
  issue: number
  body: string
  user: Identity
  created_at: string
  updated_at: string
}

/** A stored SARIF upload, decoded. */
export interface StoredSarif {
  id: string
  ref: string
  commitSha: string
  toolName?: string
  checkoutUri?: string
  startedAt?: string
  gzippedBytes: number
  sarif: {
    runs: Array<{
      tool: { driver: { name: string } }
      automationDetails?: { id: string }
      results: unknown[]
    }>
  }
  /** How many more status polls answer "pending". */
  pendingPolls: number
  errors: string[]
}

/** A code-scanning alert and its state on each ref. */
export interface StoredAlert {
  number: number
  created_at: string
  ruleId: string
  severity?: 'critical' | 'high' | 'medium' | 'low'
  toolName: string
  category: string
  path: string
  startLine: number
  message: string
  /** ref → state of the alert there. */
  refs: Map<string, 'open' | 'fixed' | 'dismissed'>
}

/** When a request matches, answer with `status` and GitHub's error shape instead of serving it. */
export interface FailureRule {
  method?: string | RegExp
  path?: RegExp
  status: number
  message: string
  /** Only the first N matching requests fail (default: all). */
  times?: number
}

export interface StandInOptions {
  owner?: string
  repo?: string
  /** Served under this prefix too (GHES: /api/v3). */
  prefix?: string
  /** Clock for created_at values. */
  now?: () => Date
  /** Status polls a new upload answers "pending" before "complete" (default 1). */
  pendingPolls?: number
  /** The branch alerts are listed for when no ref is given (default main). */
  defaultBranch?: string
}

let cachedGraphql: GraphQLSchema | undefined
function graphqlSchema(): GraphQLSchema {
  // GitHub's published SDL repeats two fields of EnterpriseOwnerInfo; queries are still validated.
  cachedGraphql ??= buildSchema(readFileSync(GRAPHQL_SDL_PATH, 'utf8'), { assumeValidSDL: true })
  return cachedGraphql
}

let cachedSpec: OpenApiSpec | undefined
function loadSpec(): OpenApiSpec {
  cachedSpec ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiSpec
  return cachedSpec
}

interface Route {
  method: string
  template: string
  regex: RegExp
  op: OpenApiOperation
}

function jsonPointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

export class GitHubStandIn {
  readonly owner: string
  readonly repo: string
  readonly requests: RecordedRequest[] = []
  readonly violations: string[] = []
  readonly comments: StoredComment[] = []
  readonly sarifs: StoredSarif[] = []
  readonly alerts: StoredAlert[] = []
  readonly analyses: Array<{
    id: number
    ref: string
    commitSha: string
    tool: string
    category: string
    createdAt: string
    results: number
    sarifId: string
  }> = []
  private server?: Server
  private port = 0
  private failures: FailureRule[] = []
  private readonly identities = new Map<string, Identity>()
  private nextId = 1000
  private readonly routes: Route[]
  private readonly ajv: Ajv
  private readonly paramAjv: Ajv
  private readonly validators = new Map<string, ValidateFunction>()
  /** tool|category|rule|path|fingerprint → alert, so recording a 50,000-result upload stays linear. */
  private readonly alertIndex = new Map<string, StoredAlert>()
  private readonly opts: Required<Omit<StandInOptions, 'owner' | 'repo'>>

  constructor(options: StandInOptions = {}) {
    this.owner = options.owner ?? 'Codertocat'
    this.repo = options.repo ?? 'Hello-World'
    this.opts = {
      prefix: options.prefix ?? '',
      now: options.now ?? (() => new Date()),
      pendingPolls: options.pendingPolls ?? 1,
      defaultBranch: options.defaultBranch ?? 'main'
    }
    const spec = loadSpec()
    this.routes = []
    for (const [template, ops] of Object.entries(spec.paths)) {
      const regex = new RegExp(
        '^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)') + '$'
      )
      for (const [method, op] of Object.entries(ops)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
          this.routes.push({ method: method.toUpperCase(), template, regex, op })
      }
    }
    // Literal segments before parameters: /repos/{o}/{r}/issues/comments must not match issues/{n}.
    this.routes.sort((a, b) => literalWeight(b.template) - literalWeight(a.template))
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: true })
    addFormats(this.ajv)
    this.ajv.addSchema(spec as object, 'github')
    this.paramAjv = new Ajv({ strict: false, coerceTypes: true, validateSchema: false })
    addFormats(this.paramAjv)
    this.paramAjv.addSchema(spec as object, 'github')
  }

  /** Base URL to give the client (GITHUB_API_URL). Valid after start(). */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.opts.prefix}`
  }

  async start(): Promise<void> {
    graphqlSchema() // built once per process (~0.5 s), before any test's clock starts
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(error => {
        this.violations.push(`stand-in crashed on ${req.method} ${req.url}: ${String(error)}`)
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: 'stand-in error' }))
      })
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server!.close(() => resolve()))
    this.server = undefined
  }

  /** Adds a failure rule; later rules are checked first. */
  fail(rule: FailureRule): void {
    this.failures.unshift({ ...rule })
  }

  /** Every write (POST/PATCH/PUT/DELETE) answers 403 as with a read-only token. */
  failWrites(message = 'Resource not accessible by integration'): void {
    this.fail({ method: /^(POST|PATCH|PUT|DELETE)$/, status: 403, message })
  }

  clearFailures(): void {
    this.failures = []
  }

  /** Requests with this token act as `who` (a PAT's user, an app's bot) instead of github-actions[bot]. */
  identify(token: string, who: Identity): void {
    this.identities.set(token, who)
  }

  /** A comment written by someone else (a user, another bot), as the list endpoints will show it. */
  addComment(issue: number, body: string, user: Identity): StoredComment {
    const now = this.opts.now().toISOString()
    const c: StoredComment = { id: this.nextId++, issue, body, user, created_at: now, updated_at: now }
    this.comments.push(c)
    return c
  }

  private identityOf(req: IncomingMessage): Identity {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    return (token && this.identities.get(token)) || ACTIONS_BOT
  }

  /** Seeds an alert (e.g. on the base branch) without an upload. */
  addAlert(
    alert: Omit<StoredAlert, 'number' | 'refs'> & { refs: Record<string, 'open' | 'fixed' | 'dismissed'> }
  ): StoredAlert {
    const stored: StoredAlert = {
      ...alert,
      number: this.alerts.length + 1,
      refs: new Map(Object.entries(alert.refs))
    }
    this.alerts.push(stored)
    return stored
  }

  commentsOn(issue: number): StoredComment[] {
    return this.comments.filter(c => c.issue === issue)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    let path = url.pathname
    if (this.opts.prefix && path.startsWith(this.opts.prefix)) path = path.slice(this.opts.prefix.length)
    const method = (req.method ?? 'GET').toUpperCase()
    const query = Object.fromEntries(url.searchParams.entries())
    const raw = await readBody(req)
    const record: RecordedRequest = {
      method,
      path,
      query,
      status: 0,
      authorized: typeof req.headers.authorization === 'string'
    }
    const identity = this.identityOf(req)
    record.actor = identity.login
    this.requests.push(record)
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      record.status = status
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(status === 204 ? '' : JSON.stringify(data))
    }

    if (method === 'POST' && (url.pathname === '/graphql' || url.pathname === '/api/graphql')) {
      record.operationId = 'graphql'
      const rule = this.failures.find(
        r => r.path?.test(url.pathname) && (r.times === undefined || r.times > 0)
      )
      if (rule) {
        if (rule.times !== undefined) rule.times--
        return send(rule.status, {
          message: rule.message,
          documentation_url: 'https://docs.github.com/graphql'
        })
      }
      const result = this.graphql(raw, identity)
      record.body = result.request
      return send(200, result.response)
    }

    const route = this.routes.find(r => r.method === method && r.regex.test(path))
    if (!route) {
      this.violations.push(`${method} ${path}: not an operation in GitHub's OpenAPI description`)
      return send(404, { message: 'Not Found' })
    }
    record.operationId = route.op.operationId
    const params = route.regex.exec(path)!.slice(1).map(decodeURIComponent)

    let body: unknown
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'))
        record.body = body
      } catch {
        this.violations.push(`${method} ${path}: body is not JSON`)
        return send(400, { message: 'Problems parsing JSON' })
      }
    }
    const problems = [...this.checkQuery(route, query), ...this.checkBody(route, body)]
    if (problems.length > 0) {
      this.violations.push(...problems.map(p => `${method} ${path}: ${p}`))
      return send(422, { message: 'Validation Failed', errors: problems })
    }

    for (const rule of this.failures) {
      const methodOk =
        !rule.method || (typeof rule.method === 'string' ? rule.method === method : rule.method.test(method))
      if (methodOk && (!rule.path || rule.path.test(path)) && (rule.times === undefined || rule.times > 0)) {
        if (rule.times !== undefined) rule.times--
        return send(rule.status, { message: rule.message, documentation_url: 'https://docs.github.com/rest' })
      }
    }

    const [owner, repo] = params
    if (path.startsWith('/repos/') && (owner !== this.owner || repo !== this.repo))
      return send(404, { message: 'Not Found' })
    const result = this.serve(
      identity,
      route.op.operationId,
      params,
      query,
      body as Record<string, unknown> | undefined,
      url
    )
    send(result.status, result.data, result.headers)
  }

  private checkQuery(route: Route, query: Record<string, string>): string[] {
    const spec = loadSpec()
    const declared = new Map<string, { schema?: unknown; ref?: string }>()
    route.op.parameters?.forEach((p, i) => {
      const resolved = p.$ref ? spec.components.parameters[p.$ref.split('/').pop() as string] : p
      if (resolved?.in === 'query' && resolved.name) {
        declared.set(resolved.name, {
          ref: p.$ref
            ? `github#/components/parameters/${jsonPointer(p.$ref.split('/').pop() as string)}/schema`
            : `github#/paths/${jsonPointer(route.template)}/${route.method.toLowerCase()}/parameters/${i}/schema`
        })
      }
    })
    const problems: string[] = []
    for (const [name, value] of Object.entries(query)) {
      const p = declared.get(name)
      if (!p) {
        problems.push(`query parameter '${name}' is not a parameter of ${route.op.operationId}`)
        continue
      }
      const validate = this.compiled(this.paramAjv, p.ref as string, true)
      if (!validate({ v: value }))
        problems.push(`query parameter '${name}'=${JSON.stringify(value)} does not match its schema`)
    }
    return problems
  }

  private checkBody(route: Route, body: unknown): string[] {
    const content = route.op.requestBody?.content?.['application/json']
    if (!content?.schema) return []
    if (body === undefined) return ['a JSON body is required']
    const ref = `github#/paths/${jsonPointer(route.template)}/${route.method.toLowerCase()}/requestBody/content/application~1json/schema`
    const validate = this.compiled(this.ajv, ref)
    if (validate(body)) return []
    return (validate.errors ?? []).map(e => `body${e.instancePath} ${e.message ?? 'is invalid'}`)
  }

  /** Compiled once per schema; query values are wrapped as { v } so ajv can coerce them from strings. */
  private compiled(ajv: Ajv, ref: string, wrapped = false): ValidateFunction {
    const key = `${wrapped ? 'q' : 'b'}:${ref}`
    let v = this.validators.get(key)
    if (!v) {
      v = ajv.compile(wrapped ? { type: 'object', properties: { v: { $ref: ref } } } : { $ref: ref })
      this.validators.set(key, v)
    }
    return v
  }

  private serve(
    identity: Identity,
    operationId: string,
    params: string[],
    query: Record<string, string>,
    body: Record<string, unknown> | undefined,
    url: URL
  ): { status: number; data: unknown; headers?: Record<string, string> } {
    const now = this.opts.now().toISOString()
    switch (operationId) {
      case 'issues/list-comments': {
        const issue = Number(params[2])
        return this.page(
          this.commentsOn(issue).map(c => this.commentJson(c)),
          query,
          url
        )
      }
      case 'issues/create-comment': {
        const c: StoredComment = {
          id: this.nextId++,
          issue: Number(params[2]),
          body: String(body?.body ?? ''),
          user: identity,
          created_at: now,
          updated_at: now
        }
        this.comments.push(c)
        return { status: 201, data: this.commentJson(c) }
      }
      case 'issues/update-comment': {
        const c = this.comments.find(x => x.id === Number(params[2]))
        if (!c) return { status: 404, data: { message: 'Not Found' } }
        c.body = String(body?.body ?? '')
        c.updated_at = now
        return { status: 200, data: this.commentJson(c) }
      }
      case 'issues/delete-comment': {
        const i = this.comments.findIndex(x => x.id === Number(params[2]))
        if (i < 0) return { status: 404, data: { message: 'Not Found' } }
        this.comments.splice(i, 1)
        return { status: 204, data: null }
      }
      case 'code-scanning/upload-sarif':
        return this.upload(body ?? {})
      case 'code-scanning/get-sarif': {
        const s = this.sarifs.find(x => x.id === params[2])
        if (!s) return { status: 404, data: { message: 'Not Found' } }
        if (s.pendingPolls > 0) {
          s.pendingPolls--
          return { status: 200, data: { processing_status: 'pending', analyses_url: null, errors: null } }
        }
        const failed = s.errors.length > 0
        return {
          status: 200,
          data: {
            processing_status: failed ? 'failed' : 'complete',
            analyses_url: `${this.url}/repos/${this.owner}/${this.repo}/code-scanning/analyses?sarif_id=${s.id}`,
            errors: failed ? s.errors : null
          }
        }
      }
      case 'code-scanning/list-alerts-for-repo':
        return this.listAlerts(query, url)
      case 'code-scanning/list-recent-analyses':
        return this.listAnalyses(query, url)
      default:
        this.violations.push(`${operationId}: documented, but the stand-in does not serve it`)
        return { status: 501, data: { message: `stand-in does not implement ${operationId}` } }
    }
  }

  private commentJson(c: StoredComment) {
    const html = `https://github.com/${this.owner}/${this.repo}/pull/${c.issue}#issuecomment-${c.id}`
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.url}/repos/${this.owner}/${this.repo}/issues/comments/${c.id}`,
      html_url: html,
      body: c.body,
      user: { login: c.user.login, id: c.user.id, type: c.user.type },
      created_at: c.created_at,
      updated_at: c.updated_at,
      issue_url: `${this.url}/repos/${this.owner}/${this.repo}/issues/${c.issue}`,
      author_association: 'NONE'
    }
  }

  /**
   * One GraphQL request: parsed and validated against GitHub's schema (a failure is a violation and
   * GitHub's error shape), then executed over the stored state for the fields the action reads.
   */
  private graphql(raw: Buffer, viewer: Identity): { request: unknown; response: unknown } {
    let request: { query?: unknown; variables?: Record<string, unknown> }
    let document: DocumentNode
    try {
      request = JSON.parse(raw.toString('utf8')) as typeof request
      document = parse(String(request.query ?? ''))
    } catch (error) {
      this.violations.push(`graphql: not a GraphQL request: ${String(error)}`)
      return { request: undefined, response: { errors: [{ message: String(error) }] } }
    }
    const problems = validate(graphqlSchema(), document)
    if (problems.length > 0) {
      this.violations.push(...problems.map(p => `graphql: ${p.message}`))
      return { request, response: { errors: problems.map(p => ({ message: p.message })) } }
    }
    const result = execute({
      schema: graphqlSchema(),
      document,
      variableValues: request.variables ?? {},
      rootValue: this.graphqlRoot(viewer)
    }) as { data?: unknown; errors?: ReadonlyArray<{ message: string }> }
    if (result.errors?.length) this.violations.push(...result.errors.map(e => `graphql: ${e.message}`))
    return {
      request,
      response: {
        data: result.data ?? null,
        ...(result.errors?.length
          ? { errors: result.errors.map(e => ({ type: 'NOT_FOUND', message: e.message })) }
          : {})
      }
    }
  }

  /** Resolvers for what the stand-in serves: the viewer and a pull request's comments. */
  private graphqlRoot(viewer: Identity) {
    const actor = (who: Identity) => ({ __typename: who.type, login: who.login, databaseId: who.id })
    return {
      viewer: () => ({ ...actor(viewer), __typename: 'User' }),
      repository: ({ owner, name }: { owner: string; name: string }) => {
        if (owner !== this.owner || name !== this.repo)
          throw new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`)
        return {
          pullRequest: ({ number }: { number: number }) => ({
            number,
            comments: ({ first, after }: { first?: number; after?: string }) => {
              const all = this.commentsOn(number)
              const start = after ? Number(Buffer.from(after, 'base64').toString('utf8')) + 1 : 0
              const size = Math.min(100, first ?? 100)
              const page = all.slice(start, start + size)
              const end = start + page.length - 1
              return {
                totalCount: all.length,
                pageInfo: {
                  hasNextPage: end + 1 < all.length,
                  endCursor: page.length > 0 ? Buffer.from(String(end)).toString('base64') : null
                },
                nodes: page.map(c => ({
                  url: `https://github.com/${this.owner}/${this.repo}/pull/${c.issue}#issuecomment-${c.id}`,
                  body: c.body,
                  viewerDidAuthor: c.user.id === viewer.id,
                  author: actor(c.user),
                  fullDatabaseId: String(c.id)
                }))
              }
            }
          })
        }
      }
    }
  }

  /** GitHub's documented limits and rules for one upload; a breach is a violation and a 4xx. */
  private upload(body: Record<string, unknown>): { status: number; data: unknown } {
    const gz = Buffer.from(String(body.sarif ?? ''), 'base64')
    let sarif: StoredSarif['sarif']
    try {
      sarif = JSON.parse(gunzipSync(gz).toString('utf8')) as StoredSarif['sarif']
    } catch {
      this.violations.push('upload-sarif: sarif is not base64 gzip of JSON')
      return { status: 400, data: { message: 'Invalid SARIF' } }
    }
    const problems: string[] = []
    if (gz.length > 10 * 1000 * 1000) problems.push(`gzipped SARIF is ${gz.length} bytes (> 10 MB)`)
    if (sarif.runs.length > 20) problems.push(`${sarif.runs.length} runs in one upload (> 20)`)
    const seen = new Set<string>()
    for (const run of sarif.runs) {
      const key = `${run.tool.driver.name}|${run.automationDetails?.id ?? ''}`
      if (seen.has(key))
        problems.push(`two runs with tool ${run.tool.driver.name} and category ${run.automationDetails?.id}`)
      seen.add(key)
      if (run.results.length > 25_000) problems.push(`${run.results.length} results in one run (> 25,000)`)
    }
    if (problems.length > 0) {
      this.violations.push(...problems.map(p => `upload-sarif: ${p}`))
      return { status: gz.length > 10 * 1000 * 1000 ? 413 : 400, data: { message: problems.join('; ') } }
    }
    const stored: StoredSarif = {
      id: `${this.nextId++}-sarif`,
      ref: String(body.ref),
      commitSha: String(body.commit_sha),
      ...(body.tool_name ? { toolName: String(body.tool_name) } : {}),
      ...(body.checkout_uri ? { checkoutUri: String(body.checkout_uri) } : {}),
      ...(body.started_at ? { startedAt: String(body.started_at) } : {}),
      gzippedBytes: gz.length,
      sarif,
      pendingPolls: this.opts.pendingPolls,
      errors: []
    }
    this.sarifs.push(stored)
    this.recordAlerts(stored)
    return {
      status: 202,
      data: {
        id: stored.id,
        url: `${this.url}/repos/${this.owner}/${this.repo}/code-scanning/sarifs/${stored.id}`
      }
    }
  }

  /** Like code scanning: a run replaces the previous analysis of its tool+category on the ref. */
  private recordAlerts(upload: StoredSarif): void {
    const now = this.opts.now().toISOString()
    for (const run of upload.sarif.runs) {
      const tool = run.tool.driver.name
      const category = run.automationDetails?.id ?? ''
      this.analyses.push({
        id: this.nextId++,
        ref: upload.ref,
        commitSha: upload.commitSha,
        tool,
        category,
        createdAt: now,
        results: run.results.length,
        sarifId: upload.id
      })
      for (const a of this.alerts)
        if (a.toolName === tool && a.category === category && a.refs.get(upload.ref) === 'open')
          a.refs.set(upload.ref, 'fixed')
      for (const r of run.results as SarifResultLike[]) {
        const loc = r.locations?.[0]?.physicalLocation
        const path = loc?.artifactLocation?.uri ?? ''
        const startLine = loc?.region?.startLine ?? 1
        const message = r.message?.text ?? ''
        const fp = r.partialFingerprints ? JSON.stringify(r.partialFingerprints) : message
        const key = [tool, category, r.ruleId, path, fp].join('\u0000')
        let alert = this.alertIndex.get(key)
        if (!alert) {
          alert = this.addAlert({
            created_at: now,
            ruleId: r.ruleId,
            toolName: tool,
            category,
            path,
            startLine,
            message,
            refs: {}
          })
          this.alertIndex.set(key, alert)
        }
        alert.refs.set(upload.ref, 'open')
      }
    }
  }

  private listAlerts(query: Record<string, string>, url: URL) {
    const rawRef = query.ref ?? `refs/heads/${this.opts.defaultBranch}`
    const ref = rawRef.startsWith('refs/') ? rawRef : `refs/heads/${rawRef}`
    const analyzed = this.analyses.some(a => a.ref === ref) || this.alerts.some(a => a.refs.has(ref))
    if (!analyzed)
      return {
        status: 404,
        data: { message: 'no analysis found', documentation_url: 'https://docs.github.com/rest' }
      }
    const list = this.alerts
      .filter(a => a.refs.has(ref) && (!query.tool_name || a.toolName === query.tool_name))
      .filter(a => !query.state || a.refs.get(ref) === query.state)
      .map(a => ({
        number: a.number,
        created_at: a.created_at,
        updated_at: a.created_at,
        url: `${this.url}/repos/${this.owner}/${this.repo}/code-scanning/alerts/${a.number}`,
        html_url: `https://github.com/${this.owner}/${this.repo}/security/code-scanning/${a.number}`,
        instances_url: `${this.url}/repos/${this.owner}/${this.repo}/code-scanning/alerts/${a.number}/instances`,
        state: a.refs.get(ref),
        fixed_at: null,
        dismissed_by: null,
        dismissed_at: null,
        dismissed_reason: null,
        rule: {
          id: a.ruleId,
          severity: 'error',
          security_severity_level: a.severity ?? null,
          description: a.ruleId,
          name: a.ruleId,
          tags: []
        },
        tool: { name: a.toolName, guid: null, version: null },
        most_recent_instance: {
          ref,
          analysis_key: '.github/workflows/ci.yml:scan',
          environment: '{}',
          category: a.category,
          state: a.refs.get(ref),
          commit_sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          message: { text: a.message },
          location: {
            path: a.path,
            start_line: a.startLine,
            end_line: a.startLine,
            start_column: 1,
            end_column: 1
          },
          classifications: []
        }
      }))
    return this.page(list, query, url)
  }

  /** Analyses are the uploads' runs (plus any category seeded with `addAnalysis`), newest first. */
  private listAnalyses(query: Record<string, string>, url: URL) {
    const rawRef = query.ref ?? `refs/heads/${this.opts.defaultBranch}`
    const ref = rawRef.startsWith('refs/') ? rawRef : `refs/heads/${rawRef}`
    const list = this.analyses
      .filter(a => a.ref === ref && (!query.tool_name || a.tool === query.tool_name))
      .reverse()
      .map(a => ({
        ref: a.ref,
        commit_sha: a.commitSha,
        analysis_key: '.github/workflows/ci.yml:scan',
        environment: '{}',
        category: a.category,
        error: '',
        created_at: a.createdAt,
        results_count: a.results,
        rules_count: 0,
        id: a.id,
        url: `${this.url}/repos/${this.owner}/${this.repo}/code-scanning/analyses/${a.id}`,
        sarif_id: a.sarifId,
        tool: { name: a.tool, guid: null, version: null },
        deletable: true,
        warning: ''
      }))
    if (list.length === 0)
      return {
        status: 404,
        data: { message: 'no analysis found', documentation_url: 'https://docs.github.com/rest' }
      }
    return this.page(list, query, url)
  }

  /** Seeds an analysis (a tool+category analyzed on a ref), e.g. for the base branch. */
  addAnalysis(a: { ref: string; tool: string; category: string; results?: number }): void {
    this.analyses.push({
      id: this.nextId++,
      ref: a.ref,
      commitSha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      tool: a.tool,
      category: a.category,
      createdAt: this.opts.now().toISOString(),
      results: a.results ?? 0,
      sarifId: 'seeded'
    })
  }

  /** page/per_page pagination with a Link header, as GitHub does. */
  private page(items: unknown[], query: Record<string, string>, url: URL) {
    const perPage = Math.min(100, Number(query.per_page ?? 30))
    const page = Math.max(1, Number(query.page ?? 1))
    const slice = items.slice((page - 1) * perPage, page * perPage)
    const headers: Record<string, string> = {}
    if (page * perPage < items.length) {
      const next = new URL(url.href.replace(/^http:\/\/127\.0\.0\.1(:\d+)?/, `http://127.0.0.1:${this.port}`))
      next.searchParams.set('page', String(page + 1))
      next.searchParams.set('per_page', String(perPage))
      headers.link = `<${next.href}>; rel="next"`
    }
    return { status: 200, data: slice, headers }
  }
}

interface SarifResultLike {
  ruleId: string
  message?: { text?: string }
  partialFingerprints?: Record<string, string>
  locations?: Array<{
    physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } }
  }>
}

function literalWeight(template: string): number {
  return template.split('/').filter(s => s && !s.startsWith('{')).length * 100 - template.split('/').length
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
