/**
 * The reference connector: a small, complete plugin for the mock "cxkit CRM" API, written only
 * against the public API. It passes the whole conformance suite and is the model to copy:
 * one ascending incremental stream with body cursors and deletions (`contacts`), one
 * newest-first feed with next links (`mentions`), one full-refresh stream with page numbers
 * (`owners`).
 *
 * @module
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"
import * as Connector from "../Connector.ts"
import * as Http from "../Http.ts"
import * as Paginate from "../Paginate.ts"
import * as SourceStream from "../SourceStream.ts"
import type * as MockServer from "./MockServer.ts"

/**
 * The configuration: where the API is, the token (secret) and the page size.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * const config = Schema.decodeUnknownSync(ReferenceConnector.Config)({ baseUrl: "http://127.0.0.1:1", token: "t" })
 * console.log(String(config.token)) // <redacted>
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Config = Schema.Struct({
  baseUrl: Schema.String,
  token: Schema.RedactedFromValue(Schema.String),
  pageSize: Schema.optionalKey(Schema.Int),
  timeoutMillis: Schema.optionalKey(Schema.Int)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Config = typeof Config.Type

/**
 * The authenticated API client the connector's layer builds.
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * console.log(ReferenceConnector.Api.key) // @cxkit/connectors/testing/ReferenceApi
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Api extends Context.Service<Api, Http.Client & { readonly pageSize: number }>()(
  "@cxkit/connectors/testing/ReferenceApi"
) {}

/**
 * A contact.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * console.log(Schema.decodeUnknownSync(ReferenceConnector.Contact)({ id: "c1", name: "Ada", email: "ada@example.com", updatedAt: 3 }).name)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Contact = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  email: Schema.String,
  updatedAt: Schema.Number
})

/**
 * A social mention, newest first.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * const m = Schema.decodeUnknownSync(ReferenceConnector.Mention)({ id: "m1", author: "@ada", text: "love it", postedAt: "2024-05-01T10:00:00.000Z" })
 * console.log(m.author)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Mention = Schema.Struct({
  id: Schema.String,
  author: Schema.String,
  text: Schema.String,
  postedAt: Schema.String
})

/**
 * An account owner (no cursor: always full refresh).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * console.log(Schema.decodeUnknownSync(ReferenceConnector.Owner)({ id: 7, name: "Grace" }).id) // 7
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Owner = Schema.Struct({ id: Schema.Number, name: Schema.String })

const splitDeleted = (records: ReadonlyArray<unknown>) => {
  const live: Array<unknown> = []
  const deleted: Array<unknown> = []
  for (const record of records) {
    const { _deleted, ...rest } = record as Record<string, unknown>
    if (_deleted === true) deleted.push(rest)
    else live.push(rest)
  }
  return { live, deleted }
}

const contacts = SourceStream.make<Config>()({
  name: "contacts",
  schema: Contact,
  primaryKey: "id",
  cursorField: "updatedAt",
  order: "ascending",
  state: Paginate.CursorState,
  read: ({ state, cursor }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Paginate.cursor({
          start: state?.cursor,
          fetch: (after) =>
            api.get("/v1/contacts", {
              urlParams: { limit: api.pageSize, since: cursor?.value, cursor: after }
            }),
          records: "results",
          next: "next"
        }).pipe(
          Stream.map((page) => {
            const { live, deleted } = splitDeleted(page.records)
            return { ...page, records: live, deleted }
          })
        )
      )
    )
})

const mentions = SourceStream.make<Config>()({
  name: "mentions",
  schema: Mention,
  primaryKey: "id",
  cursorField: "postedAt",
  order: "descending",
  state: Paginate.UrlState,
  read: ({ state }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Paginate.nextUrl({
          first: `/v1/mentions?limit=${api.pageSize}`,
          start: state?.url,
          fetch: (url) => api.get(url),
          records: "results"
        })
      )
    )
})

const owners = SourceStream.make<Config>()({
  name: "owners",
  schema: Owner,
  primaryKey: "id",
  state: Paginate.PageState,
  read: ({ state }) =>
    Stream.unwrap(
      Effect.map(Api, (api) =>
        Paginate.pageNumber({
          start: state?.page,
          pageSize: api.pageSize,
          fetch: (page) => api.get("/v1/owners", { urlParams: { limit: api.pageSize, page } }),
          records: "results"
        })
      )
    )
})

/**
 * The connector.
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * console.log(ReferenceConnector.connector.streams.map((s) => s.name)) // [ 'contacts', 'mentions', 'owners' ]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const connector = Connector.make({
  id: "cxkit-reference",
  version: "0.1.0",
  config: Config,
  check: () =>
    Effect.gen(function* () {
      const api = yield* Api
      yield* api.get("/v1/owners", { urlParams: { limit: 1 } })
    }),
  streams: [contacts, mentions, owners],
  layer: (config): Layer.Layer<Api, never, HttpClient.HttpClient> =>
    Layer.effect(
      Api,
      Effect.map(
        Http.make({
          baseUrl: config.baseUrl,
          auth: { _tag: "Bearer", token: config.token },
          rateLimit: { requests: 20, per: "1 second" },
          timeout: config.timeoutMillis ?? 30_000
        }),
        (client) => ({ ...client, pageSize: config.pageSize ?? 5 })
      )
    )
})

/**
 * Fixture records for the mock API: `n` contacts (numeric `updatedAt`), mentions (ISO
 * `postedAt`) and owners.
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * const data = ReferenceConnector.fixtures(3)
 * console.log(data.contacts.length, data.mentions[0]) // 3 { id: 'm000', author: '@user0', text: 'mention 0', postedAt: '2024-01-01T00:00:00.000Z' }
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const fixtures = (n: number) => ({
  contacts: Array.from({ length: n }, (_, i) => ({
    id: `c${String(i).padStart(3, "0")}`,
    name: `Contact ${i}`,
    email: `contact${i}@example.com`,
    updatedAt: 1000 + i * 10
  })),
  mentions: Array.from({ length: n }, (_, i) => ({
    id: `m${String(i).padStart(3, "0")}`,
    author: `@user${i}`,
    text: `mention ${i}`,
    postedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()
  })),
  owners: Array.from({ length: Math.max(1, Math.ceil(n / 2)) }, (_, i) => ({
    id: i + 1,
    name: `Owner ${i + 1}`
  }))
})

/**
 * The mock API the reference connector talks to, with `n` fixture records per stream.
 *
 * @example
 * ```ts
 * import { ReferenceConnector } from "@cxkit/connectors/testing"
 *
 * const options = ReferenceConnector.mockApi({ token: "t", records: 12 })
 * console.log(Object.keys(options.resources)) // [ '/v1/contacts', '/v1/mentions', '/v1/owners' ]
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const mockApi = (options: {
  readonly token: string
  readonly records?: number
  readonly pageSize?: number
}): MockServer.Options => {
  const data = fixtures(options.records ?? 23)
  const pageSize = options.pageSize ?? 5
  return {
    auth: { _tag: "Bearer", token: options.token },
    resources: {
      "/v1/contacts": {
        stream: "contacts",
        records: data.contacts,
        primaryKey: "id",
        cursorField: "updatedAt",
        pageSize,
        supportsDeletes: true
      },
      "/v1/mentions": {
        stream: "mentions",
        records: data.mentions,
        primaryKey: "id",
        cursorField: "postedAt",
        order: "descending",
        pageSize
      },
      "/v1/owners": { stream: "owners", records: data.owners, primaryKey: "id", pageSize }
    }
  }
}
