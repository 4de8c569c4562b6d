/**
 * Identities: what a source knows a person by (an email, a phone number, a handle, a CRM id, an
 * anonymous id). `make` normalises the value the way matching needs (lower-cased emails, E.164
 * phones, handles without `@`) and `key` gives the string two identities share when they are the
 * same.
 *
 * @module
 * @since 0.1.0
 */
import { Schema, SchemaTransformation } from "effect"
import { decodeUnknownSync } from "./Decode.ts"

/**
 * How a customer is identified in a source system.
 * - `email`, `phone`: contact points, normalised (lower-cased email; E.164 phone);
 * - `handle`: a public user name on a platform (`@acme` on X), lower-cased, without `@`;
 * - `crm-id`: a record id in a CRM or help desk (case preserved);
 * - `anonymous-id`: a device or cookie id from analytics (case preserved).
 *
 * @example
 * ```ts
 * import { Identity } from "@cxkit/core"
 *
 * console.log(Identity.IdentityKind.literals) // ["email", "phone", "handle", "crm-id", "anonymous-id"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const IdentityKind = Schema.Literals(["email", "phone", "handle", "crm-id", "anonymous-id"])

/**
 * @since 0.1.0
 * @category models
 */
export type IdentityKind = typeof IdentityKind.Type

/**
 * The normal form of an identity value, or a description of the rule it breaks.
 *
 * @since 0.1.0
 * @category models
 */
export type Normalized =
  | { readonly _tag: "Valid"; readonly value: string }
  | { readonly _tag: "Invalid"; readonly rule: string }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const E164 = /^\+[1-9]\d{6,14}$/
const HANDLE = /^[\p{L}\p{N}_.-]{1,100}$/u

