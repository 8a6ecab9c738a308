/**
 * Starts the app Worker (app-worker.ts, module-scope clients) in workerd on a free loopback
 * port, as a user deploys it: bundled by esbuild, served by `workerd serve`, reaching the
 * emulator over HTTP. `launchWorker` does the same for another entry (the emulator as a Worker,
 * emulator-worker.ts) with text bindings. Node-only test helper.
 *
 * - The socket binds `127.0.0.1:0`; workerd reports the port it got on `--control-fd`.
 * - The Worker reaches loopback through an `internet` network service that allows "local"
 *   (workerd refuses loopback by default).
 * - `stop()` kills workerd by its PID and waits for it to exit.
 */
import { build } from "esbuild"
import { spawn } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const outDir = `${root}.tmp/concurrency-workerd`

/** A running app server (workerd here; Deno or Bun in ../app/launch-server.ts). */
export interface AppServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string
  readonly pid: number
  /** Everything workerd printed (stdout and stderr), for diagnostics. */
  readonly log: () => string
  readonly stop: () => Promise<void>
}

export interface LaunchOptions {
  /** The emulator's base URL, as the Worker's client sees it. */
  readonly emulatorUrl: string
  /** The Worker's clients: name → extra options (JSON) over the module-scope defaults. */
  readonly clients: Record<string, Record<string, unknown>>
  /** Compatibility flags of the app Worker. */
  readonly compatibilityFlags?: ReadonlyArray<string>
}

const bundled = new Map<string, Promise<void>>()
/** Bundles `test/concurrency/workerd/<name>.ts` to `<name>.js`, once per process. */
const bundle = (name: string): Promise<void> => {
  const done = bundled.get(name) ?? build({
    absWorkingDir: root,
    entryPoints: [`test/concurrency/workerd/${name}.ts`],
    outfile: `${outDir}/${name}.js`,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*", "cloudflare:*"],
    target: "es2022",
    logLevel: "warning",
  }).then(() => undefined)
  bundled.set(name, done)
  return done
}

const capnpString = (s: string) => JSON.stringify(s)

let configs = 0
const writeConfig = (name: string, bindings: Record<string, string>, compatibilityFlags: ReadonlyArray<string> = []): string => {
  const flags = compatibilityFlags.map(capnpString).join(", ")
  const path = `${outDir}/config-${process.pid}-${++configs}.capnp`
  writeFileSync(
    path,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "app", worker = .app),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "app") ],
);
const app :Workerd.Worker = (
  modules = [ (name = "${name}.js", esModule = embed "${name}.js") ],
  compatibilityDate = "2026-11-01",
  compatibilityFlags = [${flags}],
  bindings = [
${Object.entries(bindings).map(([k, v]) => `    (name = ${capnpString(k)}, text = ${capnpString(v)}),`).join("\n")}
  ],
);
`,
  )
  return path
}

/** Bundles (once per process) and starts the app Worker; resolves when it listens. */
export const launchAppWorker = (o: LaunchOptions): Promise<AppServer> =>
  launchWorker("app-worker", { EMULATOR_URL: o.emulatorUrl, CLIENTS: JSON.stringify(o.clients) }, o.compatibilityFlags)

/** Bundles `test/concurrency/workerd/<name>.ts` (once per process) and serves it with text `bindings`; resolves when it listens. */
export const launchWorker = async (name: string, bindings: Record<string, string>, compatibilityFlags?: ReadonlyArray<string>): Promise<AppServer> => {
  mkdirSync(outDir, { recursive: true })
  await bundle(name)
  const config = writeConfig(name, bindings, compatibilityFlags)
  const child = spawn(`${root}node_modules/.bin/workerd`, ["serve", config, "--control-fd=3"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  })
  let output = ""
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()))
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
    await exited
    rmSync(config, { force: true })
  }
  const control = child.stdio[3] as NodeJS.ReadableStream
  const port = await new Promise<number>((resolve, reject) => {
    let buf = ""
    control.on("data", (d: Buffer) => {
      buf += d.toString()
      for (const line of buf.split("\n")) {
        try {
          const msg = JSON.parse(line) as { event?: string; socket?: string; port?: number }
          if (msg.event === "listen" && msg.socket === "http" && typeof msg.port === "number") resolve(msg.port)
        } catch {
          // an incomplete line
        }
      }
    })
    child.once("exit", (code) => reject(new Error(`workerd exited (${code}) before listening:\n${output}`)))
  }).catch(async (e) => {
    await stop()
    throw e
  })
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, log: () => output, stop }
}
