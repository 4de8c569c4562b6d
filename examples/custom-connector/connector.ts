// A third-party-style connector for "ReviewHub", a made-up review-site API:
//   GET /api/v2/reviews?per_page=&updated_since=&page_token=   (X-Api-Key header)
//     → { data: [{ id, location_id, rating, text, status, updated_at }], meta: { next_page_token } }
//   GET /api/v2/locations?per_page=&page=                       (plain page numbers)
// Reviews are synced incrementally on `updated_at` (inclusive) with page tokens; removed reviews
// come back as `status: "removed"` and become deletions. Locations are a full refresh.
import { Connector, Http, Paginate, SourceStream } from "@cxkit/connectors"
import { Context, Effect, Layer, Schema, Stream } from "effect"

export const Config = Schema.Struct({
  baseUrl: Schema.String,
  apiKey: Schema.RedactedFromValue(Schema.String),
  perPage: Schema.optionalKey(Schema.Int)
})
export type Config = typeof Config.Type

/** The authenticated client the connector's layer builds, with the page size. */
export class ReviewHub extends Context.Service<ReviewHub, Http.Client & { readonly perPage: number }>()(
  "@cxkit-examples/custom-connector/ReviewHub"
) {}

export const Review = Schema.Struct({
  id: Schema.String,
  location_id: Schema.String,
  rating: Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 5 }))),
  text: Schema.String,
  updated_at: Schema.String
})

export const Location = Schema.Struct({ id: Schema.String, name: Schema.String, city: Schema.String })

const reviews = SourceStream.make<Config>()({
  name: "reviews",
  schema: Review,
  primaryKey: "id",
  cursorField: "updated_at",
  order: "ascending",
  state: Paginate.CursorState,
  read: ({ state, cursor }) =>
    Stream.unwrap(
      Effect.map(ReviewHub, (api) =>
        Paginate.cursor({
          start: state?.cursor,
          fetch: (token) =>
            api.get("/api/v2/reviews", {
              urlParams: { per_page: api.perPage, updated_since: cursor?.value, page_token: token }
            }),
          records: "data",
          next: "meta.next_page_token"
        }).pipe(
          Stream.map((page) => {
            const removed = (r: unknown) => (r as { status?: string }).status === "removed"
            return {
              ...page,
              records: page.records
                .filter((r) => !removed(r))
                .map((r) => {
                  const { status: _, ...review } = r as Record<string, unknown>
                  return review
                }),
              deleted: page.records.filter(removed)
            }
          })
        )
      )
    )
})

const locations = SourceStream.make<Config>()({
  name: "locations",
  schema: Location,
  primaryKey: "id",
  state: Paginate.PageState,
  read: ({ state }) =>
    Stream.unwrap(
      Effect.map(ReviewHub, (api) =>
        Paginate.pageNumber({
          start: state?.page,
          pageSize: api.perPage,
          fetch: (page) => api.get("/api/v2/locations", { urlParams: { per_page: api.perPage, page } }),
          records: "data"
        })
      )
    )
})

export const connector = Connector.make({
  id: "reviewhub",
  version: "0.1.0",
  config: Config,
  check: () =>
    Effect.asVoid(
      Effect.flatMap(ReviewHub, (api) => api.get("/api/v2/locations", { urlParams: { per_page: 1 } }))
    ),
  streams: [reviews, locations],
  layer: (config) =>
    Layer.effect(
      ReviewHub,
      Effect.map(
        Http.make({
          baseUrl: config.baseUrl,
          auth: { _tag: "Header", name: "x-api-key", value: config.apiKey },
          rateLimit: { requests: 10, per: "1 second" }
        }),
        (client) => ({ ...client, perPage: config.perPage ?? 10 })
      )
    )
})
