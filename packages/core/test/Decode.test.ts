import { describe, expect, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Decode, Feedback } from "../src/index.ts"

describe("Decode", () => {
  it("collects every problem with its path, value and rule", () => {
    const result = Decode.decodeUnknownResult(Schema.Array(Feedback.Feedback))([
      {
        id: "r1",
        customerId: "c1",
        timestamp: "2024-05-01T10:00:00Z",
        question: { metric: "nps" },
        score: 11
      },
      { id: "", customerId: "c1", timestamp: "2024-05-01", question: { metric: "nps" }, score: 3 }
    ])
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isSuccess(result)) return
    expect(result.failure.problems).toEqual([
      { path: "[0].score", message: "Expected an integer from 0 to 10 (nps scale), got 11" },
      { path: "[1].id", message: 'Expected a value with a length of at least 1, got ""' },
      {
        path: "[1].timestamp",
        message: 'Expected an ISO 8601 date-time with a zone (Z or ±hh:mm), got "2024-05-01"'
      }
    ])
    expect(result.failure.message).toContain(
      "[0].score: Expected an integer from 0 to 10 (nps scale), got 11"
    )
  })

  it("throws the DecodeError from the sync variant", () => {
    expect(() => Decode.decodeUnknownSync(Schema.Int)(1.5)).toThrow(Decode.DecodeError)
    expect(Decode.decodeUnknownSync(Schema.Int)(2)).toBe(2)
  })
})
