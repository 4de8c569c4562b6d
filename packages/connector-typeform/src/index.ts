/**
 * The Typeform connector for cxkit: form definitions and completed responses, mapped to survey
 * feedback (NPS, and CSAT / CES where the config names the field). The loopback mock is the
 * `@cxkit/connector-typeform/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `TypeformApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as TypeformConnector from "./TypeformConnector.ts"
/**
 * From responses to core models.
 *
 * @since 0.1.0
 */
export * as TypeformMapping from "./TypeformMapping.ts"
