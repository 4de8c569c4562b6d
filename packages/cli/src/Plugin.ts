/**
 * Connector plugins as the command line finds them: a plugin is a value exported by a package,
 * loaded by `import` (no registry). The first-party plugins are known by short names.
 *
 * @module
 * @since 0.1.0
 */
import { createRequire } from "node:module"
import { isAbsolute, join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { Connector, type Sync } from "@cxkit/connectors"
import type { Entity } from "@cxkit/core"
import { Effect, Schema } from "effect"
import * as CliError from "./CliError.ts"

/**
 * A loaded plugin: the connector and, when the package has one, its mapping to the core models
 * (what fills the warehouse's CX tables the report reads).
 *
 * @example
 * ```ts
 * import { Plugin } from "@cxkit/cli"
 * import { Effect } from "effect"
 *
 * const plugin = await Effect.runPromise(Plugin.load("zendesk"))
 * console.log(plugin.connector.id, plugin.mapping !== undefined) // zendesk true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Plugin {
  /** What the config names: a first-party name, a package, or a file path. */
  readonly name: string
  /** The module it was imported from. */
  readonly module: string
  readonly connector: Connector.Any
  /**
   * Builds the mapping step for one source from its decoded config: the module's
   * `<Name>Mapping.toCoreFor(config)` when it has one (a mapping the config steers, e.g. which
   * survey questions are CSAT), else its `toCore`.
   */
  readonly mapping: ((config: unknown) => Mapping) | undefined
}

/**
 * One mapping step: a record event of a sync to the core entities it stands for.
 *
 * @since 0.1.0
 * @category models
 */
export type Mapping = (event: Sync.RecordEventOf<Connector.Any>) => ReadonlyArray<Entity.Entity>

/**
 * The first-party plugins, by the short name a config may use for them.
 *
 * @example
 * ```ts
 * import { Plugin } from "@cxkit/cli"
 *
 * console.log(Object.keys(Plugin.firstParty)) // [ 'appstore', 'hubspot', 'intercom', 'qualtrics', 'reddit', 'trustpilot', 'typeform', 'x', 'zendesk' ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const firstParty: Readonly<
  Record<string, { readonly module: string; readonly load: () => Promise<unknown> }>
> = {
  appstore: { module: "@cxkit/connector-appstore", load: () => import("@cxkit/connector-appstore") },
  hubspot: { module: "@cxkit/connector-hubspot", load: () => import("@cxkit/connector-hubspot") },
  intercom: { module: "@cxkit/connector-intercom", load: () => import("@cxkit/connector-intercom") },
  qualtrics: { module: "@cxkit/connector-qualtrics", load: () => import("@cxkit/connector-qualtrics") },
  reddit: { module: "@cxkit/connector-reddit", load: () => import("@cxkit/connector-reddit") },
  trustpilot: { module: "@cxkit/connector-trustpilot", load: () => import("@cxkit/connector-trustpilot") },
  typeform: { module: "@cxkit/connector-typeform", load: () => import("@cxkit/connector-typeform") },
  x: { module: "@cxkit/connector-x", load: () => import("@cxkit/connector-x") },
  zendesk: { module: "@cxkit/connector-zendesk", load: () => import("@cxkit/connector-zendesk") }
}

/**
 * Whether a value is a connector (the shape `Connector.make` returns).
 *
 * @example
 * ```ts
 * import { Plugin } from "@cxkit/cli"
 * import { ZendeskConnector } from "@cxkit/connector-zendesk"
 *
 * console.log(Plugin.isConnector(ZendeskConnector.connector), Plugin.isConnector({ id: "z" })) // true false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isConnector = (u: unknown): u is Connector.Any => {
  if (typeof u !== "object" || u === null) return false
  const c = u as Record<string, unknown>
  return (
    typeof c.id === "string" &&
    typeof c.version === "string" &&
    Schema.isSchema(c.config) &&
    Array.isArray(c.streams) &&
    typeof c.check === "function" &&
    typeof c.layer === "function"
  )
}

/**
 * The connectors a module exports, each with its mapping: a namespace `<Name>Connector` holding
 * `connector` goes with `<Name>Mapping` (the first-party layout), a top-level `connector` with
 * the module's top-level `toCoreFor` / `toCore`.
 */
