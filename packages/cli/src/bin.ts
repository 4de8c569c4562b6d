#!/usr/bin/env node
// The `cxkit` executable.
import { main } from "./Cli.ts"

main()
