/**
 * UserSig benchmark (run by hand, prints figures; no assertions):
 *
 *   node_modules/.bin/node bench/usersig.ts            # or: npm exec -- node bench/usersig.ts
 *
 * Contenders run in interleaved rounds in one process (A B C A B C ...) so load spikes hit all of
 * them alike; each figure is the median over rounds, and each ratio the median of per-round ratios.
 * Throughput is counted per second of this process's CPU time (process.cpuUsage), which other
 * processes on a busy machine do not inflate; wall-clock ops/s are printed alongside.
 *
 * - mint: `createSigner(...).genUserSig` vs the official npm package `tls-sig-api-v2` 1.0.2
 *   (`new Api(...).genUserSig`, node:crypto + node:zlib level 6), both reading the clock per token.
 *   Also: our one-shot `genUserSig`, our signer at level 6, and the "naive port" the issue
 *   describes (noble `hmac()` per call + fflate `zlibSync` level 6).
 * - verify: there is no official verify in Node, so `verifyUserSig` / `signer.verify` are compared
 *   with two peers: a naive pure-JS decode+verify (base64 via atob, fflate `unzlibSync`,
 *   JSON.parse, noble `hmac()` per call, string compare), and a native floor (Buffer base64,
 *   node:zlib `inflateSync`, JSON.parse, node:crypto `createHmac` per call, `timingSafeEqual`), on
 *   our level-0 tokens and on the official package's tokens. Run it under Bun too: node:zlib and
 *   node:crypto are Bun's native ones there.
 * - reject: what a hostile token costs against a short bad one: a zlib bomb (small, and as long as
 *   a token may be) vs a token of normal length with corrupt deflate data, and a forged token
 *   (wrong key). Target: a bomb within 10× of the short bad token.
 *
 *   bun bench/usersig.ts
 */
import { hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"
import { unzlibSync, zlibSync } from "fflate"
import { createHmac, timingSafeEqual } from "node:crypto"
import { createRequire } from "node:module"
import { cpus, loadavg } from "node:os"
import { deflateSync, inflateSync } from "node:zlib"
import { createSigner, genUserSig, verifyUserSig } from "../src/usersig/mod.ts"
import { MAX_INFLATED_BYTES } from "../src/usersig/zlib.ts"

// The package.json names two "main" files; Node takes the last, Bun the first (which is missing).
const require = createRequire(import.meta.url)
const { Api } = require("tls-sig-api-v2/TLSSigAPIv2.js") as { Api: new (sdkappid: number, key: string) => { genUserSig(id: string, expire: number): string } }

const SDKAPPID = 1400000000
const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
const EXPIRE = 86400
const ROUNDS = Number(process.env["ROUNDS"] ?? 9)
const ROUND_MS = Number(process.env["ROUND_MS"] ?? 300)
const ids = Array.from({ length: 1024 }, (_, i) => `user_${i}`)

// --- the naive port: what a straightforward translation of the official package looks like ---
const utf8 = new TextEncoder()
const keyBytes = utf8.encode(KEY)
const b64 = (b: Uint8Array): string => {
  let s = ""
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!)
  return btoa(s)
}
const naiveGen = (userId: string, expire: number): string => {
  const time = Math.floor(Date.now() / 1000)
  const content = `TLS.identifier:${userId}\nTLS.sdkappid:${SDKAPPID}\nTLS.time:${time}\nTLS.expire:${expire}\n`
  const sig = b64(hmac(sha256, keyBytes, utf8.encode(content)))
  const doc = JSON.stringify({ "TLS.ver": "2.0", "TLS.identifier": userId, "TLS.sdkappid": SDKAPPID, "TLS.time": time, "TLS.expire": expire, "TLS.sig": sig })
  return b64(zlibSync(utf8.encode(doc), { level: 6 })).replace(/[+/=]/g, (c) => (c === "+" ? "*" : c === "/" ? "-" : "_"))
}
const naiveVerify = (token: string): void => {
  const bin = atob(token.replace(/[*\-_]/g, (c) => (c === "*" ? "+" : c === "-" ? "/" : "=")))
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0))
  const doc = JSON.parse(new TextDecoder().decode(unzlibSync(bytes))) as Record<string, string | number>
  const content = `TLS.identifier:${doc["TLS.identifier"]}\nTLS.sdkappid:${doc["TLS.sdkappid"]}\nTLS.time:${doc["TLS.time"]}\nTLS.expire:${doc["TLS.expire"]}\n`
  if (b64(hmac(sha256, keyBytes, utf8.encode(content))) !== doc["TLS.sig"]) throw new Error("sig")
  if (doc["TLS.sdkappid"] !== SDKAPPID) throw new Error("app")
}

