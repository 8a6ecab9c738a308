/**
 * The user's reproduction as a command: the app Worker (module-scope client) in workerd, the
 * emulator over HTTP, N concurrent `addUserTags` requests per wave; prints how many requests
 * failed (not answered 200 with the call's result) and the first failures.
 *
 *   node_modules/.bin/node test/concurrency/workerd/hammer.ts [concurrent=30] [clientOptions={}] [waves=1]
 *   node_modules/.bin/node test/concurrency/workerd/hammer.ts 30 '{"coalesce":false,"rateLimits":false}'
 */
import { createEmulator } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"
import { launchAppWorker } from "./launch.ts"

const n = Number(process.argv[2] ?? 30)
const options = JSON.parse(process.argv[3] ?? "{}") as Record<string, unknown>
const waves = Number(process.argv[4] ?? 1)
const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", admins: ["administrator"] }] })
const server = await serve(em)
const app = await launchAppWorker({ emulatorUrl: server.url, clients: { main: options } })
try {
  for (let w = 0; w < waves; w++) {
    const answers = await Promise.all(Array.from({ length: n }, async (_, i) => {
      const res = await fetch(`${app.url}/tag?client=main&user=user${i}`)
      return { status: res.status, text: await res.text() }
    }))
    const failed = answers.filter((a) => a.status !== 200 || !a.text.startsWith('{"ok":true'))
    console.log(`wave ${w + 1}: ${n} concurrent requests, client options ${JSON.stringify(options)}: ${failed.length} failed`)
    for (const f of failed.slice(0, 2)) console.log(`  ${f.status} ${f.text.slice(0, 160)}`)
  }
  const hung = app.log().split("\n").filter((l) => l.includes("had hung")).length
  console.log(`requests the emulator received: ${em.countRequests()}; workerd reported ${hung} hung requests`)
} finally {
  await app.stop()
  await server.close()
}
