// The mock ReviewHub API, faithful to its documented shapes: query parameter names, the
// `{ data, meta: { next_page_token } }` envelope, the X-Api-Key header and removed reviews.
import type { MockServer } from "@cxkit/connectors/testing"

export const apiKey = "rh_live_example_key_0123"

const reviews = Array.from({ length: 37 }, (_, i) => ({
  id: `rev_${String(i).padStart(4, "0")}`,
  location_id: `loc_${i % 4}`,
  rating: 1 + (i % 5),
  text: `Review number ${i}`,
  updated_at: new Date(Date.UTC(2024, 4, 1) + i * 3_600_000).toISOString()
}))
const locations = Array.from({ length: 12 }, (_, i) => ({ id: `loc_${i}`, name: `Store ${i}`, city: "Lyon" }))

export const mockApi: MockServer.Options = {
  auth: { _tag: "Header", name: "x-api-key", value: apiKey },
  resources: {
    "/api/v2/reviews": {
      stream: "reviews",
      records: reviews,
      primaryKey: "id",
      cursorField: "updated_at",
      pageSize: 10,
      supportsDeletes: true,
      params: { limit: "per_page", since: "updated_since", cursor: "page_token" },
      render: ({ records, next }) => ({
        data: records.map((r) =>
          r._deleted === true
            ? { id: r.id, updated_at: r.updated_at, status: "removed" }
            : { ...r, status: "published" }
        ),
        meta: { next_page_token: next ?? null }
      })
    },
    "/api/v2/locations": {
      stream: "locations",
      records: locations,
      primaryKey: "id",
      pageSize: 10,
      params: { limit: "per_page" },
      render: ({ records }) => ({ data: records })
    }
  }
}
