/**
 * The CLI's CSV reader (packages/cli/src/import/records.ts over csv-scan.ts: RFC 4180 quotes,
 * line-exact error recovery, the UTF-8 guard, line numbers) against a floor measured in the same
 * run: a naive reader over the same file that splits lines on LF and fields on commas, with no
 * quotes, checks or line numbers (what a quick script would do; it cannot read quoted commas).
 *
 * Run by hand (prints figures, asserts nothing):
 *   node_modules/.bin/node --conditions=@tencent-chat-push/source bench/csv-read.ts [rows=300000] [runs=3]
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { readCsv } from "../packages/cli/src/import/records.ts"

const [rowsArg, runsArg] = process.argv.slice(2)
const ROWS = Number(rowsArg ?? 300_000)
const RUNS = Number(runsArg ?? 3)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-csv-"))
const file = path.join(dir, "users.csv")

// Account rows as the import reads them; one in 20 has a quoted nick with a comma.
const out = fs.openSync(file, "w")
fs.writeSync(out, "userId,nick,faceUrl\n")
let chunk = ""
for (let i = 0; i < ROWS; i++) {
  chunk += i % 20 === 0 ? `user${i},"Nick, ${i}",https://cdn.example.com/u/${i}.png\n` : `user${i},Nick ${i},https://cdn.example.com/u/${i}.png\n`
  if (chunk.length > 1 << 20) {
    fs.writeSync(out, chunk)
    chunk = ""
  }
}
fs.writeSync(out, chunk)
fs.closeSync(out)
const bytes = fs.statSync(file).size

const open = () => fs.createReadStream(file, { highWaterMark: 256 * 1024 })

const cli = async (): Promise<number> => {
  let n = 0
  for await (const r of readCsv(open(), () => {})) if (r.type === "csv") n++
  return n
}

const naive = async (): Promise<number> => {
  let n = -1 // the header
  let rest = ""
  for await (const c of open()) {
    const lines = (rest + (c as Buffer).toString("utf8")).split("\n")
    rest = lines.pop()!
    for (const l of lines) if (l.split(",").length > 0) n++
  }
  return n
}

const time = async (f: () => Promise<number>) => {
  const t = performance.now()
  const n = await f()
  return { n, s: (performance.now() - t) / 1000 }
}

console.log(`CSV read: ${ROWS.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB, ${RUNS} runs each (alternating), load average ${os.loadavg()[0]!.toFixed(1)}`)
const cliTimes: number[] = []
const naiveTimes: number[] = []
for (let r = 0; r < RUNS; r++) {
  const a = await time(cli)
  const b = await time(naive)
  if (a.n !== ROWS) throw new Error(`the CLI reader read ${a.n} rows, expected ${ROWS}`)
  cliTimes.push(a.s)
  naiveTimes.push(b.s)
}
const best = (xs: number[]) => Math.min(...xs)
const rate = (s: number) => Math.round(ROWS / s).toLocaleString("en-US")
console.log(`| reader | best of ${RUNS} | rows/s |`)
console.log("| --- | --- | --- |")
console.log(`| CLI readCsv (quotes, recovery, UTF-8 guard, line numbers) | ${best(cliTimes).toFixed(2)} s | ${rate(best(cliTimes))} |`)
console.log(`| floor: split on LF and "," (no quotes, no checks) | ${best(naiveTimes).toFixed(2)} s | ${rate(best(naiveTimes))} |`)
console.log(`ratio CLI / floor (time): ${(best(cliTimes) / best(naiveTimes)).toFixed(2)}x`)
fs.rmSync(dir, { recursive: true, force: true })
