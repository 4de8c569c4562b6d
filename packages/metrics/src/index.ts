/**
 * CX metrics with sound statistics.
 *
 * @packageDocumentation
 * @since 0.1.0
 */
export {}
