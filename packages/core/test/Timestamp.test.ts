import { describe, expect, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import * as fc from "fast-check"
import { Decode, Timestamp } from "../src/index.ts"
import { isoTimestamp } from "./arbitraries.ts"

describe("Timestamp", () => {
  it("decodes offsets to the same instant", () => {
    const paris = Timestamp.parse("2024-03-10T09:00:00+01:00")
    expect(DateTime.formatIso(paris)).toBe("2024-03-10T08:00:00.000Z")
    expect(Timestamp.toMillis(paris)).toBe(Date.UTC(2024, 2, 10, 8))
  })

  it("rejects a timestamp without zone, naming the value and the rule", () => {
    expect(() => Timestamp.parse("2024-03-10T09:00:00")).toThrow(
      'Expected an ISO 8601 date-time with a zone (Z or ±hh:mm), got "2024-03-10T09:00:00"'
    )
    expect(() => Timestamp.parse("2024-03-10")).toThrow(Decode.DecodeError)
  })

  it("round-trips encode/decode", () => {
    fc.assert(
      fc.property(isoTimestamp, (iso) => {
        const decoded = Schema.decodeUnknownSync(Timestamp.Timestamp)(iso)
        expect(Schema.encodeSync(Timestamp.Timestamp)(decoded)).toBe(iso)
      })
    )
  })

  it("validates IANA time zones", () => {
    expect(Schema.is(Timestamp.TimeZone)("Europe/Paris")).toBe(true)
    expect(Schema.is(Timestamp.TimeZone)("Mars/Olympus")).toBe(false)
    expect(() => Decode.decodeUnknownSync(Timestamp.TimeZone)("Mars/Olympus")).toThrow(
      'Expected an IANA time zone name, got "Mars/Olympus"'
    )
  })
})
