/**
 * An emulator in its own process, served by the node:http bridge (src/node/serve.ts) on a free
 * loopback port: the server's door, with an event loop of its own, where limits are measured.
 * Options come from `EMULATOR_OPTIONS` (JSON `EmulatorOptions`); `EMULATOR_LATENCY_MS` delays
 * each API request that long before it reaches the emulator (a long way to the server: arrival
 * is stamped after the delay). Prints `{"port":N}` once it listens. Started and stopped by
 * emulator-process.ts.
 */
import { createEmulator } from "../../src/emulator/mod.ts"
import type { EmulatorOptions } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"

const em = createEmulator(JSON.parse(process.env["EMULATOR_OPTIONS"]!) as EmulatorOptions)
const latency = Number(process.env["EMULATOR_LATENCY_MS"] ?? 0)
const delayed = async (request: Request): Promise<Response> => {
  if (!new URL(request.url).pathname.startsWith("/__emulator")) await new Promise((r) => setTimeout(r, latency))
  return em.fetch(request)
}
const server = await serve(latency > 0 ? { fetch: delayed } : em)
console.log(JSON.stringify({ port: server.port }))
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)))
