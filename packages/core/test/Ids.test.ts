import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { Ids } from "../src/index.ts"

describe("Ids", () => {
  it("rejects an empty customer id", () => {
    expect(() => Schema.decodeUnknownSync(Ids.CustomerId)("")).toThrow()
  })
})
