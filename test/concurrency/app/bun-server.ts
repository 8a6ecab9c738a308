/**
 * The app (app.ts) on `Bun.serve`, one process, clients at module scope. Configuration from
 * `APP_CONFIG` (JSON: `{ emulatorUrl, clients }`); prints `{"port":N}` once listening.
 *
 *   bun test/concurrency/app/bun-server.ts
 */
import { makeApp } from "./app.ts"

declare const Bun: {
  serve(options: { port: number; hostname: string; fetch: (request: Request) => Promise<Response> }): { port: number }
}

const config = JSON.parse(process.env["APP_CONFIG"]!) as { emulatorUrl: string; clients: object }
const app = makeApp(config.emulatorUrl, JSON.stringify(config.clients))
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch })
console.log(JSON.stringify({ port: server.port }))
