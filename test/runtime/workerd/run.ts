/**
 * Bundles the conformance suites for workerd (esbuild; `node:*` stays external so that a Node
 * import would fail at load time in the no-compat run rather than be polyfilled) and runs
 * `workerd test config.capnp <service>` for each requested mode.
 *
 *   node test/runtime/workerd/run.ts                      # both modes
 *   node test/runtime/workerd/run.ts no-nodejs-compat     # one mode
 *
 * The worker prints PASS/FAIL per test and `N passed, N failed`, and throws (so workerd exits 1)
 * on any failure or when no test ran. workerd's own `debug: [ TEST ]` / `debug: [ PASS ]` lines
 * are left out of a passing run (they read like log noise); a failing run prints everything.
 */
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const modes = ["default", "no-nodejs-compat"] as const
type Mode = (typeof modes)[number]

const requested = process.argv.slice(2)
for (const m of requested) {
  if (!(modes as ReadonlyArray<string>).includes(m)) {
    console.error(`unknown mode ${m}; expected one of ${modes.join(", ")}`)
    process.exit(2)
  }
}
const selected = (requested.length > 0 ? requested : modes) as ReadonlyArray<Mode>

await build({
  absWorkingDir: root,
  entryPoints: ["test/runtime/workerd/worker.ts"],
  outfile: ".tmp/workerd/conformance.js",
  bundle: true,
  format: "esm",
  platform: "browser",
  conditions: ["workerd", "worker", "browser"],
  external: ["node:*"],
  target: "es2022",
  logLevel: "warning",
})

const workerd = `${root}node_modules/.bin/workerd`
let failed = 0
for (const mode of selected) {
  console.log(`--- workerd test (${mode})`)
  const r = spawnSync(workerd, ["test", "test/runtime/workerd/config.capnp", mode], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  })
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`
  if (r.status !== 0) {
    failed++
    process.stdout.write(output)
    console.log(`workerd (${mode}) exited with ${r.status ?? r.signal}`)
  } else {
    const kept = output.split("\n").filter((l) => !/^workerd\/\S+: debug: \[ (?:TEST|PASS) \] /.test(l))
    process.stdout.write(kept.join("\n"))
  }
}
process.exit(failed === 0 ? 0 : 1)
