#!/usr/bin/env node
/**
 * `tencent-chat-push`, the command-line tool (Node only; nothing in src/ imports it).
 *
 * Two start-up measures:
 * - Node's on-disk compile cache is turned on before anything else loads (as npm's own CLI
 *   does): it cuts every command's start-up by about a third.
 * - Bulk imports run in a child Node with a bounded heap (see relaunch.ts): with V8's default
 *   heap sizing, the client's allocation rate lets the heap grow to ~300 MB of mostly garbage;
 *   bounded, a 1,000,000-row import peaks well under 200 MB RSS at the same speed.
 *
 * @module
 */
import * as module from "node:module"

module.enableCompileCache?.()

const { needsBoundedHeap, relaunch, watchParent } = await import("./relaunch.ts")
if (needsBoundedHeap(process.argv.slice(2))) relaunch()
else {
  watchParent()
  await import("./run.ts")
}
