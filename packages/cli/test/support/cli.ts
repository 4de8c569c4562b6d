// Runs the real `cxkit` executable (src/bin.ts) with the project's Node, asynchronously, so mock
// servers in the test process keep answering while it runs.
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

export const bin = fileURLToPath(new URL("../../src/bin.ts", import.meta.url))

export interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface Running {
  readonly child: ChildProcess
  /** Resolves with the first stderr line matching `pattern`. */
  readonly waitFor: (pattern: RegExp) => Promise<string>
  readonly done: Promise<Finished>
}

export const start = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> }
): Running => {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    // Only what the test gives: no variable of the machine leaks into what is checked.
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = []
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk
    for (const waiter of [...waiters]) {
      const line = stderr.split("\n").find((l) => waiter.pattern.test(l))
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  const done = new Promise<Finished>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
  )
  return {
    child,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        done.then(() => reject(new Error(`cxkit ended before printing ${pattern}:\n${stderr}`)))
      }),
    done
  }
}

export const run = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string>> }
): Promise<Finished> => start(args, options).done
