/**
 * The one deliberate `any` of the package: it erases a type parameter in "any connector" /
 * "any stream" types and in conditional-type extraction, where `unknown` would not match
 * because of variance.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Erased = any
