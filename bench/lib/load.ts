/**
 * A small HTTP load generator (Node's global `fetch`, keep-alive), run as its own process so the server
 * under test keeps a core to itself: `node bench/lib/load.ts <url> <seconds> <connections> [body]`.
 * Sends POSTs with `body` (default a 60-byte JSON object) for `seconds`, then prints one JSON line
 * `{ requests, errors, seconds, rps }`. Bounded: it stops by itself after `seconds`.
 */
const [url = "", secondsArg = "5", connectionsArg = "16", bodyArg] = process.argv.slice(2)
const seconds = Number(secondsArg)
const connections = Number(connectionsArg)
const body = bodyArg ?? JSON.stringify({ To_Account: ["alice", "bob"], MsgRandom: 12345 })
let requests = 0
let errors = 0
const deadline = performance.now() + seconds * 1000

const worker = async (): Promise<void> => {
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })
      await res.text()
      if (res.status === 200) requests++
      else errors++
    } catch {
      errors++
    }
  }
}

const t0 = performance.now()
await Promise.all(Array.from({ length: connections }, worker))
const elapsed = (performance.now() - t0) / 1000
console.log(JSON.stringify({ requests, errors, seconds: elapsed, rps: requests / elapsed }))
