/**
 * The X (Twitter) API v2 connector for cxkit: brand mentions from recent search, mapped to
 * `social` touchpoints, with a loopback mock of the API.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as XConnector from "./XConnector.ts"
/** @since 0.1.0 */
export * as XMapping from "./XMapping.ts"
/** @since 0.1.0 */
export * as XMock from "./XMock.ts"
