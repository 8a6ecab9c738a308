/**
 * The `emulator` command's implementation (loaded only when it runs).
 *
 * @module
 */
import * as fs from "node:fs"
import * as Redacted from "effect/Redacted"
import type { Emulator } from "tencent-chat-push/emulator"
import { serve, type Served } from "tencent-chat-push/node"
import { genUserSig } from "tencent-chat-push/usersig"
import { out } from "../action.ts"
import { interruptExit, UsageError } from "../errors.ts"
import { setupEmulator } from "./emulator-setup.ts"
import type { EmulatorSetupInput } from "./emulator-setup.ts"
import { saveStateFile } from "./emulator-state.ts"

/** Parsed flags of `emulator`. */
export interface EmulatorInput extends EmulatorSetupInput {
  readonly port: number
}

/** A serving emulator. */
export interface Running {
  readonly em: Emulator
  readonly server: Served
  readonly stateFile: string | undefined
}

/** Loads the state, serves, prints how to use it. */
export const start = async (i: EmulatorInput): Promise<Running> => {
  const { em, creds, admins, demo, faults, callbackUrl, stateFile, loaded } = await setupEmulator(i)
  let server: Served
  try {
    server = await serve(em, { port: i.port, host: i.host })
  } catch (e) {
    throw new UsageError(`cannot listen on ${i.host}:${i.port}: ${(e as Error).message}`)
  }
  const admin = admins[0]!
  const usersig = genUserSig({ sdkAppId: creds.sdkAppId, secretKey: Redacted.value(creds.secretKey), userId: admin, expireSeconds: 7 * 86400 })
  interruptExit.code = 0
  out(`Tencent Cloud Chat emulator listening on ${server.url}`)
  out(`  sdkAppId : ${creds.sdkAppId}${demo ? " (demo app)" : ""}`)
  out(`  admin    : ${admins.join(", ")}`)
  if (demo !== undefined) {
    const where = demo.keptIn === undefined ? "generated for this run only" : `kept in ${demo.keptIn}`
    out(`  DEMO secret key (${where}): ${demo.key}`)
  }
  out(`  usersig  : ${usersig}`)
  out(`             (admin UserSig for ${JSON.stringify(admin)}, valid 7 days)`)
  if (typeof faults?.rate === "number" && faults.rate > 0) out(`  faults   : ${faults.rate * 100}% of requests, seed ${faults.seed ?? 1}`)
  if (callbackUrl !== undefined) out(`  callbacks: Push.AllMemberPush to ${callbackUrl} (signed; sent, delivered, clicked per recipient)`)
  out(`  state    : ${stateFile === undefined ? "in memory only" : `${stateFile} (${loaded ? "loaded; " : ""}saved on exit)`}`)
  out(`  inspect  : ${server.url}/__emulator`)
  out(`  console  : ${server.url}/__emulator/ui   (watch and drive it in a browser)`)
  out(`  use it   : tencent-chat-push <command> --emulator ${server.url}`)
  out("Ctrl-C to stop.")
  return { em, server, stateFile }
}

/**
 * Stops serving, then saves the state (atomically). A save that fails is said loudly and the
 * process exits 1: the state of this run is then only what the previous file held.
 */
export const stop = async (r: Running): Promise<void> => {
  await r.server.close()
  if (r.stateFile !== undefined) {
    try {
      await saveStateFile(r.em, r.stateFile)
      process.stderr.write(`state saved to ${r.stateFile}\n`)
    } catch (e) {
      process.stderr.write(`error: the emulator state could NOT be saved to ${r.stateFile}: ${(e as Error).message}\n`)
      process.stderr.write(`error: this run's changes are lost${fs.existsSync(r.stateFile) ? `; ${r.stateFile} still holds the state it started from` : ""}\n`)
      interruptExit.code = 1
    }
  }
  process.stderr.write("emulator stopped\n")
}
