// Node-side oracles for the usersig tests: node:zlib and node:crypto, independent of the code
// under test (which uses fflate and @noble/hashes).
import { createHmac } from "node:crypto"
import { createRequire } from "node:module"
import { deflateSync, inflateSync } from "node:zlib"
import { vi } from "vitest"
import { UserSigError } from "../../../src/usersig/mod.ts"

/** Tencent's token alphabet → standard base64 → bytes. */
export const tokenBytes = (token: string): Buffer =>
  Buffer.from(token.replaceAll("*", "+").replaceAll("-", "/").replaceAll("_", "="), "base64")

/** Bytes → standard base64 → Tencent's token alphabet. */
export const toToken = (bytes: Uint8Array): string =>
  Buffer.from(bytes).toString("base64").replaceAll("+", "*").replaceAll("/", "-").replaceAll("=", "_")

/** Inflates a token with Node's zlib and returns the JSON text. */
export const inflateToken = (token: string): string => inflateSync(tokenBytes(token)).toString("utf8")

/** A token around arbitrary JSON text, compressed by Node's zlib. */
export const craftToken = (json: string, level = 6): string => toToken(deflateSync(Buffer.from(json, "utf8"), { level }))

/** TLS.sig computed by node:crypto. */
export const nodeSig = (key: string, content: string): string => createHmac("sha256", key).update(content, "utf8").digest("base64")

/** The official npm package's constructor (CommonJS). */
export interface OfficialApi {
  genUserSig(userid: string, expire?: number): string
  genPrivateMapKey(userid: string, expire: number, roomid: number, privilegeMap: number): string
  genPrivateMapKeyWithStringRoomID(userid: string, expire: number, roomstr: string, privilegeMap: number): string
}
const require = createRequire(import.meta.url)
export const OfficialApi = (require("tls-sig-api-v2") as { Api: new (sdkappid: number, key: string) => OfficialApi }).Api

/** Runs `fn` with Date.now frozen at `seconds` (the official package reads the clock itself). */
export const atTime = <A>(seconds: number, fn: () => A): A => {
  const spy = vi.spyOn(Date, "now").mockReturnValue(seconds * 1000)
  try {
    return fn()
  } finally {
    spy.mockRestore()
  }
}

/** The UserSigError `fn` throws (fails the test if it throws anything else or nothing). */
export const caught = (fn: () => unknown): UserSigError => {
  try {
    fn()
  } catch (e) {
    if (e instanceof UserSigError) return e
    throw new Error(`expected a UserSigError, got ${String(e)}`, { cause: e })
  }
  throw new Error("expected a UserSigError, nothing was thrown")
}
