/**
 * The connector plugin contract, sync runner, HTTP toolkit and test kit.
 *
 * @packageDocumentation
 * @since 0.1.0
 */
export {}
