import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Identity, IdentityResolution } from "../src/index.ts"

const email = (source: string, value: string) => Identity.make({ source, kind: "email", value })
const phone = (source: string, value: string) => Identity.make({ source, kind: "phone", value })
const handle = (source: string, value: string) => Identity.make({ source, kind: "handle", value })

const records: ReadonlyArray<IdentityResolution.SourceRecord> = [
  {
    source: "hubspot",
    recordId: "101",
    identities: [email("hubspot", "ada@example.com"), phone("hubspot", "+44 20 7946 0018")]
  },
  { source: "zendesk", recordId: "7", identities: [email("zendesk", "ADA@example.com")] },
  { source: "shop", recordId: "u-9", identities: [phone("shop", "00442079460018")] },
  {
    source: "x",
    recordId: "ada_l",
    identities: [handle("x", "@ada_l")],
    links: [{ source: "zendesk", recordId: "7" }]
  },
  { source: "hubspot", recordId: "102", identities: [email("hubspot", "grace@example.com")] },
  { source: "reddit", recordId: "ada_l", identities: [handle("reddit", "ada_l")] }
]

const canonical = (profiles: ReadonlyArray<IdentityResolution.Profile>) =>
  profiles.map((p) => ({
    id: p.customerId,
    records: p.records.map((r) => `${r.source}:${r.recordId}`),
    merges: p.merges.map(
      (m) =>
        `${m.rule}|${m.evidence}|${m.left.source}:${m.left.recordId}|${m.right.source}:${m.right.recordId}`
    ),
    identities: p.identities.map((i) => `${i.source}|${i.kind}|${i.value}`)
  }))

describe("IdentityResolution.resolve", () => {
  it("merges by shared email, phone and explicit links, and explains every merge", () => {
    const profiles = IdentityResolution.resolve(records)
    expect(profiles.map((p) => p.customerId)).toEqual(["hubspot:101", "hubspot:102", "reddit:ada_l"])
    const ada = profiles[0]
    expect(ada?.records.map((r) => `${r.source}:${r.recordId}`)).toEqual([
      "hubspot:101",
      "shop:u-9",
      "x:ada_l",
      "zendesk:7"
    ])
    expect(ada?.merges).toEqual([
      {
        left: { source: "x", recordId: "ada_l" },
        right: { source: "zendesk", recordId: "7" },
        rule: "explicit-link",
        evidence: "x:ada_l -> zendesk:7"
      },
      {
        left: { source: "hubspot", recordId: "101" },
        right: { source: "zendesk", recordId: "7" },
        rule: "shared-email",
        evidence: "email:ada@example.com"
      },
      {
        left: { source: "hubspot", recordId: "101" },
        right: { source: "shop", recordId: "u-9" },
        rule: "shared-phone",
        evidence: "phone:+442079460018"
      }
    ])
  })

  it("does not merge handles across platforms, and honours the allowed rules", () => {
    const onlyEmail = IdentityResolution.resolve(records, { rules: ["shared-email"] })
    expect(onlyEmail.map((p) => p.records.length)).toEqual([2, 1, 1, 1, 1])
  })

  it("builds Customer models", () => {
    const [ada] = IdentityResolution.resolve(records)
    if (ada === undefined) throw new Error("no profile")
    const customer = IdentityResolution.toCustomer(ada)
    expect(customer.id).toBe("hubspot:101")
    expect(customer.identities.length).toBe(5)
  })

  const arbRecords = fc
    .array(
      fc.record({
        source: fc.constantFrom("a", "b", "c"),
        recordId: fc.constantFrom("1", "2", "3", "4"),
        emails: fc.array(fc.constantFrom("p@x.io", "q@x.io", "r@x.io"), { maxLength: 2 }),
        handles: fc.array(fc.constantFrom("h1", "h2"), { maxLength: 1 }),
        links: fc.array(
          fc.record({ source: fc.constantFrom("a", "b"), recordId: fc.constantFrom("1", "2") }),
          { maxLength: 1 }
        )
      }),
      { maxLength: 12 }
    )
    .map((rows) =>
      rows.map(
        (row): IdentityResolution.SourceRecord => ({
          source: row.source,
          recordId: row.recordId,
          identities: [
            ...row.emails.map((e) => email(row.source, e)),
            ...row.handles.map((h) => handle(row.source, h))
          ],
          links: row.links
        })
      )
    )

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(
        arbRecords.chain((rs) =>
          fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }))
        ),
        ([rs, shuffled]) => {
          expect(canonical(IdentityResolution.resolve(shuffled))).toEqual(
            canonical(IdentityResolution.resolve(rs))
          )
        }
      )
    )
  })

  it("is idempotent: duplicated input and re-resolved profiles give the same result", () => {
    fc.assert(
      fc.property(arbRecords, (rs) => {
        const once = IdentityResolution.resolve(rs)
        expect(canonical(IdentityResolution.resolve([...rs, ...rs]))).toEqual(canonical(once))
        for (const profile of once) {
          const members = new Set(profile.records.map((r) => `${r.source}:${r.recordId}`))
          const again = IdentityResolution.resolve(rs.filter((r) => members.has(`${r.source}:${r.recordId}`)))
          expect(canonical(again)).toEqual(canonical([profile]))
        }
      })
    )
  })

  it("puts every record in exactly one profile with n - 1 merges", () => {
    fc.assert(
      fc.property(arbRecords, (rs) => {
        const profiles = IdentityResolution.resolve(rs)
        const seen = profiles.flatMap((p) => p.records.map((r) => `${r.source}:${r.recordId}`))
        expect(new Set(seen).size).toBe(seen.length)
        for (const p of profiles) expect(p.merges.length).toBe(p.records.length - 1)
      })
    )
  })
})
