/**
 * `@cxkit/cli`: the `cxkit` command. Sources in a config file (`Config`), loaded as plugins
 * (`Plugin`), synced into the warehouse and reported on (`Cli`); `--json` output as Schemas
 * (`JsonOutput`); one error with exit codes (`CliError`).
 *
 * @packageDocumentation
 * @since 0.1.0
 */

export * as Cli from "./Cli.ts"
export * as CliError from "./CliError.ts"
export * as Config from "./Config.ts"
export * as JsonOutput from "./JsonOutput.ts"
export * as Plugin from "./Plugin.ts"
