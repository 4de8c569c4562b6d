// What the conformance suites say when a check fails: the likely cause, and the guide section
// that explains it (a heading of the named doc, linked by its GitHub anchor). The headings are
// checked against the docs in test/Hints.test.ts.

export interface Hint {
  readonly cause: string
  readonly doc: "docs/writing-a-connector.md" | "docs/warehouse.md"
  readonly section: string
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
export const anchorOf = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .trim()
    .replace(/ /g, "-")

export const explain = (message: string, hint: Hint): string =>
  `${message}\n  likely cause: ${hint.cause}\n  see ${hint.doc}#${anchorOf(hint.section)} ("${hint.section}")`

const guide = "docs/writing-a-connector.md" as const
const warehouse = "docs/warehouse.md" as const

const config = "2. The config"
const client = "3. The authenticated client (the connector's layer)"
const streams = "4. Streams"
const resuming = "Checkpoints and resuming"
const offsets = "Never page by offset"
const newestFirst = "Newest-first feeds"
const theConnector = "5. The connector"

export const connector = {
  specNotObject: {
    cause: "the config is not a Schema.Struct, so its JSON Schema is not an object form",
    doc: guide,
    section: config
  },
  specSecret: {
    cause: "a default, example or description in the config Schema holds a real credential",
    doc: guide,
    section: config
  },
  checkFailed: {
    cause:
      "`check` asks for something the mock does not serve, or the layer does not point `Http.make` at `config.baseUrl` with the config's credentials",
    doc: guide,
    section: theConnector
  },
  checkSucceededBadCredentials: {
    cause: "`check` sends no authenticated request (it must fail when the credentials are wrong)",
    doc: guide,
    section: theConnector
  },
  checkWrongReason: {
    cause: "`classify` turns the API's 401/403 into another reason than `auth`",
    doc: guide,
    section: client
  },
  credentialLeak: {
    cause:
      "an error message embeds the config, a request header or a URL with a credential; secrets are `Redacted` and only `Http.make` unwraps them",
    doc: guide,
    section: config
  },
  runaway: {
    cause:
      "paging without the kit's loop guard (a hand-written loop), or a `next` that never ends; use a `Paginate` style",
    doc: guide,
    section: streams
  },
  syncFailed: {
    cause:
      "an error outside every stream: the connector's layer failed to build (its config or credentials), or a defect in `read`",
    doc: guide,
    section: client
  },
  lost: {
    cause:
      "the paginator stops early (a `next` or `records` path that does not match the body, a short page taken for the last) or `read` filters records out",
    doc: guide,
    section: streams
  },
  duplicated: {
    cause:
      "pages overlap (an offset or page number that moved, a repeated request) and the stream's `primaryKey` does not identify records",
    doc: guide,
    section: streams
  },
  noState: {
    cause:
      "no page carries a `checkpoint` and the stream has no `cursorField`, so an interrupted run starts over",
    doc: guide,
    section: resuming
  },
  checkpointBeforeRecords: {
    cause:
      "a checkpoint was emitted on a page before the records it covers (an empty page carrying the next page's token); put it on the page whose records it covers",
    doc: guide,
    section: resuming
  },
  checkpointSkips: {
    cause:
      "the checkpoint does not resume right after the records delivered before it: it names a later page than the next one, or `read` pairs it with a lower bound it was not made under (a resumed run gets the `cursor` its checkpoint was made under; keep the run's own window, such as a since-id, in the checkpoint)",
    doc: guide,
    section: resuming
  },
  redelivered: {
    cause:
      '`read` does not ask the source for `cursor >= cursor.value` (it reads everything again), or a newest-first feed is not declared `order: "descending"`, so the runner does not stop at the mark',
    doc: guide,
    section: streams
  },
  changesMissed: {
    cause:
      "the request's lower bound is exclusive or rounded past the mark (ask `cursor >= cursor.value`), or it filters on another field than `cursorField`",
    doc: guide,
    section: streams
  },
  deletionMissed: {
    cause:
      "the source's deletion signal (a tombstone, a status field) is not mapped into the page's `deleted`",
    doc: guide,
    section: streams
  },
  skippedWhileChanging: {
    cause:
      "pages continue by offset (an offset, a page number or an offset cursor): a record edited, deleted or inserted before the current page shifts later records past it",
    doc: guide,
    section: offsets
  },
  staleWhileChanging: {
    cause:
      "the mark committed after the sync passed records edited during it: a newest-first feed must keep the old mark until it has read down to it",
    doc: guide,
    section: newestFirst
  },
  ties: {
    cause:
      "the lower bound is exclusive (`>` the last value, or the mark plus one): records sharing the mark's value are dropped; ask `>=` and let the runner drop the keys it has",
    doc: guide,
    section: streams
  },
  futureState: {
    cause:
      "`read` ignores `cursor` (asks the source for everything) when the mark is newer than every record",
    doc: guide,
    section: streams
  },
  notRetried: {
    cause:
      "requests bypass `Http.make`'s client (no retries), or `classify` makes a 429, 5xx or timeout final instead of retryable",
    doc: guide,
    section: client
  },
  quota: {
    cause:
      "`classify` reads a spent quota (a day-long `Retry-After`, a quota body) as a rate limit and retries it; let `Http.classify` see the `Retry-After`",
    doc: guide,
    section: client
  },
  driftHidden: {
    cause:
      "`read` strips fields the Schema does not know (a projection, or decoding in `read`): pages carry the source's raw records",
    doc: guide,
    section: streams
  },
  driftAccepted: {
    cause:
      "the record Schema accepts anything for that field, or `read` coerces values before the runner decodes them",
    doc: guide,
    section: streams
  },
  loops: {
    cause:
      "paging without the kit's loop guard: a source repeating its cursor must fail with `source-bug`; use a `Paginate` style",
    doc: guide,
    section: streams
  },
  resultCap: {
    cause:
      "the stream pages a capped search by offset and takes the cap's 400 for the end; page by keyset within windows",
    doc: guide,
    section: offsets
  },
  interrupted: {
    cause:
      "a state committed before the records it covers, or a resumed `read` that ignores `state` or pairs it with another lower bound",
    doc: guide,
    section: resuming
  },
  isolationReason: {
    cause: "`classify` turns a lasting 500 into another reason than `transient`",
    doc: guide,
    section: client
  },
  runnerState: {
    cause:
      "the runner reported another last state than the one it committed: a bug in cxkit's runner, not in the connector (please report it)",
    doc: guide,
    section: "6. Running a sync"
  },
  isolationOthers: {
    cause:
      "the streams share something that fails with one of them (a layer effect per stream, a shared fiber)",
    doc: guide,
    section: theConnector
  },
  secretLeak: {
    cause:
      "a log line, error or checkpoint embeds a credential (`Redacted.value` in a message, a token kept in state)",
    doc: guide,
    section: config
  },
  nondeterministic: {
    cause:
      "records or checkpoints depend on the clock or randomness (generated ids, `Date.now()` in a record)",
    doc: guide,
    section: streams
  },
  failedStream: {
    cause: "the stream failed: its error names the request and the reason",
    doc: guide,
    section: client
  }
} satisfies Record<string, Hint>

/** The hint for a stream that failed with `reason`. */
export const forReason = (reason: string): Hint =>
  reason === "auth"
    ? connector.checkFailed
    : reason === "rate-limited" || reason === "transient"
      ? connector.notRetried
      : reason === "quota-exhausted"
        ? connector.quota
        : reason === "source-bug"
          ? connector.lost
          : reason === "schema-drift"
            ? connector.driftAccepted
            : connector.failedStream

const guarantees = "What the destination does for you"
const backend = "Writing a backend"

export const destination = {
  lands: {
    cause: "`apply` does not write every upsert of a batch, or the state it commits is not the batch's",
    doc: warehouse,
    section: guarantees
  },
  reference: {
    cause: "upserts, deletions or generations differ from the in-memory reference destination's",
    doc: warehouse,
    section: guarantees
  },
  exactlyOnce: {
    cause:
      "records and the state are not written in one transaction: a crash between them leaves them out of step",
    doc: warehouse,
    section: backend
  },
  refusedBatch: {
    cause:
      "a batch is not one transaction (part of it stays after an error), or the driver's error is not turned into a `ConnectorError`",
    doc: warehouse,
    section: backend
  },
  upserts: {
    cause: "rows are inserted, not upserted by key (`_cxkit_key` is not the conflict target)",
    doc: warehouse,
    section: guarantees
  },
  deletions: {
    cause:
      "deletions do not set `_cxkit_deleted_at` (soft) or remove the row (hard), or a re-created record stays deleted",
    doc: warehouse,
    section: guarantees
  },
  fullRefresh: {
    cause: "a completed full refresh does not sweep the rows of older generations",
    doc: warehouse,
    section: guarantees
  },
  migration: {
    cause:
      "the dialect's `information_schema` mapping does not name the column types back, so a new field is not added or a changed one is not refused",
    doc: warehouse,
    section: guarantees
  },
  namespaces: {
    cause: "tables are not qualified by the catalog's namespace (the sync's `stateKey`)",
    doc: warehouse,
    section: backend
  },
  model: {
    cause:
      "the CX model rows are not written in the record's transaction, or not replaced and removed with their record",
    doc: warehouse,
    section: "The CX model as tables"
  },
  secrets: {
    cause: "the destination stores the config or puts a credential into its location",
    doc: warehouse,
    section: guarantees
  },
  streamFailed: {
    cause: "the destination refused a batch or a table: the stream's error names the statement",
    doc: warehouse,
    section: backend
  }
} satisfies Record<string, Hint>
