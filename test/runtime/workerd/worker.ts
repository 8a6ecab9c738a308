/**
 * workerd entry for the conformance suites. Bundled by esbuild (test/runtime/workerd/run.ts,
 * `node:*` left external) and run with `workerd test config.capnp <service>`, once per service:
 * `default` (default compatibility flags, which include Node compatibility) and
 * `no-nodejs-compat` (`no_nodejs_compat` + `no_nodejs_compat_v2`: no Node globals and no
 * `node:*` modules at all). Before running the suites, the second mode proves the flags took
 * effect, so a passing run there really means "no Node polyfill needed".
 */
import { run, runOk } from "../../conformance/harness.ts"
import { suites } from "../../conformance/index.ts"

interface Env {
  readonly MODE: "default" | "no-nodejs-compat"
}

const nodeBufferImportable = async (): Promise<boolean> => {
  const specifier = "node:buffer"
  try {
    await import(specifier)
    return true
  } catch {
    return false
  }
}

export default {
  async test(_controller: unknown, env: Env): Promise<void> {
    const g = globalThis as { process?: unknown; Buffer?: unknown; navigator?: { userAgent?: string } }
    const nodeModules = await nodeBufferImportable()
    console.log(
      `workerd (${g.navigator?.userAgent ?? "?"}), mode ${env.MODE}: ` +
        `process ${typeof g.process}, Buffer ${typeof g.Buffer}, node:buffer ${nodeModules ? "importable" : "absent"}`,
    )
    if (env.MODE === "no-nodejs-compat" && (g.process !== undefined || g.Buffer !== undefined || nodeModules)) {
      throw new Error("Node compatibility is still on: process, Buffer or node:buffer is available")
    }
    const result = await run(suites)
    if (!runOk(result)) throw new Error(`conformance failed in workerd (${env.MODE})`)
  },
}