/**
 * Normalises an identity value so that the same person's identifiers compare equal across
 * sources:
 * - email: trimmed and lower-cased (the local part is treated as case-insensitive, as every
 *   major provider does; no provider-specific rewriting such as removing dots);
 * - phone: E.164 (`+` country code and subscriber number, 8–15 digits). Spaces, dashes, dots
 *   and parentheses are removed and a `00` international prefix becomes `+`. A national
 *   number (leading `0`) is accepted only when `defaultCallingCode` is given (`"44"`), which
 *   replaces the trunk `0`;
 * - handle: trimmed, a leading `@` or `u/` removed, lower-cased;
 * - crm-id, anonymous-id: trimmed, otherwise kept as is.
 *
 * @example
 * ```ts
 * import { Identity } from "@cxkit/core"
 *
 * console.log(Identity.normalize("email", "  Ada@Example.COM ")) // { _tag: "Valid", value: "ada@example.com" }
 * console.log(Identity.normalize("phone", "020 7946 0018", { defaultCallingCode: "44" }))
 * // { _tag: "Valid", value: "+442079460018" }
 * console.log(Identity.normalize("phone", "12")._tag) // "Invalid"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const normalize = (
  kind: IdentityKind,
  raw: string,
  options?: { readonly defaultCallingCode?: string }
): Normalized => {
  const value = raw.trim()
  switch (kind) {
    case "email": {
      const email = value.toLowerCase()
      return EMAIL.test(email) ? valid(email) : invalid("an email address (local@domain.tld)")
    }
    case "phone": {
      let phone = value.replace(/[\s().-]/g, "")
      if (phone.startsWith("00")) phone = `+${phone.slice(2)}`
      else if (phone.startsWith("0") && options?.defaultCallingCode !== undefined) {
        phone = `+${options.defaultCallingCode}${phone.slice(1)}`
      }
      return E164.test(phone)
        ? valid(phone)
        : invalid("an international phone number (E.164: + then 8 to 15 digits)")
    }
    case "handle": {
      const handle = value.replace(/^(@|u\/)/, "").toLowerCase()
      return HANDLE.test(handle) ? valid(handle) : invalid("a handle of letters, digits, _ . or -")
    }
    case "crm-id":
    case "anonymous-id":
      return value.length > 0 ? valid(value) : invalid("a non-empty id")
  }
}

const valid = (value: string): Normalized => ({ _tag: "Valid", value })
const invalid = (rule: string): Normalized => ({ _tag: "Invalid", rule })

const IdentityFields = Schema.Struct({
  source: Schema.String.check(Schema.isNonEmpty()),
  kind: IdentityKind,
  value: Schema.String
}).check(
  Schema.makeFilter((identity) => {
    const normalized = normalize(identity.kind, identity.value)
    if (normalized._tag === "Invalid") {
      return { path: ["value"], issue: `Expected ${normalized.rule}, got ${JSON.stringify(identity.value)}` }
    }
    return normalized.value === identity.value
      ? undefined
      : {
          path: ["value"],
          issue: `Expected the normalised ${identity.kind} ${JSON.stringify(normalized.value)}, got ${JSON.stringify(identity.value)}`
        }
  })
)

/**
 * One identifier of a customer in one source system, always in normal form (see
 * `normalize`). Build it with `Identity.make`, which normalises, or decode raw data with
 * `IdentityFromInput`.
 *
 * @example
 * ```ts
 * import { Identity } from "@cxkit/core"
 *
 * const id = Identity.make({ source: "hubspot", kind: "email", value: "Ada@Example.com" })
 * console.log(id.value, Identity.key(id)) // "ada@example.com" "email:ada@example.com"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Identity extends Schema.Class<Identity>("Identity")(IdentityFields) {}

/**
 * Decodes a raw `{ source, kind, value }` object, normalising the value first; a value that
 * cannot be normalised is a decode error naming it.
 *
 * @example
 * ```ts
 * import { Decode, Identity } from "@cxkit/core"
 *
 * const id = Decode.decodeUnknownSync(Identity.IdentityFromInput)({ source: "zendesk", kind: "handle", value: "@Ada" })
 * console.log(id.value) // "ada"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const IdentityFromInput = Schema.Struct({
  source: Schema.String,
  kind: IdentityKind,
  value: Schema.String
}).pipe(
  Schema.decodeTo(
    Identity,
    SchemaTransformation.transform({
      decode: (raw) => {
        const normalized = normalize(raw.kind, raw.value)
        return normalized._tag === "Valid" ? { ...raw, value: normalized.value } : raw
      },
      encode: (identity) => identity
    })
  )
)

/**
 * Builds an identity from a possibly un-normalised value. Throws `Decode.DecodeError` when
 * the value cannot be normalised (an email without `@`, a phone number without country code).
 *
 * @example
 * ```ts
 * import { Identity } from "@cxkit/core"
 *
 * console.log(Identity.make({ source: "crm", kind: "phone", value: "+1 (415) 555-0100" }).value) // "+14155550100"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  input: { readonly source: string; readonly kind: IdentityKind; readonly value: string },
  options?: { readonly defaultCallingCode?: string }
): Identity => {
  const normalized = normalize(input.kind, input.value, options)
  return decodeIdentity({
    ...input,
    value: normalized._tag === "Valid" ? normalized.value : input.value
  })
}

const decodeIdentity = (input: unknown): Identity => decodeUnknownSync(Identity)(input)

/**
 * The matching key of an identity: what two identities must share to denote the same
 * person. Contact points (email, phone) match across sources; handles, CRM ids and anonymous
 * ids only within their source, since `@ada` on X and `ada` on Reddit need not be the same.
 *
 * @example
 * ```ts
 * import { Identity } from "@cxkit/core"
 *
 * console.log(Identity.key(Identity.make({ source: "x", kind: "handle", value: "@Ada" }))) // "handle:x:ada"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const key = (identity: Identity): string =>
  identity.kind === "email" || identity.kind === "phone"
    ? `${identity.kind}:${identity.value}`
    : `${identity.kind}:${identity.source}:${identity.value}`