// --- the native floor: what node:crypto + node:zlib (Bun's own under Bun) do for one verify ---
const fromToken = /[*\-_]/g
const standard = (c: string): string => (c === "*" ? "+" : c === "-" ? "/" : "=")
const nativeVerify = (token: string): void => {
  const doc = JSON.parse(inflateSync(Buffer.from(token.replace(fromToken, standard), "base64")).toString()) as Record<string, string | number>
  const content = `TLS.identifier:${doc["TLS.identifier"]}\nTLS.sdkappid:${doc["TLS.sdkappid"]}\nTLS.time:${doc["TLS.time"]}\nTLS.expire:${doc["TLS.expire"]}\n`
  const mac = createHmac("sha256", KEY).update(content).digest()
  const sig = Buffer.from(String(doc["TLS.sig"]), "base64")
  if (sig.length !== mac.length || !timingSafeEqual(mac, sig)) throw new Error("sig")
  if (doc["TLS.sdkappid"] !== SDKAPPID) throw new Error("app")
}

// --- harness ---
interface Case {
  readonly name: string
  readonly fn: (i: number) => unknown
}
let sink = 0
interface Sample {
  readonly cpu: number
  readonly wall: number
}
const measure = (fn: (i: number) => unknown): Sample => {
  let ops = 0
  const cpu0 = process.cpuUsage()
  const start = performance.now()
  let now = start
  while (now - start < ROUND_MS) {
    for (let k = 0; k < 200; k++, ops++) {
      const r = fn(ops)
      if (typeof r === "string") sink += r.length
    }
    now = performance.now()
  }
  const cpu = process.cpuUsage(cpu0)
  return { cpu: (ops / (cpu.user + cpu.system)) * 1e6, wall: (ops / (now - start)) * 1000 }
}
const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
/** Runs interleaved rounds and prints a table; returns the median CPU µs per op by case name. */
const runGroup = (title: string, cases: ReadonlyArray<Case>, baseline: string): Map<string, number> => {
  for (const c of cases) for (let i = 0; i < 2000; i++) c.fn(i) // warm-up (JIT)
  const samples = new Map(cases.map((c) => [c.name, [] as Array<Sample>]))
  for (let r = 0; r < ROUNDS; r++) for (const c of cases) samples.get(c.name)!.push(measure(c.fn))
  const base = samples.get(baseline)!
  console.log(`\n${title}  (${ROUNDS} rounds x ${ROUND_MS} ms each, medians)`)
  console.log(
    `${"".padEnd(46)}${"ops/cpu-s".padStart(11)}${"µs cpu/op".padStart(11)}${"ops/s wall".padStart(12)}${`x vs ${baseline.split(" ")[0]}`.padStart(14)}`,
  )
  const micros = new Map<string, number>()
  for (const c of cases) {
    const s = samples.get(c.name)!
    const ops = median(s.map((x) => x.cpu))
    const wall = median(s.map((x) => x.wall))
    const ratio = median(s.map((x, i) => x.cpu / base[i]!.cpu))
    micros.set(c.name, 1e6 / ops)
    console.log(
      `${c.name.padEnd(46)}${ops.toFixed(0).padStart(11)}${(1e6 / ops).toFixed(2).padStart(11)}${wall.toFixed(0).padStart(12)}${ratio.toFixed(2).padStart(14)}`,
    )
  }
  return micros
}
const runtime = typeof (globalThis as { Bun?: { version: string } }).Bun === "object"
  ? `Bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`
  : `Node ${process.version}`

// --- contenders ---
const official = new Api(SDKAPPID, KEY)
const signer = createSigner({ sdkAppId: SDKAPPID, secretKey: KEY })
const id = (i: number): string => ids[i & 1023]!

