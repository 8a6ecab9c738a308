/**
 * The one UserID rule (src/api/user-id.ts): non-empty, at most 32 UTF-8 bytes, any characters.
 * The client's request rules and the emulator's account handlers answer from it, so they agree
 * on every id here (the CLI's imports use it too: test/unit/cli).
 */
import { describe, expect, it } from "vitest"
import { checkRequest, userIdViolation } from "../../../src/api/mod.ts"
import { APP, setup } from "../emulator/helpers.ts"

const cases: ReadonlyArray<readonly [string, string | undefined]> = [
  ["alice", undefined],
  ["x".repeat(32), undefined],
  ["x".repeat(33), "user_id_bytes"],
  ["", "user_id_empty"],
  ["用".repeat(10), undefined], // 30 bytes
  ["用".repeat(11), "user_id_bytes"], // 33 bytes, 11 characters
  ["😀".repeat(8), undefined], // 32 bytes
  ["😀".repeat(8) + "a", "user_id_bytes"],
  ["with space", undefined],
  ["tab\there", undefined],
  ["é-user_01", undefined],
]

describe("userIdViolation", () => {
  it("counts UTF-8 bytes and checks no characters", () => {
    for (const [id, expected] of cases) expect(userIdViolation(id), JSON.stringify(id)).toBe(expected)
  })

  it("is the rule checkRequest reports for imports", () => {
    for (const [id, expected] of cases) {
      expect(checkRequest("account_import", { UserID: id })?.rule, JSON.stringify(id)).toBe(expected)
      expect(checkRequest("multiaccount_import", { AccountList: [{ UserID: id }] })?.rule, JSON.stringify(id)).toBe(expected)
    }
  })

  it("is the rule the emulator imports by (an invalid id fails the import with 70402)", async () => {
    const h = setup({ rejectReservedUserIds: false })
    for (const [id, expected] of cases) {
      const code = expected === undefined ? 0 : 70402
      expect(await h.code("account_import", { UserID: id }), JSON.stringify(id)).toBe(code)
      expect(await h.code("multiaccount_import", { Accounts: [id] }), JSON.stringify(id)).toBe(code)
      expect(h.em.account(APP.sdkAppId, id) !== undefined, JSON.stringify(id)).toBe(expected === undefined)
    }
  })
})
