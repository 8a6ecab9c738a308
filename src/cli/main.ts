#!/usr/bin/env node
/**
 * `tencent-chat-push`, the command-line tool (Node only; nothing in src/ imports it).
 *
 * Node's on-disk compile cache is turned on before anything else loads (the way npm's own CLI
 * does): it cuts the start-up of every command by about a third.
 *
 * @module
 */
import * as module from "node:module"

module.enableCompileCache?.()
await import("./run.ts")
