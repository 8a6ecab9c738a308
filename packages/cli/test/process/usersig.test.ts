import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { genUserSig, verifyUserSig } from "tencent-chat-push/usersig"
import { baseEnv, cli, root, SDKAPPID, SECRET, tempDir } from "./harness.ts"

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe("usersig (real process)", () => {
  it("gen prints only the token; inspect shows its fields without the key; verify accepts it", async () => {
    const gen = await cli(["usersig", "gen", "--user", "alice", "--expire", "2d"])
    expect(gen.code).toBe(0)
    const token = gen.stdout.trim()
    expect(token).toMatch(/^[A-Za-z0-9*_-]+$/)

    const [inspect, json, ok] = await Promise.all([
      cli(["usersig", "inspect", token], { env: { PATH: process.env.PATH ?? "" } }),
      cli(["usersig", "inspect", "-", "--json"], { stdin: token }),
      cli(["usersig", "verify", token, "--user", "alice"]),
    ])
    expect(inspect.code).toBe(0)
    expect(inspect.stdout).toMatch(/^user\s+alice$/m)
    expect(inspect.stdout).toMatch(new RegExp(`^sdkappid\\s+${SDKAPPID}$`, "m"))
    expect(inspect.stdout).toMatch(/^lifetime\s+2d \(172800 s\)$/m)
    expect(inspect.stdout).toMatch(/^status\s+not expired: (2d|1d 23h 59m) left$/m)
    expect(inspect.stdout).toMatch(/^expires\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in (2d|1d 23h 59m)\)$/m)

    expect(JSON.parse(json.stdout)).toMatchObject({ userId: "alice", sdkAppId: SDKAPPID, expireSeconds: 172800, expired: false })

    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^valid: user alice, sdkappid 1400012345, expires /)
  })

  it("verify exits 1 with the error code and Tencent's server code", async () => {
    const token = genUserSig({ sdkAppId: SDKAPPID, secretKey: SECRET, userId: "alice", expireSeconds: 60 })
    const old = genUserSig({ sdkAppId: SDKAPPID, secretKey: SECRET, userId: "alice", expireSeconds: 60, now: 1_700_000_000 })
    const [wrongUser, wrongKey, expired, garbage] = await Promise.all([
      cli(["usersig", "verify", token, "--user", "bob"]),
      cli(["usersig", "verify", token], { env: baseEnv({ TENCENT_CHAT_SECRET_KEY: "another-key" }) }),
      cli(["usersig", "verify", old]),
      cli(["usersig", "verify", "not-a-token"]),
    ])
    expect(wrongUser.code).toBe(1)
    expect(wrongUser.stderr).toContain("IDENTIFIER_MISMATCH (Tencent server code 70013)")

    expect(wrongKey.code).toBe(1)
    expect(wrongKey.stderr).toContain("SIGNATURE_MISMATCH (Tencent server code 70009)")

    expect(expired.code).toBe(1)
    expect(expired.stderr).toContain("EXPIRED (Tencent server code 70001)")

    expect(garbage.code).toBe(1)
    expect(garbage.stderr).toContain("MALFORMED (Tencent server code 70003)")
  })

  it("private-map-key: inspect names the room and the privileges", async () => {
    const [pmk, bad] = await Promise.all([
      cli(["usersig", "private-map-key", "--user", "host", "--room", "live-42", "--privileges", "enter-room,send-audio,receive-audio"]),
      cli(["usersig", "private-map-key", "--user", "host", "--room", "1", "--privileges", "fly"]),
    ])
    expect(pmk.code).toBe(0)
    const inspect = await cli(["usersig", "inspect", pmk.stdout.trim()])
    expect(inspect.stdout).toMatch(/^room\s+live-42 \(string room\)$/m)
    expect(inspect.stdout).toMatch(/^privileges\s+14 = enter-room, send-audio, receive-audio$/m)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("unknown privilege \"fly\"")
  })

  it("reads the secret from a file or stdin, and exits 2 without one", async () => {
    const keyFile = path.join(tmp.dir, "key.txt")
    fs.writeFileSync(keyFile, `${SECRET}\n`)
    const env = { PATH: process.env.PATH ?? "", TENCENT_CHAT_SDKAPPID: String(SDKAPPID) }
    const [fromFile, fromStdin, none, missing] = await Promise.all([
      cli(["usersig", "gen", "--user", "a", "--secret-key-file", keyFile], { env }),
      cli(["usersig", "gen", "--user", "a", "--secret-key-file", "-"], { env, stdin: `${SECRET}\n` }),
      cli(["usersig", "gen", "--user", "a"], { env }),
      cli(["usersig", "gen"], { env }),
    ])
    for (const r of [fromFile, fromStdin]) {
      expect(r.code).toBe(0)
      expect(verifyUserSig(r.stdout.trim(), { sdkAppId: SDKAPPID, secretKey: SECRET, userId: "a" }).userId).toBe("a")
    }
    expect(none.code).toBe(2)
    expect(none.stderr).toContain("no secret key")
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("Missing required flag: --user")
  })
})

describe("--version (real process)", () => {
  it("prints the version from package.json", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "packages/cli/package.json"), "utf8")) as { version: string }
    const r = await cli(["--version"])
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe(`tencent-chat-push v${pkg.version}`)
  })
})
