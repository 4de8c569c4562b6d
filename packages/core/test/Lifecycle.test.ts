import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { CoreError, Lifecycle, Timestamp } from "../src/index.ts"

const at = (iso: string) => Timestamp.parse(iso)

describe("Lifecycle policies", () => {
  const policy = Lifecycle.forwardOnly()
  it.each([
    ["subscriber", "lead", true],
    ["lead", "customer", true],
    ["customer", "lead", false],
    ["opportunity", "opportunity", false],
    ["customer", "at-risk", true],
    ["at-risk", "customer", true],
    ["lead", "churned", false],
    ["customer", "churned", true],
    ["churned", "reactivated", true],
    ["churned", "customer", false],
    ["reactivated", "churned", true],
    ["lead", "other", true],
    ["other", "lead", true]
  ] as const)("forward-only %s -> %s: %s", (from, to, allowed) => {
    expect(policy.allows(from, to)).toBe(allowed)
  })

  it("can forbid churn and reactivation", () => {
    const strict = Lifecycle.forwardOnly({ allowChurn: false, allowReactivation: false })
    expect(strict.allows("customer", "churned")).toBe(false)
    expect(strict.allows("churned", "reactivated")).toBe(false)
  })
})

describe("Lifecycle.deriveHistory", () => {
  it("orders events and builds spells", () => {
    const [history] = Lifecycle.deriveHistory([
      { customerId: "c1", timestamp: at("2024-09-01T00:00:00Z"), stage: "churned" },
      { customerId: "c1", timestamp: at("2024-01-10T00:00:00Z"), stage: "lead" },
      { customerId: "c1", timestamp: at("2024-03-01T00:00:00Z"), stage: "customer" },
      { customerId: "c1", timestamp: at("2024-04-01T00:00:00Z"), stage: "customer" }
    ])
    expect(history?.spells).toEqual([
      { stage: "lead", enteredAt: at("2024-01-10T00:00:00Z"), leftAt: at("2024-03-01T00:00:00Z") },
      { stage: "customer", enteredAt: at("2024-03-01T00:00:00Z"), leftAt: at("2024-09-01T00:00:00Z") },
      { stage: "churned", enteredAt: at("2024-09-01T00:00:00Z") }
    ])
    if (history) expect(Lifecycle.stageAt(history, at("2024-05-01T00:00:00Z"))).toBe("customer")
    if (history) expect(Lifecycle.stageAt(history, at("2023-05-01T00:00:00Z"))).toBeUndefined()
  })

  const backwards = [
    { customerId: "c1", timestamp: at("2024-01-01T00:00:00Z"), stage: "customer" as const },
    { customerId: "c1", timestamp: at("2024-02-01T00:00:00Z"), stage: "lead" as const }
  ]

  it("throws a PolicyViolation naming the event by default", () => {
    expect(() => Lifecycle.deriveHistory(backwards)).toThrow(CoreError.CoreError)
    expect(() => Lifecycle.deriveHistory(backwards)).toThrow(
      'events[1]: {"customerId":"c1","from":"customer","to":"lead","timestamp":"DateTime.Utc(2024-02-01T00:00:00.000Z)"} breaks the policy: policy "forward-only" forbids customer -> lead'
    )
  })

  it("reports violations instead when asked, and any-transition allows them", () => {
    const [reported] = Lifecycle.deriveHistory(backwards, { onViolation: "report" })
    expect(reported?.spells.map((s) => s.stage)).toEqual(["customer"])
    expect(reported?.violations).toEqual([
      { index: 1, customerId: "c1", from: "customer", to: "lead", timestamp: at("2024-02-01T00:00:00Z") }
    ])
    const [any] = Lifecycle.deriveHistory(backwards, { policy: Lifecycle.anyTransition })
    expect(any?.spells.map((s) => s.stage)).toEqual(["customer", "lead"])
  })

  it("never produces a history that breaks the policy, and accounts for every event", () => {
    const stage = fc.constantFrom(...Lifecycle.LifecycleStage.literals)
    const events = fc.array(
      fc.record({ customerId: fc.constantFrom("a", "b"), day: fc.integer({ min: 0, max: 60 }), stage }),
      { maxLength: 40 }
    )
    fc.assert(
      fc.property(events, (rows) => {
        const input = rows.map((r) => ({
          customerId: r.customerId,
          timestamp: Timestamp.fromMillis(Date.UTC(2024, 0, 1) + r.day * 86_400_000),
          stage: r.stage
        }))
        const policy = Lifecycle.forwardOnly()
        const histories = Lifecycle.deriveHistory(input, { onViolation: "report" })
        for (const h of histories) {
          for (let i = 1; i < h.spells.length; i++) {
            const prev = h.spells[i - 1]
            const next = h.spells[i]
            if (prev && next) {
              expect(policy.allows(prev.stage, next.stage)).toBe(true)
              expect(prev.leftAt).toEqual(next.enteredAt)
            }
          }
        }
        const accounted = histories.reduce((n, h) => n + h.violations.length, 0)
        expect(accounted).toBeLessThanOrEqual(input.length)
      })
    )
  })
})
