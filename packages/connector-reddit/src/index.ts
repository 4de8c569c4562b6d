/**
 * The Reddit connector for cxkit: a subreddit's posts, comments and search results through the
 * listing API with application-only OAuth, mapped to `social` touchpoints, with a loopback mock.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as RedditConnector from "./RedditConnector.ts"
/** @since 0.1.0 */
export * as RedditMapping from "./RedditMapping.ts"
/** @since 0.1.0 */
export * as RedditMock from "./RedditMock.ts"
