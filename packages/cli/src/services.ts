/**
 * The services `Command.run` needs (file system, path, stdio, terminal, child processes), from
 * `@effect/platform-node-shared`: the same layer `@effect/platform-node`'s `NodeServices` builds,
 * without that package's HTTP stack (undici) and its `redis` peer dependency, which the CLI
 * never uses (it calls the service through the library's client, over `fetch`).
 *
 * @module
 */
import * as NodeChildProcessSpawner from "@effect/platform-node-shared/NodeChildProcessSpawner"
import * as NodeFileSystem from "@effect/platform-node-shared/NodeFileSystem"
import * as NodePath from "@effect/platform-node-shared/NodePath"
import * as NodeStdio from "@effect/platform-node-shared/NodeStdio"
import * as NodeTerminal from "@effect/platform-node-shared/NodeTerminal"
import * as Layer from "effect/Layer"

/** Node implementations of `effect/cli`'s environment. */
export const nodeServices = Layer.provideMerge(
  NodeChildProcessSpawner.layer,
  Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeStdio.layer, NodeTerminal.layer),
)
