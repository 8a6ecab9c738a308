/**
 * The app (app.ts) on `Deno.serve`, one process, clients at module scope. Configuration from
 * `APP_CONFIG` (JSON: `{ emulatorUrl, clients }`); prints `{"port":N}` once listening.
 *
 *   deno run --allow-env=APP_CONFIG --allow-net=127.0.0.1 test/concurrency/app/deno-server.ts
 */
import { makeApp } from "./app.ts"

declare const Deno: {
  env: { get(name: string): string | undefined }
  serve(
    options: { port: number; hostname: string; onListen: (addr: { port: number }) => void },
    handler: (request: Request) => Promise<Response>,
  ): unknown
}

const config = JSON.parse(Deno.env.get("APP_CONFIG")!) as { emulatorUrl: string; clients: object }
const app = makeApp(config.emulatorUrl, JSON.stringify(config.clients))
Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(JSON.stringify({ port })) }, app.fetch)
