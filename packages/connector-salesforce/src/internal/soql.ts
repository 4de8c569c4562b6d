// The subset of SOQL the mock understands: what the connector sends and little more
// (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm).
//
//   SELECT field, Parent.field, … FROM Object
//   [WHERE cond]   cond: comparisons (= != < <= > >=) of a field with a literal, AND, OR, ( )
//   [ORDER BY field [ASC|DESC], …] [LIMIT n]
//
// Literals: 'strings' (with \' \" \\ \n \r \t escapes), dateTime literals
// (YYYY-MM-DDThh:mm:ss[.sss](Z|±hh:mm)), numbers, true, false, null. Anything else is a
// MalformedQuery, answered as Salesforce's MALFORMED_QUERY.

export class MalformedQuery extends Error {}

export type Literal =
  | { readonly _tag: "String"; readonly value: string }
  | { readonly _tag: "DateTime"; readonly value: number }
  | { readonly _tag: "Number"; readonly value: number }
  | { readonly _tag: "Boolean"; readonly value: boolean }
  | { readonly _tag: "Null" }

export type Condition =
  | { readonly _tag: "Compare"; readonly field: string; readonly op: string; readonly literal: Literal }
  | { readonly _tag: "And" | "Or"; readonly parts: ReadonlyArray<Condition> }

export interface Query {
  readonly fields: ReadonlyArray<string>
  readonly object: string
  readonly where: Condition | undefined
  readonly orderBy: ReadonlyArray<{ readonly field: string; readonly descending: boolean }>
  readonly limit: number | undefined
}

type Token =
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "punct"; readonly text: string }
  | { readonly kind: "literal"; readonly literal: Literal }

const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})/
const number = /^-?\d+(\.\d+)?/
const word = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/

const tokenize = (text: string): Array<Token> => {
  const tokens: Array<Token> = []
  let i = 0
  while (i < text.length) {
    const rest = text.slice(i)
    const space = /^\s+/.exec(rest)
    if (space !== null) {
      i += space[0].length
      continue
    }
    const op = /^(<=|>=|!=|=|<|>|\(|\)|,)/.exec(rest)
    if (op !== null) {
      tokens.push({ kind: "punct", text: op[0] })
      i += op[0].length
      continue
    }
    if (rest.startsWith("'")) {
      let value = ""
      let j = 1
      for (;;) {
        const c = rest[j]
        if (c === undefined) throw new MalformedQuery("unexpected end of query inside a string literal")
        if (c === "'") break
        if (c === "\\") {
          const next = rest[j + 1]
          const escapes: Record<string, string> = {
            "'": "'",
            '"': '"',
            "\\": "\\",
            n: "\n",
            r: "\r",
            t: "\t"
          }
          if (next === undefined || escapes[next] === undefined) {
            throw new MalformedQuery(`invalid escape sequence \\${next ?? ""}`)
          }
          value += escapes[next]
          j += 2
          continue
        }
        value += c
        j++
      }
      tokens.push({ kind: "literal", literal: { _tag: "String", value } })
      i += j + 1
      continue
    }
    const dt = dateTime.exec(rest)
    if (dt !== null) {
      const millis = Date.parse(dt[0])
      if (Number.isNaN(millis)) throw new MalformedQuery(`invalid dateTime literal ${dt[0]}`)
      tokens.push({ kind: "literal", literal: { _tag: "DateTime", value: millis } })
      i += dt[0].length
      continue
    }
    const n = number.exec(rest)
    if (n !== null) {
      tokens.push({ kind: "literal", literal: { _tag: "Number", value: Number(n[0]) } })
      i += n[0].length
      continue
    }
    const w = word.exec(rest)
    if (w !== null) {
      const lower = w[0].toLowerCase()
      if (lower === "true" || lower === "false") {
        tokens.push({ kind: "literal", literal: { _tag: "Boolean", value: lower === "true" } })
      } else if (lower === "null") tokens.push({ kind: "literal", literal: { _tag: "Null" } })
      else tokens.push({ kind: "word", text: w[0] })
      i += w[0].length
      continue
    }
    throw new MalformedQuery(`unexpected token: ${rest.slice(0, 20)}`)
  }
  return tokens
}