console.log(`${runtime}, ${cpus()[0]?.model ?? "?"} x${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)

runGroup(
  "mint a UserSig",
  [
    { name: "official tls-sig-api-v2 genUserSig", fn: (i) => official.genUserSig(id(i), EXPIRE) },
    { name: "createSigner().genUserSig (level 0, default)", fn: (i) => signer.genUserSig({ userId: id(i), expireSeconds: EXPIRE }) },
    { name: "genUserSig one-shot (level 0)", fn: (i) => genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, userId: id(i), expireSeconds: EXPIRE }) },
    { name: "createSigner().genUserSig level 6", fn: (i) => signer.genUserSig({ userId: id(i), expireSeconds: EXPIRE, compressionLevel: 6 }) },
    { name: "naive port (noble hmac + fflate level 6)", fn: (i) => naiveGen(id(i), EXPIRE) },
  ],
  "official tls-sig-api-v2 genUserSig",
)

const now = Math.floor(Date.now() / 1000)
const ours = ids.map((u) => signer.genUserSig({ userId: u, expireSeconds: EXPIRE, now }))
const theirs = ids.map((u) => official.genUserSig(u, EXPIRE))
const verify = runGroup(
  "verify a UserSig (no official verify exists in Node; baselines: naive pure-JS, and the native floor)",
  [
    { name: "naive decode+verify, our level-0 tokens", fn: (i) => naiveVerify(ours[i & 1023]!) },
    { name: "native floor (node:zlib + node:crypto), level 0", fn: (i) => nativeVerify(ours[i & 1023]!) },
    { name: "createSigner().verify, our level-0 tokens", fn: (i) => signer.verify(ours[i & 1023]!, { now }) },
    { name: "verifyUserSig one-shot, our level-0 tokens", fn: (i) => verifyUserSig(ours[i & 1023]!, { sdkAppId: SDKAPPID, secretKey: KEY, now }) },
    { name: "naive decode+verify, official level-6 tokens", fn: (i) => naiveVerify(theirs[i & 1023]!) },
    { name: "native floor, official level-6 tokens", fn: (i) => nativeVerify(theirs[i & 1023]!) },
    { name: "createSigner().verify, official level-6 tokens", fn: (i) => signer.verify(theirs[i & 1023]!) },
    { name: "verifyUserSig one-shot, official level-6 tokens", fn: (i) => verifyUserSig(theirs[i & 1023]!, { sdkAppId: SDKAPPID, secretKey: KEY }) },
  ],
  "naive decode+verify, our level-0 tokens",
)
const vs = (a: string, b: string): string => (verify.get(b)! / verify.get(a)!).toFixed(2)
console.log(`\nspeed-up (cost of the peer / ours; above 1 is faster than the peer), ${runtime}:`)
console.log(`  verifyUserSig one-shot vs native floor: level 0 ${vs("verifyUserSig one-shot, our level-0 tokens", "native floor (node:zlib + node:crypto), level 0")}×, official level 6 ${vs("verifyUserSig one-shot, official level-6 tokens", "native floor, official level-6 tokens")}×`)
console.log(`  createSigner().verify vs native floor:   level 0 ${vs("createSigner().verify, our level-0 tokens", "native floor (node:zlib + node:crypto), level 0")}×, official level 6 ${vs("createSigner().verify, official level-6 tokens", "native floor, official level-6 tokens")}×`)
console.log(`  verifyUserSig one-shot vs naive pure JS: level 0 ${vs("verifyUserSig one-shot, our level-0 tokens", "naive decode+verify, our level-0 tokens")}×, official level 6 ${vs("verifyUserSig one-shot, official level-6 tokens", "naive decode+verify, official level-6 tokens")}×`)
console.log(`  createSigner().verify vs naive pure JS:   level 0 ${vs("createSigner().verify, our level-0 tokens", "naive decode+verify, our level-0 tokens")}×`)

// --- rejects: a hostile token vs a short bad one ---
const toToken = (z: Uint8Array): string => b64(z).replace(/[+/=]/g, (c) => (c === "+" ? "*" : c === "/" ? "-" : "_"))
const good = signer.genUserSig({ userId: "administrator", now })
const goodBytes = Uint8Array.from(atob(good.replace(fromToken, standard)), (c) => c.charCodeAt(0))
const corrupt = goodBytes.slice()
corrupt.fill(0xff, 40, 48) // inside the stored block: the JSON breaks, then the Adler-32
const shortBad = toToken(corrupt)
const forged = createSigner({ sdkAppId: SDKAPPID, secretKey: "f".repeat(64) }).genUserSig({ userId: "administrator", now })
const smallBomb = toToken(deflateSync(new Uint8Array(1_000_000), { level: 9 })) // ~1 KiB of deflate, ~1 MB inflated
const longest = Math.ceil((MAX_INFLATED_BYTES + 16) / 3) * 4
const longBomb = toToken(deflateSync(new Uint8Array(200_000_000), { level: 9 }).subarray(0, (longest / 4) * 3 - 3))
const reject = (token: string) => () => {
  try {
    signer.verify(token, { now })
  } catch {
    return
  }
  throw new Error("accepted a bad token")
}
const rejects = runGroup(
  `reject a bad token (signer.verify); bombs: ${smallBomb.length} and ${longBomb.length} chars, normal tokens ${good.length}`,
  [
    { name: "short bad token (corrupt payload)", fn: reject(shortBad) },
    { name: "forged token (wrong key)", fn: reject(forged) },
    { name: "zlib bomb, ~1 KiB of deflate", fn: reject(smallBomb) },
    { name: "zlib bomb, as long as a token may be", fn: reject(longBomb) },
  ],
  "short bad token (corrupt payload)",
)
const cost = (name: string): string => (rejects.get(name)! / rejects.get("short bad token (corrupt payload)")!).toFixed(1)
console.log(`\na bomb costs ${cost("zlib bomb, ~1 KiB of deflate")}× (small) and ${cost("zlib bomb, as long as a token may be")}× (longest) a short bad token; a forged token ${cost("forged token (wrong key)")}× (target for bombs: within 10×), ${runtime}`)

const l0 = signer.genUserSig({ userId: "administrator", now })
const l6 = signer.genUserSig({ userId: "administrator", now, compressionLevel: 6 })
console.log(`\ntoken length for "administrator": level 0 ${l0.length} chars, level 6 ${l6.length} chars, official ${official.genUserSig("administrator", EXPIRE).length} chars`)
if (sink === 42) console.log("")
