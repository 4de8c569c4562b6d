/**
 * `@cxkit/cli`: the `cxkit` command. Sources in a config file (`Config`), loaded as plugins
 * (`Plugin`), synced into the warehouse and reported on (`Cli`); `--json` output as Schemas
 * (`JsonOutput`); one error with exit codes (`CliError`).
 *
 * @since 0.2.0
 */

/** @since 0.2.0 */
export * as Cli from "./Cli.ts"
/** @since 0.2.0 */
export * as CliError from "./CliError.ts"
/** @since 0.2.0 */
export * as Config from "./Config.ts"
/** @since 0.2.0 */
export * as JsonOutput from "./JsonOutput.ts"
/** @since 0.2.0 */
export * as Plugin from "./Plugin.ts"
