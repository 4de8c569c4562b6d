/**
 * The Reddit connector for cxkit: a subreddit's posts, comments and search results, mapped to `social` touchpoints. The loopback mock is the `@cxkit/connector-reddit/testing` entry.
 *
 * @packageDocumentation
 * @since 0.1.0
 */

/**
 * The connector: config, record Schemas, streams, the `RedditApi` service, `layer` and `connector`.
 *
 * @since 0.1.0
 */
export * as RedditConnector from "./RedditConnector.ts"
/**
 * From records to core models.
 *
 * @since 0.1.0
 */
export * as RedditMapping from "./RedditMapping.ts"
