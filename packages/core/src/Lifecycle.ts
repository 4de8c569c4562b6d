/**
 * The customer lifecycle: HubSpot's lifecycle stages in funnel order plus the retention stages
 * `at-risk`, `churned` and `reactivated`. `deriveHistory` turns stage events into a history of
 * spells under a transition policy (`forwardOnly` or `anyTransition`) and reports every
 * transition the policy forbids as a violation instead of dropping it.
 *
 * @module
 * @since 0.1.0
 */
import { type DateTime, Schema } from "effect"
import { CoreError } from "./CoreError.ts"

/**
 * The lifecycle stages of HubSpot's `lifecyclestage` property (same internal values, in
 * funnel order), plus the retention stages cxkit adds: `at-risk`, `churned`, `reactivated`.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@cxkit/core"
 * import { Schema } from "effect"
 *
 * console.log(Schema.is(Lifecycle.LifecycleStage)("marketingqualifiedlead")) // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const LifecycleStage = Schema.Literals([
  "subscriber",
  "lead",
  "marketingqualifiedlead",
  "salesqualifiedlead",
  "opportunity",
  "customer",
  "evangelist",
  "other",
  "at-risk",
  "churned",
  "reactivated"
])

/**
 * @since 0.1.0
 * @category models
 */
export type LifecycleStage = typeof LifecycleStage.Type

/**
 * The readable name of each stage, for reports and charts (HubSpot's internal values such as
 * `marketingqualifiedlead` are ids, not labels; the labels follow HubSpot's, e.g. "Marketing
 * Qualified Lead", in sentence case).
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@cxkit/core"
 *
 * console.log(Lifecycle.labels.marketingqualifiedlead, Lifecycle.labels["at-risk"]) // "Marketing qualified lead" "At risk"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const labels: Readonly<Record<LifecycleStage, string>> = {
  subscriber: "Subscriber",
  lead: "Lead",
  marketingqualifiedlead: "Marketing qualified lead",
  salesqualifiedlead: "Sales qualified lead",
  opportunity: "Opportunity",
  customer: "Customer",
  evangelist: "Evangelist",
  other: "Other",
  "at-risk": "At risk",
  churned: "Churned",
  reactivated: "Reactivated"
}

/**
 * The acquisition funnel, in HubSpot's order.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@cxkit/core"
 *
 * console.log(Lifecycle.funnel.indexOf("opportunity") < Lifecycle.funnel.indexOf("customer")) // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const funnel: ReadonlyArray<LifecycleStage> = [
  "subscriber",
  "lead",
  "marketingqualifiedlead",
  "salesqualifiedlead",
  "opportunity",
  "customer",
  "evangelist"
]

/**
 * Decides which stage changes are allowed.
 *
 * @since 0.1.0
 * @category models
 */
export interface TransitionPolicy {
  readonly name: string
  readonly allows: (from: LifecycleStage, to: LifecycleStage) => boolean
}

const funnelIndex = new Map(funnel.map((stage, i) => [stage, i]))
const paying = new Set<LifecycleStage>(["customer", "evangelist", "reactivated"])

/**
 * The default policy, HubSpot's own rule (a contact's lifecycle stage only moves forward
 * through the funnel) extended for retention:
 * - forward moves through the funnel (`lead` → `customer`, skipping stages allowed);
 * - `other` may be entered from, and left to, any stage;
 * - `at-risk` from `customer`, `evangelist` or `reactivated`, and back to `customer` or
 *   `evangelist`;
 * - `churned` from `customer`, `evangelist`, `at-risk` or `reactivated` (unless
 *   `allowChurn: false`);
 * - `reactivated` from `churned` only (unless `allowReactivation: false`), then on to
 *   `customer`, `evangelist`, `at-risk` or `churned`.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@cxkit/core"
 *
 * const policy = Lifecycle.forwardOnly()
 * console.log(policy.allows("lead", "customer"), policy.allows("customer", "lead")) // true false
 * console.log(policy.allows("customer", "churned"), policy.allows("churned", "reactivated")) // true true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const forwardOnly = (
  options: { readonly allowChurn?: boolean; readonly allowReactivation?: boolean } = {}
): TransitionPolicy => {
  const allowChurn = options.allowChurn ?? true
  const allowReactivation = options.allowReactivation ?? true
  return {
    name: "forward-only",
    allows: (from, to) => {
      if (from === to) return false
      if (from === "other" || to === "other") return true
      const fi = funnelIndex.get(from)
      const ti = funnelIndex.get(to)
      if (fi !== undefined && ti !== undefined) return ti > fi
      switch (to) {
        case "at-risk":
          return paying.has(from)
        case "churned":
          return allowChurn && (paying.has(from) || from === "at-risk")
        case "reactivated":
          return allowReactivation && from === "churned"
        case "customer":
        case "evangelist":
          return from === "at-risk" || from === "reactivated"
        default:
          return false
      }
    }
  }
}

/**
 * A policy that allows every change of stage (for sources whose stages are edited by hand).
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@cxkit/core"
 *
 * console.log(Lifecycle.anyTransition.allows("customer", "lead")) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const anyTransition: TransitionPolicy = { name: "any", allows: (from, to) => from !== to }

/**
 * A dated stage change of one customer, from a CRM's property history or any event source.
 *
 * @since 0.1.0
 * @category models
 */
