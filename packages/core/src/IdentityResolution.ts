/**
 * Identity resolution: `resolve` merges the records of several sources into customer profiles
 * when they share an identity (email, phone, handle, …), and every merge records the rule and the
 * identity that caused it, so a profile can be explained. `toCustomer` turns a profile into a
 * `Customer`.
 *
 * @module
 * @since 0.1.0
 */
import { Customer, CustomerId } from "./Customer.ts"
import { type Identity, type IdentityKind, key } from "./Identity.ts"

/**
 * A record from one source system (a CRM contact, a help-desk user, a social author) with
 * the identities it carries and, optionally, explicit links to records known to be the same
 * customer (a CRM's "associated contact", a login that joined two devices).
 *
 * @since 0.1.0
 * @category models
 */
export interface SourceRecord {
  readonly source: string
  readonly recordId: string
  readonly identities: ReadonlyArray<Identity>
  readonly links?: ReadonlyArray<RecordRef>
}

/**
 * A reference to a source record: `{ source: "zendesk", recordId: "42" }`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordRef {
  readonly source: string
  readonly recordId: string
}

/**
 * Which evidence may merge two records:
 * - `shared-email`, `shared-phone`: the same normalised contact point in any two sources;
 * - `shared-crm-id`, `shared-handle`, `shared-anonymous-id`: the same id within one source;
 * - `explicit-link`: a link declared on a record.
 *
 * @since 0.1.0
 * @category models
 */
export type MatchRule =
  | "shared-email"
  | "shared-phone"
  | "shared-crm-id"
  | "shared-handle"
  | "shared-anonymous-id"
  | "explicit-link"

/**
 * Why two records were merged: the rule and, for shared identities, the identity key.
 *
 * @since 0.1.0
 * @category models
 */
export interface Merge {
  readonly left: RecordRef
  readonly right: RecordRef
  readonly rule: MatchRule
  readonly evidence: string
}

/**
 * One resolved customer: its deterministic id (the smallest record reference in it, as
 * `source:recordId`), its records, the union of their identities, and the merges that joined
 * the records, one per join (a spanning tree: n records, n − 1 merges).
 *
 * @since 0.1.0
 * @category models
 */
