/**
 * One client created at module scope in a Worker serves any number of concurrent requests.
 *
 * The user's setup, exactly: the app Worker (workerd/app-worker.ts) bundled by esbuild and
 * served by `workerd serve`, its clients created once at module scope, each request calling the
 * client against the emulator served over HTTP. Before the fix, 27 of 30 concurrent requests
 * were cancelled by workerd ("your Worker's code had hung"): a request's call was sent, timed or
 * woken by another request, which Workers forbids (docs/client.md, "On Workers"). The suite
 * (suite.ts) runs with the default compatibility flags, and its coalescing waves again without
 * Node compatibility (Effect then schedules with `setTimeout` instead of `setImmediate`).
 */
import { concurrencySuite } from "./suite.ts"
import { launchAppWorker } from "./workerd/launch.ts"

concurrencySuite("workerd (default compatibility flags): module-scope clients, concurrent requests", (emulatorUrl, clients) =>
  launchAppWorker({ emulatorUrl, clients }))

concurrencySuite(
  "workerd (no_nodejs_compat): module-scope clients, concurrent requests",
  (emulatorUrl, clients) => launchAppWorker({ emulatorUrl, clients, compatibilityFlags: ["no_nodejs_compat", "no_nodejs_compat_v2"] }),
  "coalescing",
)
