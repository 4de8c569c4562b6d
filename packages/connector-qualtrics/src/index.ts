/**
 * The Qualtrics connector for cxkit: survey definitions and responses through the asynchronous
 * response export, and their mapping to NPS, CSAT and CES feedback. The loopback mock is the
 * `@cxkit/connector-qualtrics/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `QualtricsApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as QualtricsConnector from "./QualtricsConnector.ts"
/**
 * From records to core models: question metadata decides the feedback question.
 *
 * @since 0.1.0
 */
export * as QualtricsMapping from "./QualtricsMapping.ts"
