/**
 * Documented sample bodies for the account rows (`v4/im_open_login_svc/*`), as data, each with
 * its source (the vendor page). Same conventions as push-api-samples.ts.
 */
import { OK } from "./push-api-samples.ts"
import type { Sample } from "./push-api-samples.ts"

/** Account samples, grouped by command. */
export const accountSamples: readonly Sample[] = [
  // account_import
  {
    key: "account_import", kind: "request", family: "timpush", verbatim: true,
    source: "1047/34953, 269/1608",
    body: { UserID: "test", Nick: "test", FaceUrl: "http://www.qq.com" },
  },
  {
    key: "account_import", kind: "request", family: "timpush", verbatim: false,
    source: "1047/34953 revision ≤ 2021-12 (Identifier + Type)",
    body: { Identifier: "test", Nick: "test", FaceUrl: "http://www.qq.com", Type: 0 },
  },
  {
    key: "account_import", kind: "response", outcome: "ok", family: "timpush", verbatim: true,
    source: "1047/34953",
    body: OK,
  },
  {
    key: "account_import", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "envelope rule of 1047/34620 (no FAIL sample on account pages)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid parameter", ErrorCode: 70402 },
  },
  // multiaccount_import
  {
    key: "multiaccount_import", kind: "request", family: "timpush", verbatim: true,
    source: "1047/34954 legacy shape",
    body: { Accounts: ["test1", "test2", "test3", "test4", "test5"] },
  },
  {
    key: "multiaccount_import", kind: "request", family: "timpush", verbatim: true,
    source: "269/4919 legacy shape (newer ids)",
    body: { Accounts: ["UserID_001", "UserID_002", "UserID_003"] },
  },
  {
    key: "multiaccount_import", kind: "request", family: "timpush", verbatim: true,
    source: "269/4919, 1047/34954 (2024-12) new shape",
    body: {
      AccountList: [
        { UserID: "UserID_001", Nick: "Nick_001", FaceUrl: "http://www.qq.com" },
        { UserID: "UserID_002", Nick: "Nick_002", FaceUrl: "http://www.qq.com" },
        { UserID: "UserID_002", Nick: "Nick_001", FaceUrl: "http://www.qq.com" },
      ],
    },
  },
  {
    key: "multiaccount_import", kind: "response", outcome: "partial", family: "timpush", verbatim: true,
    source: "1047/34954 legacy sample",
    body: { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", FailAccounts: ["test3", "test4"] },
  },
  {
    key: "multiaccount_import", kind: "response", outcome: "partial", family: "timpush", verbatim: true,
    source: "269/4919 new-shape sample",
    body: { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", FailAccounts: ["UserID_002", "UserID_003"] },
  },
  {
    key: "multiaccount_import", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "FailAccounts optional on full success (docs/protocol/accounts-api.md#multiaccount-import)",
    body: OK,
  },
  {
    key: "multiaccount_import", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/34954 error table (70398)",
    body: { ActionStatus: "FAIL", ErrorInfo: "account count over limit", ErrorCode: 70398 },
  },
  // account_delete
  {
    key: "account_delete", kind: "request", family: "timpush", verbatim: true,
    source: "1047/34955, 269/36443",
    body: { DeleteItem: [{ UserID: "UserID_1" }, { UserID: "UserID_2" }] },
  },
  {
    key: "account_delete", kind: "response", outcome: "partial", family: "timpush", verbatim: true,
    source: "1047/34955, 269/36443",
    body: {
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ResultItem: [
        { ResultCode: 0, ResultInfo: "", UserID: "UserID_1" },
        { ResultCode: 70107, ResultInfo: "Err_TLS_PT_Open_Login_Account_Not_Exist", UserID: "UserID_2" },
      ],
    },
  },
  {
    key: "account_delete", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/34955 error table (71000, top level)",
    body: { ActionStatus: "FAIL", ErrorInfo: "account deletion not allowed", ErrorCode: 71000 },
  },
  // account_check
  {
    key: "account_check", kind: "request", family: "timpush", verbatim: true,
    source: "1047/34956, 269/38417",
    body: { CheckItem: [{ UserID: "UserID_1" }, { UserID: "UserID_2" }] },
  },
  {
    key: "account_check", kind: "response", outcome: "ok", family: "timpush", verbatim: true,
    source: "1047/34956, 269/38417",
    body: {
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ResultItem: [
        { UserID: "UserID_1", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
        { UserID: "UserID_2", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" },
      ],
    },
  },
  {
    key: "account_check", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/34956 error table (70403)",
    body: { ActionStatus: "FAIL", ErrorInfo: "admin permission required", ErrorCode: 70403 },
  },
]