export const parse = (text: string): Query => {
  const tokens = tokenize(text)
  let i = 0
  const peek = () => tokens[i]
  const isKeyword = (t: Token | undefined, k: string) => t?.kind === "word" && t.text.toUpperCase() === k
  const expectKeyword = (k: string) => {
    const t = tokens[i]
    if (!isKeyword(t, k)) throw new MalformedQuery(`expecting ${k}, found ${describe(t)}`)
    i++
  }
  const describe = (t: Token | undefined) =>
    t === undefined ? "end of query" : t.kind === "literal" ? "a literal" : `'${t.text}'`
  const field = (): string => {
    const t = tokens[i]
    if (t?.kind !== "word") throw new MalformedQuery(`expecting a field name, found ${describe(t)}`)
    i++
    return t.text
  }
  expectKeyword("SELECT")
  const fields = [field()]
  const comma = () => {
    const t = peek()
    return t?.kind === "punct" && t.text === ","
  }
  while (comma()) {
    i++
    fields.push(field())
  }
  expectKeyword("FROM")
  const object = field()
  if (object.includes(".")) throw new MalformedQuery(`unexpected token: ${object}`)
  let where: Condition | undefined
  const comparison = (): Condition => {
    const t = peek()
    if (t?.kind === "punct" && t.text === "(") {
      i++
      const inner = or()
      const close = peek()
      if (!(close?.kind === "punct" && close.text === ")")) {
        throw new MalformedQuery(`expecting ')', found ${describe(close)}`)
      }
      i++
      return inner
    }
    const name = field()
    const op = tokens[i]
    if (op?.kind !== "punct" || !["=", "!=", "<", "<=", ">", ">="].includes(op.text)) {
      throw new MalformedQuery(`expecting a comparison operator after ${name}, found ${describe(op)}`)
    }
    i++
    const value = tokens[i]
    if (value?.kind !== "literal") throw new MalformedQuery(`expecting a literal after ${name} ${op.text}`)
    i++
    return { _tag: "Compare", field: name, op: op.text, literal: value.literal }
  }
  const and = (): Condition => {
    const parts = [comparison()]
    while (isKeyword(peek(), "AND")) {
      i++
      parts.push(comparison())
    }
    return parts.length === 1 ? (parts[0] as Condition) : { _tag: "And", parts }
  }
  const or = (): Condition => {
    const parts = [and()]
    while (isKeyword(peek(), "OR")) {
      i++
      parts.push(and())
    }
    return parts.length === 1 ? (parts[0] as Condition) : { _tag: "Or", parts }
  }
  if (isKeyword(peek(), "WHERE")) {
    i++
    where = or()
  }
  const orderBy: Array<{ field: string; descending: boolean }> = []
  if (isKeyword(peek(), "ORDER")) {
    i++
    expectKeyword("BY")
    for (;;) {
      const name = field()
      let descending = false
      if (isKeyword(peek(), "ASC")) i++
      else if (isKeyword(peek(), "DESC")) {
        descending = true
        i++
      }
      orderBy.push({ field: name, descending })
      const t = peek()
      if (t?.kind === "punct" && t.text === ",") {
        i++
        continue
      }
      break
    }
  }
  let limit: number | undefined
  if (isKeyword(peek(), "LIMIT")) {
    i++
    const t = tokens[i]
    if (t?.kind !== "literal" || t.literal._tag !== "Number" || !Number.isInteger(t.literal.value)) {
      throw new MalformedQuery("LIMIT needs an integer")
    }
    limit = t.literal.value
    i++
  }
  if (i < tokens.length) throw new MalformedQuery(`unexpected token: ${describe(tokens[i])}`)
  return { fields, object, where, orderBy, limit }
}

const compare = (value: unknown, literal: Literal): number | undefined => {
  switch (literal._tag) {
    case "Null":
      return value === null || value === undefined ? 0 : undefined
    case "DateTime": {
      const millis = typeof value === "string" ? Date.parse(value) : Number.NaN
      return Number.isNaN(millis) ? undefined : Math.sign(millis - literal.value)
    }
    case "Number":
      return typeof value === "number" ? Math.sign(value - literal.value) : undefined
    case "Boolean":
      return typeof value === "boolean" ? (value === literal.value ? 0 : value ? 1 : -1) : undefined
    case "String":
      return typeof value === "string"
        ? value < literal.value
          ? -1
          : value > literal.value
            ? 1
            : 0
        : undefined
  }
}

export const matches = (condition: Condition, record: Readonly<Record<string, unknown>>): boolean => {
  if (condition._tag !== "Compare") {
    return condition._tag === "And"
      ? condition.parts.every((p) => matches(p, record))
      : condition.parts.some((p) => matches(p, record))
  }
  const c = compare(record[condition.field], condition.literal)
  if (c === undefined) return condition.op === "!=" && condition.literal._tag === "Null"
  switch (condition.op) {
    case "=":
      return c === 0
    case "!=":
      return c !== 0
    case "<":
      return c < 0
    case "<=":
      return c <= 0
    case ">":
      return c > 0
    default:
      return c >= 0
  }
}

export const fieldsOf = (condition: Condition | undefined): Array<string> =>
  condition === undefined
    ? []
    : condition._tag === "Compare"
      ? [condition.field]
      : condition.parts.flatMap(fieldsOf)

export const order =
  (orderBy: Query["orderBy"]) =>
  (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): number => {
    for (const { field, descending } of orderBy) {
      const x = a[field]
      const y = b[field]
      let c = 0
      // nulls first in ascending order (Salesforce's default NULLS FIRST)
      if (x === null || x === undefined) c = y === null || y === undefined ? 0 : -1
      else if (y === null || y === undefined) c = 1
      else if (
        typeof x === "string" &&
        typeof y === "string" &&
        !Number.isNaN(Date.parse(x)) &&
        /^\d{4}-/.test(x)
      ) {
        c = Math.sign(Date.parse(x) - Date.parse(y))
      } else c = x < y ? -1 : x > y ? 1 : 0
      if (c !== 0) return descending ? -c : c
    }
    return 0
  }
