/**
 * UserSig and URL acceptance choices the official verifiers leave open (issue 9 item 16,
 * docs/emulator.md): a token issued more than 5 minutes in the future, a `TLS.ver` other than
 * "2.0", a non-canonical `sdkappid`, and a repeated query parameter are refused.
 */
import { hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"
import { unzlibSync, zlibSync } from "fflate"
import { describe, expect, it } from "vitest"
import { APP, setup, sigFor, T0, urlFor } from "./helpers.ts"

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))
const toTencent = (s: string) => s.replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_")
const fromTencent = (s: string) => s.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=")

/** A token like the official SDKs write, with a chosen `TLS.ver` and a correct HMAC. */
const tokenWithVersion = (ver: string) => {
  const time = Math.floor(T0 / 1000)
  const content = `TLS.identifier:administrator\nTLS.sdkappid:${APP.sdkAppId}\nTLS.time:${time}\nTLS.expire:86400\n`
  const sig = b64(hmac(sha256, new TextEncoder().encode(APP.secretKey), new TextEncoder().encode(content)))
  const doc = { "TLS.ver": ver, "TLS.identifier": "administrator", "TLS.sdkappid": APP.sdkAppId, "TLS.expire": 86400, "TLS.time": time, "TLS.sig": sig }
  return toTencent(b64(zlibSync(new TextEncoder().encode(JSON.stringify(doc)))))
}

describe("UserSig acceptance", () => {
  it("the helper builds what the official SDKs build (version 2.0 is accepted)", async () => {
    const h = setup()
    const official = JSON.parse(new TextDecoder().decode(unzlibSync(unb64(fromTencent(sigFor("administrator"))))))
    expect(official["TLS.ver"]).toBe("2.0")
    expect(await h.code("get_tag", { To_Account: [] }, { usersig: tokenWithVersion("2.0") })).toBe(0)
  })

  it("a TLS.ver other than \"2.0\" → 70003", async () => {
    const h = setup()
    for (const ver of ["1.0", "2.1", "", "2"]) {
      const r = await h.call("get_tag", { To_Account: [] }, { usersig: tokenWithVersion(ver) })
      expect(r.json.ErrorCode, ver).toBe(70003)
      expect(r.json.ErrorInfo).toMatch(/version/)
    }
  })

  it("a token issued more than 300 s ahead of the clock → 70003; within 300 s it is accepted; the skew is configurable", async () => {
    const h = setup()
    const ahead = (s: number) => sigFor("administrator", { nowMs: T0 + s * 1000 })
    expect((await h.call("get_tag", { To_Account: [] }, { usersig: ahead(86_400) })).json).toMatchObject({
      ErrorCode: 70003,
      ErrorInfo: expect.stringContaining("86400 s in the future"),
    })
    expect(await h.code("get_tag", { To_Account: [] }, { usersig: ahead(301) })).toBe(70003)
    expect(await h.code("get_tag", { To_Account: [] }, { usersig: ahead(300) })).toBe(0)
    const lenient = setup({ userSigClockSkewSeconds: 2 * 86_400 })
    expect(await lenient.code("get_tag", { To_Account: [] }, { usersig: ahead(86_400) })).toBe(0)
  })
})

describe("URL parameters", () => {
  it("sdkappid must be canonical decimal: leading zeros, signs and out-of-range values → 60002", async () => {
    const h = setup()
    for (const id of ["01400000000", "+1400000000", "1400000000.0", "1e9", "99999999999999999999", "4294967296"]) {
      expect(await h.code("get_tag", { To_Account: [] }, { sdkappid: id }), id).toBe(60002)
    }
    expect(await h.code("get_tag", { To_Account: [] }, { sdkappid: "1400000000" })).toBe(0)
  })

  it("a parameter given twice → 60002, whichever copy is the valid one", async () => {
    const h = setup()
    const base = urlFor("get_tag")
    for (const extra of ["&identifier=ops", "&usersig=junk", "&sdkappid=1400000001", "&random=7", "&contenttype=json"]) {
      const res = await h.em.fetch(new Request(`${base}${extra}`, { method: "POST", body: '{"To_Account":[]}' }))
      expect((await res.json()).ErrorCode, extra).toBe(60002)
    }
    // Parameters the emulator does not read may repeat.
    const other = await h.em.fetch(new Request(`${base}&x=1&x=2`, { method: "POST", body: '{"To_Account":[]}' }))
    expect((await other.json()).ErrorCode).toBe(0)
  })
})
