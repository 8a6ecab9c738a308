/**
 * Memory of the served emulator (node:http bridge) under oversized request bodies, measured in
 * the server's own process (/proc/<pid>/status: VmRSS now, VmHWM the peak), the load sent from
 * this process over loopback. Each scenario reports what the sender got back, how much of the
 * body it managed to send before the answer, and the server's peak RSS against its idle RSS.
 *
 * Scenarios (from issue 9 item 8, where the old bridge went from 0.4 to 1.3 GB and stayed, and
 * peaked at 3.5 GB with an HTTP 500 for the 600 MB body):
 *   1. 8 concurrent 100 MB bodies to a REST path with no query string at all;
 *   2. one 600 MB body with a declared Content-Length, to a valid URL;
 *   3. 8 concurrent 100 MB chunked bodies (no length) to a valid URL.
 *
 * Run by hand (Linux; prints figures, asserts nothing):
 *   node_modules/.bin/node bench/emulator-body-limit.ts
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { connect } from "node:net"
import { fileURLToPath } from "node:url"

const MB = 1024 * 1024
const child = spawn(process.execPath, [fileURLToPath(new URL("./lib/emulator-server.ts", import.meta.url))], {
  stdio: ["ignore", "pipe", "inherit"],
})
const { url, query } = await new Promise<{ url: string; query: string }>((resolve) => {
  let out = ""
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString()
    if (out.includes("\n")) resolve(JSON.parse(out))
  })
})
const port = Number(new URL(url).port)

const mem = () => {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8")
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)![1]) / 1024
  return { rss: kb("VmRSS"), peak: kb("VmHWM") }
}
const resetPeak = () => {
  try {
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    spawn("sh", ["-c", `echo 5 > /proc/${child.pid}/clear_refs`]).on("error", () => {})
  } catch {}
}

/** Sends `head` then up to `bytes` of body (chunked when `chunked`); resolves the status line and bytes sent. */
const send = (head: string, bytes: number, chunked: boolean) =>
  new Promise<{ status: string; sent: number }>((resolve) => {
    const socket = connect(port, "127.0.0.1")
    const block = Buffer.alloc(256 * 1024, 0x20)
    const framed = chunked ? Buffer.concat([Buffer.from(`${block.length.toString(16)}\r\n`), block, Buffer.from("\r\n")]) : block
    let sent = 0
    let answer = ""
    let done = false
    const finish = (status: string) => {
      if (done) return
      done = true
      socket.destroy()
      resolve({ status, sent })
    }
    const pump = () => {
      while (!done && sent < bytes) {
        sent += block.length
        if (!socket.write(framed)) return void socket.once("drain", pump)
      }
    }
    socket.on("data", (d) => {
      answer += d.toString("latin1")
      if (answer.includes("\r\n")) finish(answer.slice(0, answer.indexOf("\r\n")))
    })
    socket.on("error", (e) => finish(`socket error ${(e as NodeJS.ErrnoException).code}`))
    socket.on("close", () => finish(answer === "" ? "closed without an answer" : answer))
    socket.write(head)
    pump()
  })

const scenario = async (name: string, heads: ReadonlyArray<string>, bytes: number, chunked: boolean) => {
  await new Promise((r) => setTimeout(r, 500))
  resetPeak()
  await new Promise((r) => setTimeout(r, 200))
  const before = mem()
  const t0 = performance.now()
  const results = await Promise.all(heads.map((h) => send(h, bytes, chunked)))
  const ms = performance.now() - t0
  await new Promise((r) => setTimeout(r, 300))
  const after = mem()
  const statuses = [...new Set(results.map((r) => r.status))].join(", ")
  const sent = results.reduce((n, r) => n + r.sent, 0) / MB
  console.log(
    `${name}: ${heads.length} × ${bytes / MB} MB → ${statuses}; sent ${sent.toFixed(1)} MB before the answers, ${ms.toFixed(0)} ms; ` +
      `server RSS ${before.rss.toFixed(0)} MB before, peak ${after.peak.toFixed(0)} MB, ${after.rss.toFixed(0)} MB after`,
  )
}

try {
  const path = (q: boolean) => `/v4/timpush/push${q ? `?${query}` : ""}`
  console.log(`idle server RSS ${mem().rss.toFixed(0)} MB`)
  await scenario(
    "no query string",
    Array.from({ length: 8 }, () => `POST ${path(false)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${100 * MB}\r\n\r\n`),
    100 * MB,
    false,
  )
  await scenario(
    "declared 600 MB",
    [`POST ${path(true)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${600 * MB}\r\n\r\n`],
    600 * MB,
    false,
  )
  await scenario(
    "chunked, valid URL",
    Array.from({ length: 8 }, () => `POST ${path(true)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`),
    100 * MB,
    true,
  )
  const ok = await fetch(`${url}/v4/timpush/get_tag?${query}`, { method: "POST", body: '{"To_Account":[]}' })
  console.log(`afterwards a normal call answers ErrorCode ${(await ok.json() as { ErrorCode: number }).ErrorCode}; server RSS ${mem().rss.toFixed(0)} MB`)
} finally {
  child.kill("SIGTERM")
}
