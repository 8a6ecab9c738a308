/**
 * The emulator as a Worker, created once at module scope with callbacks driven by requests
 * (`drive: "request"`): each request's deliveries run inside its own `ctx.waitUntil`. Bindings
 * (read through the `env` import): `SECRET` (the app's key), `RECEIVER_URL` (where callbacks go),
 * `TOKEN` (the callback token). Bundled by esbuild and served by `workerd serve` (launch.ts).
 */
import { env } from "cloudflare:workers"
import { createEmulator } from "../../../src/emulator/mod.ts"

const bindings = env as { readonly SECRET: string; readonly RECEIVER_URL: string; readonly TOKEN: string }

const em = createEmulator({
  apps: [{ sdkAppId: 1400000000, secretKey: bindings.SECRET, admins: ["administrator"] }],
  // Pushes back to back, stages a few tens of ms apart: a wave of pushes has every stage due
  // within the requests' wait.
  limits: { pushIntervalMs: 0, dailyPushQuota: 1_000 },
  callbacks: { url: bindings.RECEIVER_URL, token: bindings.TOKEN, drive: "request", batchSize: 20, concurrency: 4 },
  pushSimulation: { seed: 11, stageDelaysMs: [20, 60, 120] },
})

export default {
  fetch: (request: Request, workerEnv: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) => em.fetch(request, workerEnv, ctx),
}
