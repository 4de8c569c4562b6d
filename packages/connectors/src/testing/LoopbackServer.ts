/**
 * The one HTTP server lifecycle every mock shares: listen on 127.0.0.1 (ephemeral port), turn a
 * handler's exception into a 500 instead of a hung request, read request bodies, answer JSON,
 * and close with every connection (keep-alive and hanging ones included). `MockServer` and each
 * plugin's mock are built on it, so none of them writes its own.
 *
 * @module
 * @since 0.1.0
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"

/**
 * A request handler; a thrown error or rejected promise answers 500 with its message.
 *
 * @example
 * ```ts
 * import { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * const handler: LoopbackServer.Handler = (_req, res) => LoopbackServer.json(res, 200, { ok: true })
 * console.log(typeof handler) // "function"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/**
 * A running loopback server.
 *
 * @example
 * ```ts
 * import type { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * const urlOf = (server: LoopbackServer.LoopbackServer) => server.url
 * console.log(typeof urlOf) // "function"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** Stops listening and ends every open connection. */
  readonly close: () => Promise<void>
}

/**
 * Answers with a JSON body (`content-type: application/json` unless `headers` set another).
 *
 * @example
 * ```ts
 * import { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * LoopbackServer.start((_req, res) => LoopbackServer.json(res, 201, { id: "a" })).then(async (server) => {
 *   const response = await fetch(server.url)
 *   console.log(response.status, await response.json()) // 201 { id: 'a' }
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {}
): void => {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(typeof body === "string" ? body : JSON.stringify(body))
}

/**
 * Reads a request body as text.
 *
 * @example
 * ```ts
 * import { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * LoopbackServer.start(async (req, res) => LoopbackServer.json(res, 200, { got: await LoopbackServer.readBody(req) })).then(async (server) => {
 *   const response = await fetch(server.url, { method: "POST", body: "hello" })
 *   console.log(await response.json()) // { got: 'hello' }
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    let text = ""
    req.setEncoding("utf8")
    req.on("data", (chunk: string) => {
      text += chunk
    })
    req.on("end", () => resolve(text))
    req.on("error", reject)
  })

/**
 * An answer received from another server: status, headers (lower-case names, hop-by-hop ones
 * removed) and body text.
 *
 * @example
 * ```ts
 * import type { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * const answer: LoopbackServer.Answer = { status: 200, headers: { "content-type": "application/json" }, text: "{}" }
 * console.log(answer.status) // 200
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

// connection-level headers a relayed answer must not repeat (RFC 9110 §7.6.1), plus the
// length and date the relaying server sets itself
const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date"])

/**
 * Forwards a request to another server (a plugin's front end to the test kit's `MockServer`
 * holding the records): its `Authorization` header, with `X-Forwarded-Host` naming the front
 * end so the links the kit renders point back at it, and `init`'s method, body and headers
 * (a front end that checks a signed token itself forwards the kit's fixed one).
 *
 * @example
 * ```ts
 * import { LoopbackServer, MockServer } from "@cxkit/connectors/testing"
 *
 * const upstream = await MockServer.start({ resources: { "/items": { records: [{ id: "a" }], primaryKey: "id" } } })
 * const front = await LoopbackServer.start(async (req, res) =>
 *   LoopbackServer.reply(res, await LoopbackServer.forward(upstream.url, req, req.url ?? "/"))
 * )
 * const body = await (await fetch(`${front.url}/items`)).json()
 * console.log(body.results) // [ { id: 'a' } ]
 * await front.close()
 * await upstream.close()
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const forward = async (
  upstream: string,
  req: IncomingMessage,
  pathAndQuery: string,
  init: {
    readonly method?: string
    readonly body?: string
    readonly headers?: Readonly<Record<string, string>>
  } = {}
): Promise<Answer> => {
  const headers: Record<string, string> = {}
  if (req.headers.authorization !== undefined) headers.authorization = req.headers.authorization
  if (req.headers.host !== undefined) headers["x-forwarded-host"] = req.headers.host
  Object.assign(headers, init.headers)
  const response = await fetch(`${upstream}${pathAndQuery}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body !== undefined ? { body: init.body } : {})
  })
  const relayed: Record<string, string> = {}
  response.headers.forEach((value, key) => {
    if (!hopByHop.has(key)) relayed[key] = value
  })
  return { status: response.status, headers: relayed, text: await response.text() }
}

/**
 * Answers with a received answer, `headers` added or replacing its own.
 *
 * @example
 * ```ts
 * import { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * const answer = { status: 202, headers: { "content-type": "application/json" }, text: '{"ok":true}' }
 * LoopbackServer.start((_req, res) => LoopbackServer.reply(res, answer, { "x-mock": "1" })).then(async (server) => {
 *   const response = await fetch(server.url)
 *   console.log(response.status, response.headers.get("x-mock")) // 202 1
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const reply = (
  res: ServerResponse,
  answer: Answer,
  headers: Readonly<Record<string, string>> = {}
): void => {
  res.writeHead(answer.status, { ...answer.headers, ...headers })
  res.end(answer.text)
}

/**
 * Starts a server on 127.0.0.1 with an ephemeral port (Promise API). `onError` shapes the 500
 * answered when the handler throws (default `{ message: "mock bug: …" }`), so a mock can keep
 * its API's error envelope (an object is sent as JSON, a string as is).
 *
 * @example
 * ```ts
 * import { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * LoopbackServer.start(() => {
 *   throw new Error("not yet")
 * }).then(async (server) => {
 *   const response = await fetch(server.url)
 *   console.log(response.status, await response.json()) // 500 { message: 'mock bug: not yet' }
 *   await server.close()
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (
  handler: Handler,
  options: { readonly onError?: ((message: string) => unknown) | undefined } = {}
): Promise<LoopbackServer> => {
  const fail = (res: ServerResponse, error: unknown) => {
    if (res.headersSent) return void res.destroy()
    const message = `mock bug: ${error instanceof Error ? error.message : String(error)}`
    json(res, 500, options.onError?.(message) ?? { message })
  }
  const server = createServer((req, res) => {
    try {
      const result = handler(req, res)
      if (result instanceof Promise) result.catch((error: unknown) => fail(res, error))
    } catch (error) {
      fail(res, error)
    }
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/**
 * Starts a server for the lifetime of a scope.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LoopbackServer } from "@cxkit/connectors/testing"
 *
 * const program = Effect.scoped(
 *   Effect.map(LoopbackServer.make((_req, res) => LoopbackServer.json(res, 200, {})), (s) => s.url.startsWith("http://127.0.0.1:"))
 * )
 * Effect.runPromise(program).then(console.log) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handler: Handler): Effect.Effect<LoopbackServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(handler)),
    (server) => Effect.promise(() => server.close())
  )
