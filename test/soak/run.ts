/**
 * The full fault soak, run by hand (bounded in count and time; exits 1 if an invariant breaks):
 *
 *   node_modules/.bin/node test/soak/run.ts                       # 100,000 ops, 50 pushes, seed 1
 *   node_modules/.bin/node test/soak/run.ts --ops 100000 --pushes 50 --seed 7 --accounts 2000
 *
 * Options: --ops, --pushes, --accounts, --seed, --fault-rate (0..1), --timeout (ms),
 * --delay (ms), --retries. See test/soak/soak.ts for what it checks.
 */
import { renderSoak } from "./report.ts"
import { defaultSoakOptions, runSoak } from "./soak.ts"
import type { SoakOptions } from "./soak.ts"

const flags: Record<string, keyof SoakOptions> = {
  "--ops": "ops",
  "--pushes": "pushes",
  "--accounts": "accounts",
  "--seed": "seed",
  "--fault-rate": "faultRate",
  "--timeout": "timeoutMs",
  "--delay": "delayMs",
  "--retries": "retries",
}

const options: Record<string, unknown> = { ...defaultSoakOptions }
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++) {
  const key = flags[argv[i]!]
  const value = Number(argv[i + 1])
  if (key === undefined || !Number.isFinite(value) || value < 0) {
    console.error(`usage: node test/soak/run.ts [${Object.keys(flags).map((f) => `${f} N`).join("] [")}]`)
    process.exit(2)
  }
  options[key] = value
  i++
}
const o = options as unknown as SoakOptions
if (o.delayMs <= o.timeoutMs) {
  console.error("--delay must be longer than --timeout (a delay fault is a request the client gives up on)")
  process.exit(2)
}

console.log(`node test/soak/run.ts --ops ${o.ops} --pushes ${o.pushes} --accounts ${o.accounts} --seed ${o.seed}`)
const report = await runSoak({ ...o, progress: (line) => console.log(`  ... ${line}`) })
console.log("")
console.log(renderSoak(report))
process.exitCode = report.violations.length === 0 ? 0 : 1
