import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import { Decode, Identity } from "../src/index.ts"

describe("Identity.normalize", () => {
  it.each([
    ["email", "  Ada.Lovelace@Example.COM ", "ada.lovelace@example.com"],
    ["phone", "+1 (415) 555-0100", "+14155550100"],
    ["phone", "0044 20 7946 0018", "+442079460018"],
    ["handle", "@Ada_L", "ada_l"],
    ["handle", "u/Spez", "spez"],
    ["crm-id", " 0012AbC ", "0012AbC"]
  ] as const)("%s %j -> %j", (kind, raw, expected) => {
    expect(Identity.normalize(kind, raw)).toEqual({ _tag: "Valid", value: expected })
  })

  it("accepts national phone numbers only with a default calling code", () => {
    expect(Identity.normalize("phone", "020 7946 0018")._tag).toBe("Invalid")
    expect(Identity.normalize("phone", "020 7946 0018", { defaultCallingCode: "44" })).toEqual({
      _tag: "Valid",
      value: "+442079460018"
    })
  })

  it("rejects what it cannot normalise, stating the rule", () => {
    expect(Identity.normalize("email", "ada(at)example.com")).toEqual({
      _tag: "Invalid",
      rule: "an email address (local@domain.tld)"
    })
    expect(Identity.normalize("crm-id", "  ")._tag).toBe("Invalid")
  })

  it("is idempotent", () => {
    const kinds = fc.constantFrom(...Identity.IdentityKind.literals)
    fc.assert(
      fc.property(kinds, fc.string(), (kind, raw) => {
        const once = Identity.normalize(kind, raw)
        if (once._tag === "Valid") expect(Identity.normalize(kind, once.value)).toEqual(once)
      })
    )
  })
})

describe("Identity", () => {
  it("make normalises and rejects with a DecodeError naming the value", () => {
    expect(Identity.make({ source: "hubspot", kind: "email", value: "A@B.CO" }).value).toBe("a@b.co")
    expect(() => Identity.make({ source: "hubspot", kind: "email", value: "nope" })).toThrow(
      'value: Expected an email address (local@domain.tld), got "nope"'
    )
  })

  it("the model rejects un-normalised values; IdentityFromInput normalises them", () => {
    expect(() =>
      Decode.decodeUnknownSync(Identity.Identity)({ source: "s", kind: "email", value: "A@B.CO" })
    ).toThrow('Expected the normalised email "a@b.co", got "A@B.CO"')
    const decoded = Decode.decodeUnknownSync(Identity.IdentityFromInput)({
      source: "s",
      kind: "email",
      value: "A@B.CO"
    })
    expect(decoded).toBeInstanceOf(Identity.Identity)
    expect(decoded.value).toBe("a@b.co")
  })

  it("round-trips through JSON", () => {
    const id = Identity.make({ source: "x", kind: "handle", value: "@Ada" })
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(Identity.Identity)(id)))
    expect(Schema.decodeUnknownSync(Identity.Identity)(json)).toEqual(id)
  })

  it("matches contact points across sources, other ids within their source", () => {
    const a = Identity.make({ source: "hubspot", kind: "email", value: "a@b.co" })
    const b = Identity.make({ source: "zendesk", kind: "email", value: "A@b.co" })
    expect(Identity.key(a)).toBe(Identity.key(b))
    const x = Identity.make({ source: "x", kind: "handle", value: "ada" })
    const r = Identity.make({ source: "reddit", kind: "handle", value: "ada" })
    expect(Identity.key(x)).not.toBe(Identity.key(r))
  })
})
