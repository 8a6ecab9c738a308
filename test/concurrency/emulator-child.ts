/**
 * An emulator in its own process, served by the node:http bridge (src/node/serve.ts) on a free
 * loopback port: the server's door, with an event loop of its own, where limits are measured.
 * Options come from `EMULATOR_OPTIONS` (JSON `EmulatorOptions`); prints `{"port":N}` once it
 * listens. Started and stopped by emulator-process.ts.
 */
import { createEmulator } from "../../src/emulator/mod.ts"
import type { EmulatorOptions } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"

const em = createEmulator(JSON.parse(process.env["EMULATOR_OPTIONS"]!) as EmulatorOptions)
const server = await serve(em)
console.log(JSON.stringify({ port: server.port }))
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)))