export interface Profile {
  readonly customerId: CustomerId
  readonly records: ReadonlyArray<RecordRef>
  readonly identities: ReadonlyArray<Identity>
  readonly merges: ReadonlyArray<Merge>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ResolveOptions {
  /** Rules allowed to merge records. Default: all of them. */
  readonly rules?: ReadonlyArray<MatchRule>
}

const ALL_RULES: ReadonlyArray<MatchRule> = [
  "explicit-link",
  "shared-crm-id",
  "shared-email",
  "shared-phone",
  "shared-handle",
  "shared-anonymous-id"
]

const RULE_OF_KIND: Record<IdentityKind, MatchRule> = {
  email: "shared-email",
  phone: "shared-phone",
  "crm-id": "shared-crm-id",
  handle: "shared-handle",
  "anonymous-id": "shared-anonymous-id"
}

const refKey = (ref: RecordRef): string => `${ref.source}:${ref.recordId}`
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Resolves records from several sources into customer profiles by deterministic rules:
 * records sharing a normalised email or phone (any source), sharing a CRM id, handle or
 * anonymous id within one source, or explicitly linked, belong to one customer. Merging is
 * transitive (union-find). Every join is explained by a `Merge` naming the rule and the
 * evidence, chosen by a fixed priority (explicit links, then CRM ids, emails, phones,
 * handles, anonymous ids; ties by key), so the result does not depend on input order, and
 * resolving the same records again, or twice over, gives the same profiles.
 *
 * **Gotchas**
 *
 * A customer id is the smallest `source:recordId` in its profile; a new record that joins a
 * profile later with a smaller reference changes that id. Store the mapping if ids must be
 * permanent. Records with the same reference are treated as one record.
 *
 * @example
 * ```ts
 * import { Identity, IdentityResolution } from "@cxkit/core"
 *
 * const profiles = IdentityResolution.resolve([
 *   { source: "hubspot", recordId: "101", identities: [Identity.make({ source: "hubspot", kind: "email", value: "Ada@Example.com" })] },
 *   { source: "zendesk", recordId: "7", identities: [Identity.make({ source: "zendesk", kind: "email", value: "ada@example.com" })] },
 *   { source: "x", recordId: "ada_l", identities: [Identity.make({ source: "x", kind: "handle", value: "@ada_l" })],
 *     links: [{ source: "zendesk", recordId: "7" }] }
 * ])
 * console.log(profiles.length, profiles[0]?.customerId) // 1 "hubspot:101"
 * console.log(profiles[0]?.merges.map((m) => m.rule)) // ["explicit-link", "shared-email"]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const resolve = (
  records: Iterable<SourceRecord>,
  options: ResolveOptions = {}
): ReadonlyArray<Profile> => {
  const allowed = new Set(options.rules ?? ALL_RULES)
  // Records with the same reference are one record: merge their identities and links.
  const byRef = new Map<string, { ref: RecordRef; identities: Map<string, Identity>; links: Set<string> }>()
  const refs = new Map<string, RecordRef>()
  for (const record of records) {
    const k = refKey(record)
    let node = byRef.get(k)
    if (node === undefined) {
      const ref = { source: record.source, recordId: record.recordId }
      node = { ref, identities: new Map(), links: new Set() }
      byRef.set(k, node)
      refs.set(k, ref)
    }
    for (const identity of record.identities)
      node.identities.set(`${identity.source}|${key(identity)}`, identity)
    for (const link of record.links ?? []) {
      node.links.add(refKey(link))
      if (!refs.has(refKey(link))) refs.set(refKey(link), { source: link.source, recordId: link.recordId })
    }
  }

  // Candidate edges, each a pair of record keys with its rule and evidence, in a fixed order.
  type Edge = { readonly a: string; readonly b: string; readonly rule: MatchRule; readonly evidence: string }
  const edges: Array<Edge> = []
  if (allowed.has("explicit-link")) {
    for (const [k, node] of byRef) {
      for (const target of node.links) {
        if (target === k) continue
        const [a, b] = k < target ? [k, target] : [target, k]
        edges.push({ a, b, rule: "explicit-link", evidence: `${a} -> ${b}` })
      }
    }
  }
  const holders = new Map<string, { rule: MatchRule; keys: Set<string> }>()
  for (const [k, node] of byRef) {
    for (const identity of node.identities.values()) {
      const rule = RULE_OF_KIND[identity.kind]
      if (!allowed.has(rule)) continue
      const evidence = key(identity)
      let holder = holders.get(evidence)
      if (holder === undefined) {
        holder = { rule, keys: new Set() }
        holders.set(evidence, holder)
      }
      holder.keys.add(k)
    }
  }
  for (const [evidence, holder] of holders) {
    const sorted = [...holder.keys].sort(compare)
    const first = sorted[0]
    if (first === undefined) continue
    for (const other of sorted.slice(1)) edges.push({ a: first, b: other, rule: holder.rule, evidence })
  }
  const priority = new Map(ALL_RULES.map((rule, i) => [rule, i]))
  edges.sort(
    (x, y) =>
      (priority.get(x.rule) ?? 0) - (priority.get(y.rule) ?? 0) ||
      compare(x.evidence, y.evidence) ||
      compare(x.a, y.a) ||
      compare(x.b, y.b)
  )

  // Union-find over record keys; an edge that joins two components is a merge.
  const parent = new Map<string, string>()
  for (const k of refs.keys()) parent.set(k, k)
  const find = (k: string): string => {
    let root = k
    while (parent.get(root) !== root) root = parent.get(root) ?? root
    let cursor = k
    while (cursor !== root) {
      const next = parent.get(cursor) ?? root
      parent.set(cursor, root)
      cursor = next
    }
    return root
  }
  const merges: Array<Edge> = []
  for (const edge of edges) {
    const ra = find(edge.a)
    const rb = find(edge.b)
    if (ra === rb) continue
    // The smaller key becomes the root, so the root of a component is its smallest record.
    if (ra < rb) parent.set(rb, ra)
    else parent.set(ra, rb)
    merges.push(edge)
  }

  const groups = new Map<string, { keys: Array<string>; merges: Array<Edge> }>()
  for (const k of refs.keys()) {
    const root = find(k)
    const group = groups.get(root) ?? { keys: [], merges: [] }
    group.keys.push(k)
    groups.set(root, group)
  }
  for (const edge of merges) groups.get(find(edge.a))?.merges.push(edge)

  const toRef = (k: string): RecordRef => refs.get(k) ?? { source: "", recordId: k }
  return [...groups.entries()]
    .sort(([x], [y]) => compare(x, y))
    .map(([root, group]) => {
      const identities = new Map<string, Identity>()
      for (const k of group.keys) {
        for (const [ik, identity] of byRef.get(k)?.identities ?? []) identities.set(ik, identity)
      }
      return {
        customerId: CustomerId.make(root),
        records: group.keys.sort(compare).map(toRef),
        identities: [...identities.entries()]
          .sort(([x], [y]) => compare(x, y))
          .map(([, identity]) => identity),
        merges: group.merges.map((edge) => ({
          left: toRef(edge.a),
          right: toRef(edge.b),
          rule: edge.rule,
          evidence: edge.evidence
        }))
      }
    })
}

/**
 * The `Customer` model of a resolved profile (id and identities).
 *
 * @example
 * ```ts
 * import { Identity, IdentityResolution } from "@cxkit/core"
 *
 * const [profile] = IdentityResolution.resolve([
 *   { source: "crm", recordId: "1", identities: [Identity.make({ source: "crm", kind: "email", value: "a@b.co" })] }
 * ])
 * if (profile) console.log(IdentityResolution.toCustomer(profile).id) // "crm:1"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const toCustomer = (profile: Profile): Customer =>
  new Customer({ id: profile.customerId, identities: [...profile.identities] })
