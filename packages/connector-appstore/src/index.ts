/**
 * The App Store Connect connector for cxkit: customer reviews (ratings, text, developer
 * responses) mapped to `review-site` touchpoints with CSAT feedback, with a loopback mock.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as AppStoreConnector from "./AppStoreConnector.ts"
/** @since 0.1.0 */
export * as AppStoreMapping from "./AppStoreMapping.ts"
/** @since 0.1.0 */
export * as AppStoreMock from "./AppStoreMock.ts"
