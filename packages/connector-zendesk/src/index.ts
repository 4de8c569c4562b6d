/**
 * The Zendesk Support connector for cxkit. The loopback mock and conformance helpers are the
 * `@cxkit/connector-zendesk/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Mapping from "./Mapping.ts"
/**
 * @since 0.1.0
 */
export * as Zendesk from "./Zendesk.ts"
/**
 * The connector value (also `Zendesk.connector`).
 *
 * @since 0.1.0
 */
export { connector } from "./Zendesk.ts"