const connectorsOf = (
  exports: Record<string, unknown>
): Array<{ readonly connector: Connector.Any; readonly mapping: Plugin["mapping"] }> => {
  const found: Array<{ readonly connector: Connector.Any; readonly mapping: Plugin["mapping"] }> = []
  const mappingOf = (holder: unknown): Plugin["mapping"] => {
    if (typeof holder !== "object" || holder === null) return undefined
    const { toCore, toCoreFor } = holder as { toCore?: unknown; toCoreFor?: unknown }
    if (typeof toCoreFor === "function") return toCoreFor as (config: unknown) => Mapping
    return typeof toCore === "function" ? () => toCore as Mapping : undefined
  }
  if (isConnector(exports.connector))
    found.push({ connector: exports.connector, mapping: mappingOf(exports) })
  for (const [name, value] of Object.entries(exports)) {
    if (name === "connector" || typeof value !== "object" || value === null) continue
    const inner = (value as { connector?: unknown }).connector
    if (!isConnector(inner)) continue
    const mapping = name.endsWith("Connector") ? mappingOf(exports[`${name.slice(0, -9)}Mapping`]) : undefined
    found.push({ connector: inner, mapping })
  }
  return found
}

/**
 * Imports a non-first-party plugin: a path (relative to `from`) or a package name, resolved from
 * `from` first (where the config's project installs it), then from the command line itself.
 */
const importPlugin = async (name: string, from: string): Promise<{ module: string; exports: unknown }> => {
  if (name.startsWith(".") || isAbsolute(name)) {
    const file = resolve(from, name)
    return { module: file, exports: await import(pathToFileURL(file).href) }
  }
  let target = name
  try {
    target = pathToFileURL(createRequire(join(from, "cxkit.config.json")).resolve(name)).href
  } catch {
    // not resolvable from the project (or ESM-only): let `import` resolve it from here
  }
  return { module: name, exports: await import(target) }
}

/**
 * Loads the plugin a config names: a first-party name (`hubspot`, `zendesk`, `x`, `reddit`,
 * `appstore`, `trustpilot`, `typeform`, `qualtrics`, `intercom`), an npm package, or a module path relative to `from` (the config's folder). A
 * package exporting several connectors is narrowed with `<package>#<connector id>`. An unknown
 * name fails with reason `config`, listing the known ones.
 *
 * @example
 * ```ts
 * import { Plugin } from "@cxkit/cli"
 * import { Effect } from "effect"
 *
 * const error = await Effect.runPromise(Effect.flip(Plugin.load("hubspott")))
 * console.log(error.message.split(":")[0]) // connector "hubspott" is not first-party (appstore, hubspot, intercom, qualtrics, reddit, trustpilot, typeform, x, zendesk) and could not be loaded
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = (
  name: string,
  options: { readonly from?: string | undefined } = {}
): Effect.Effect<Plugin, CliError.CliError> =>
  Effect.tryPromise({
    try: async () => {
      const [spec = name, wanted] = name.split("#")
      const known = firstParty[spec]
      const loaded =
        known === undefined
          ? await importPlugin(spec, options.from ?? process.cwd())
          : { module: known.module, exports: await known.load() }
      const all = connectorsOf(loaded.exports as Record<string, unknown>)
      const candidates = wanted === undefined ? all : all.filter((c) => c.connector.id === wanted)
      const [only, ...more] = candidates
      if (only === undefined || more.length > 0) {
        throw new Error(
          only === undefined
            ? `module ${loaded.module} exports no connector${wanted === undefined ? "" : ` with id "${wanted}"`} (found: ${all.map((c) => c.connector.id).join(", ") || "none"})`
            : `module ${loaded.module} exports several connectors (${all.map((c) => c.connector.id).join(", ")}): name one as "${spec}#<id>"`
        )
      }
      return { name, module: loaded.module, connector: only.connector, mapping: only.mapping }
    },
    catch: (cause) => {
      const detail = cause instanceof Error ? cause.message : String(cause)
      return CliError.make(
        "config",
        firstParty[name.split("#")[0] ?? name] === undefined
          ? `connector "${name}" is not first-party (${Object.keys(firstParty).join(", ")}) and could not be loaded: ${detail}`
          : `connector "${name}": ${detail}`
      )
    }
  })

/**
 * A connector's config as a JSON Schema (draft 2020-12; `Connector.spec`), typed for reading
 * its fields: secret fields are `writeOnly`.
 *
 * @example
 * ```ts
 * import { Plugin } from "@cxkit/cli"
 * import { HubSpotConnector } from "@cxkit/connector-hubspot"
 *
 * const spec = Plugin.specOf(HubSpotConnector.connector)
 * console.log(spec.required, spec.properties?.accessToken?.writeOnly) // [ 'accessToken' ] true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const specOf = (
  connector: Connector.Any
): {
  readonly title: string
  readonly required?: ReadonlyArray<string>
  readonly properties?: Readonly<
    Record<string, { readonly type?: unknown; readonly writeOnly?: boolean; readonly anyOf?: unknown }>
  >
} & Record<string, unknown> => Connector.spec(connector) as never
