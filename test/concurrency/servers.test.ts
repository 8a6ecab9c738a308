/**
 * One client shared by concurrent requests of a `Deno.serve` and a `Bun.serve` server (one
 * process, clients created at module scope), against the emulator over HTTP: the same suite as
 * the Worker (suite.ts). These runtimes do not isolate requests from each other, so nothing here
 * was broken; the suite keeps it that way.
 */
import { launchServer } from "./app/launch-server.ts"
import { concurrencySuite } from "./suite.ts"

concurrencySuite("Deno.serve: module-scope clients, concurrent requests", (emulatorUrl, clients) => launchServer("deno", emulatorUrl, clients))
concurrencySuite("Bun.serve: module-scope clients, concurrent requests", (emulatorUrl, clients) => launchServer("bun", emulatorUrl, clients))
