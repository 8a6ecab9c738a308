/**
 * The emulator served by the node:http bridge in its own process, for benches that measure it
 * from outside: `node bench/lib/emulator-server.ts`; prints one JSON line `{ url, query }` (the
 * base URL and a valid admin query string), then serves until killed.
 */
import { createEmulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"
import { genUserSig } from "../../src/usersig/mod.ts"

const app = { sdkAppId: 1400000000, secretKey: "bench-secret", admins: ["administrator"] }
const em = createEmulator({ apps: [app], limits: { rates: { get_tag: false, push: false } } })
const served = await serve(em)
const usersig = genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId: "administrator" })
console.log(JSON.stringify({ url: served.url, query: `sdkappid=${app.sdkAppId}&identifier=administrator&usersig=${usersig}&random=1&contenttype=json` }))
process.on("SIGTERM", () => process.exit(0))
