/**
 * The app (../app/app.ts) as a Worker: its clients are created at module scope, from bindings
 * read through the `env` import (`EMULATOR_URL`, and `CLIENTS`: name → extra client options).
 * Bundled by esbuild and served by `workerd serve` (launch.ts).
 */
import { env } from "cloudflare:workers"
import { makeApp } from "../app/app.ts"

const bindings = env as { readonly EMULATOR_URL: string; readonly CLIENTS: string }

export default makeApp(bindings.EMULATOR_URL, bindings.CLIENTS)
