/**
 * The emulator in a process of its own for the fleet tests: `node emulator-main.ts '<options>'`
 * (JSON `EmulatorOptions`), served on a free loopback port; prints `{"url": ...}` once listening
 * and exits when stdin closes. The tests read its request log through the inspection API.
 */
import { createEmulator } from "../../../src/emulator/mod.ts"
import type { EmulatorOptions } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"

const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions
const server = await serve(createEmulator(options))
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`)
process.stdin.resume()
process.stdin.on("end", () => {
  void server.close().then(() => process.exit(0))
})
