/**
 * One server for bench/node-bridge.ts, in its own process:
 * `node bench/lib/bridge-server.ts <minimal|bridge|bridge-platform|emulator>`; prints its URL on
 * stdout and serves until killed.
 * - minimal: a hand-written node:http server that reads the body and echoes it as JSON;
 * - bridge: the same trivial echo as a `fetch(Request)` handler behind src/node/serve.ts;
 * - bridge-platform: the same with `fastResponse: false` (every answer an undici `Response`,
 *   read through its body stream);
 * - emulator: the emulator behind the bridge (a REST call answered 70002: URL + auth checks).
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { createEmulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"

const kind = process.argv[2] ?? "minimal"
if (kind === "minimal") {
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const body = Buffer.concat(chunks)
      res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) })
      res.end(body)
    })
  })
  server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`))
} else if (kind === "bridge" || kind === "bridge-platform") {
  const served = await serve(
    { fetch: async (request: Request) => new Response(await request.text(), { headers: { "content-type": "application/json" } }) },
    { fastResponse: kind === "bridge" },
  )
  console.log(`${served.url}/`)
} else {
  const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "k", admins: ["administrator"] }] })
  const served = await serve(em)
  console.log(`${served.url}/v4/timpush/get_tag?sdkappid=1400000000&identifier=administrator&usersig=&random=1&contenttype=json`)
}

// CPU time used so far, for the parent's per-request figures (over the IPC channel, if any).
process.on("message", () => process.send?.(process.cpuUsage()))
// Exit normally on SIGTERM (so `--cpu-prof` can write its profile).
process.on("SIGTERM", () => process.exit(0))