export interface StageEvent {
  readonly customerId: string
  readonly timestamp: DateTime.Utc
  readonly stage: LifecycleStage
}

/**
 * A period a customer spent in a stage; `leftAt` is absent for the current stage.
 *
 * @since 0.1.0
 * @category models
 */
export interface StageSpell {
  readonly stage: LifecycleStage
  readonly enteredAt: DateTime.Utc
  readonly leftAt?: DateTime.Utc
}

/**
 * An event the policy forbade, reported (with its index in the input) when `onViolation` is
 * `"report"`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Violation {
  readonly index: number
  readonly customerId: string
  readonly from: LifecycleStage
  readonly to: LifecycleStage
  readonly timestamp: DateTime.Utc
}

/**
 * One customer's stage history, oldest first.
 *
 * @since 0.1.0
 * @category models
 */
export interface History {
  readonly customerId: string
  readonly spells: ReadonlyArray<StageSpell>
  readonly violations: ReadonlyArray<Violation>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface HistoryOptions {
  /** Default: `forwardOnly()`. */
  readonly policy?: TransitionPolicy
  /**
   * `"fail"` (default) throws a `CoreError` with reason `PolicyViolation` naming the event;
   * `"report"` leaves the forbidden event out of the spells and lists it in `violations`.
   */
  readonly onViolation?: "fail" | "report"
}

/**
 * Derives each customer's stage history from dated stage events in any order. Events are
 * ordered by time (ties by funnel order, so a same-instant `lead` then `customer` reads as a
 * move forward); an event for the stage the customer is already in extends that spell.
 * The first event of a customer starts its history at any stage.
 *
 * @example
 * ```ts
 * import { Lifecycle, Timestamp } from "@cxkit/core"
 *
 * const [history] = Lifecycle.deriveHistory([
 *   { customerId: "c1", timestamp: Timestamp.parse("2024-03-01T00:00:00Z"), stage: "customer" },
 *   { customerId: "c1", timestamp: Timestamp.parse("2024-01-10T00:00:00Z"), stage: "lead" },
 *   { customerId: "c1", timestamp: Timestamp.parse("2024-09-01T00:00:00Z"), stage: "churned" }
 * ])
 * console.log(history?.spells.map((s) => s.stage)) // ["lead", "customer", "churned"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const deriveHistory = (
  events: ReadonlyArray<StageEvent>,
  options: HistoryOptions = {}
): ReadonlyArray<History> => {
  const policy = options.policy ?? forwardOnly()
  const onViolation = options.onViolation ?? "fail"
  const order = new Map(LifecycleStage.literals.map((stage, i) => [stage, i]))
  const indexed = events.map((event, index) => ({ event, index }))
  indexed.sort(
    (x, y) =>
      (x.event.customerId < y.event.customerId ? -1 : x.event.customerId > y.event.customerId ? 1 : 0) ||
      x.event.timestamp.epochMilliseconds - y.event.timestamp.epochMilliseconds ||
      (order.get(x.event.stage) ?? 0) - (order.get(y.event.stage) ?? 0) ||
      x.index - y.index
  )
  const histories: Array<History> = []
  let current: { customerId: string; spells: Array<StageSpell>; violations: Array<Violation> } | undefined
  for (const { event, index } of indexed) {
    if (current === undefined || current.customerId !== event.customerId) {
      current = { customerId: event.customerId, spells: [], violations: [] }
      histories.push(current)
    }
    const last = current.spells.at(-1)
    if (last === undefined) {
      current.spells.push({ stage: event.stage, enteredAt: event.timestamp })
      continue
    }
    if (last.stage === event.stage) continue
    if (!policy.allows(last.stage, event.stage)) {
      const violation = {
        index,
        customerId: event.customerId,
        from: last.stage,
        to: event.stage,
        timestamp: event.timestamp
      }
      if (onViolation === "fail") {
        throw new CoreError({
          reason: "PolicyViolation",
          field: `events[${index}]`,
          value: {
            customerId: event.customerId,
            from: last.stage,
            to: event.stage,
            timestamp: event.timestamp.toString()
          },
          rule: `policy "${policy.name}" forbids ${last.stage} -> ${event.stage}`
        })
      }
      current.violations.push(violation)
      continue
    }
    current.spells[current.spells.length - 1] = { ...last, leftAt: event.timestamp }
    current.spells.push({ stage: event.stage, enteredAt: event.timestamp })
  }
  return histories
}

/**
 * The stage a history is in at an instant, or `undefined` before its first event.
 *
 * @example
 * ```ts
 * import { Lifecycle, Timestamp } from "@cxkit/core"
 *
 * const [history] = Lifecycle.deriveHistory([
 *   { customerId: "c1", timestamp: Timestamp.parse("2024-01-10T00:00:00Z"), stage: "lead" },
 *   { customerId: "c1", timestamp: Timestamp.parse("2024-03-01T00:00:00Z"), stage: "customer" }
 * ])
 * if (history) console.log(Lifecycle.stageAt(history, Timestamp.parse("2024-02-01T00:00:00Z"))) // "lead"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const stageAt = (history: History, at: DateTime.Utc): LifecycleStage | undefined => {
  let stage: LifecycleStage | undefined
  for (const spell of history.spells) {
    if (spell.enteredAt.epochMilliseconds > at.epochMilliseconds) break
    stage = spell.stage
  }
  return stage
}
