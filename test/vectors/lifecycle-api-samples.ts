/**
 * Sample bodies for the scheduled-task and statistics rows, as data, each with its source (the
 * vendor page). Same conventions as push-api-samples.ts: `verbatim: false` marks a body
 * CONSTRUCTED from the page's field table because the page shows no full sample
 * (docs/protocol/push-lifecycle.md says what each page shows and what it leaves out).
 */
import { OK } from "./push-api-samples.ts"
import type { Sample } from "./push-api-samples.ts"

const content = {
  From_Account: "admin",
  Condition: { TagsAnd: ["vip"] },
  OfflinePushInfo: { PushFlag: 0, Title: "Sale", Desc: "Sale starts now" },
}

const taskInfo = {
  TaskID: 1234567890,
  Sdkappid: 1400000000,
  CreateAt: "2025-06-01 08:00:00",
  Type: "Tag",
  SchedAt: "2025-06-01 10:00:00",
  // The sample reports the sender as an integer although requests send a string.
  Content: { From_Account: 12345, MsgRandom: 5566, Condition: { TagsAnd: ["vip"] }, OfflinePushInfo: { Title: "Sale", Desc: "Sale starts now" } },
  Title: "Sale",
  Desc: "Sale starts now",
  Status: "pending",
  DispatchSuccess: 0,
  DispatchErr: "",
  PushTaskID: "",
}

const loss = (code: string, count: number, info: string) => ({ ErrCode: code, ErrCount: count, ErrInfo: info })

const trace = {
  InstanceId: "1",
  PushTime: "2025-06-01 10:00:01",
  DeviceModel: "Pixel 8",
  System: "Android",
  SystemVersion: "14",
  EventType: 1,
  PushPlatform: 6,
  Token: "token-1",
  CertId: "12345",
  SdkVersion: "8.0.0",
  PushVersion: "8.0.0",
  NotificationStatus: 1,
  last_active_terminal: 1,
  IMCommitStat: { IMStat: { PushStatus: 1, ErrorCode: 0, ErrorInfo: "", EventTime: "2025-06-01 10:00:01" } },
  OfflinePushStat: {
    OfflineStat: { PushStatus: 1, ErrorCode: 0, ErrorInfo: "", EventTime: "2025-06-01 10:00:01" },
    ChannelStat: { PushStatus: 1, ErrorCode: 0, ErrorInfo: "", EventTime: "2025-06-01 10:00:02" },
    DeviceStat: { PushStatus: 1, ErrorCode: 0, ErrorInfo: "", EventTime: "2025-06-01 10:00:02" },
  },
}

const counts = { TotalCount: 100, SentCount: 90, DeliveredCount: 80, ClickCount: 10 }

/** Scheduled-task and statistics samples, grouped by command. */
export const lifecycleSamples: readonly Sample[] = [
  // add_sched_task
  {
    key: "add_sched_task", kind: "request", family: "timpush", verbatim: false,
    source: "1047/78839 (Tag sample: From_Account, Condition, OfflinePushInfo)",
    body: { Sdkappid: 1400000000, Type: "Tag", SchedAt: "2025-06-01 10:00:00", Content: content },
  },
  {
    key: "add_sched_task", kind: "request", family: "timpush", verbatim: false,
    source: "1047/78839 (User: To_Account, 1–500 as batch)",
    body: {
      Sdkappid: 1400000000, Type: "User", SchedAt: "2025-06-01 10:00:00",
      Content: { From_Account: "admin", To_Account: ["user1", "user2"], OfflinePushInfo: { PushFlag: 0, Title: "Hi", Desc: "Hello" } },
    },
  },
  {
    key: "add_sched_task", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/78841 TaskID (no page shows add's answer: our reading)",
    body: { ...OK, TaskID: 1234567890 },
  },
  {
    key: "add_sched_task", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/78841 (90104 invalid parameters)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid parameters", ErrorCode: 90104, TaskID: 0 },
  },
  // modify_sched_task
  {
    key: "modify_sched_task", kind: "request", family: "timpush", verbatim: false,
    source: "1047/78840 field list (SchedAt and Content optional)",
    body: { Sdkappid: 1400000000, TaskID: 1234567890, Type: "Tag", SchedAt: "2025-06-01 12:00:00" },
  },
  {
    key: "modify_sched_task", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/78840 (envelope + TaskID as 1047/78841)",
    body: { ...OK, TaskID: 1234567890 },
  },
  {
    key: "modify_sched_task", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/78841 (90106 already dispatched)",
    body: { ActionStatus: "FAIL", ErrorInfo: "modify failed: task dispatched", ErrorCode: 90106, TaskID: 0 },
  },
  // delete_sched_task
  {
    key: "delete_sched_task", kind: "request", family: "timpush", verbatim: false,
    source: "1047/78841 field list",
    body: { Sdkappid: 1400000000, TaskID: 1234567890, Type: "All" },
  },
  {
    key: "delete_sched_task", kind: "response", outcome: "ok", family: "timpush", verbatim: true,
    source: "1047/78841",
    body: { ...OK, TaskID: 1234567890 },
  },
  {
    key: "delete_sched_task", kind: "response", outcome: "fail", family: "timpush", verbatim: true,
    source: "1047/78841 FAIL sample",
    body: { ActionStatus: "FAIL", ErrorInfo: "delete failed: task dispatching", ErrorCode: 90107, TaskID: 0 },
  },
  // get_sched_task
  {
    key: "get_sched_task", kind: "request", family: "timpush", verbatim: false,
    source: "1047/78842 field list",
    body: { Sdkappid: 1400000000, TaskID: 1234567890 },
  },
  {
    key: "get_sched_task", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/78842 TaskInfo (From_Account an integer, Status pending)",
    body: { ...OK, TaskInfo: taskInfo },
  },
  {
    key: "get_sched_task", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/78841 (90104 invalid TaskID)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid TaskID", ErrorCode: 90104 },
  },
  // list_sched_task
  {
    key: "list_sched_task", kind: "request", family: "timpush", verbatim: false,
    source: "1047/78843 field list (OrderBy createat)",
    body: { Sdkappid: 1400000000, Offset: 0, Want: 10, OrderBy: "createat", Asc: false, BeginTime: "2025-06-01 00:00:00", EndTime: "2025-06-30 00:00:00", Keyword: "Sale" },
  },
  {
    key: "list_sched_task", kind: "request", family: "timpush", verbatim: false,
    source: "269/130281 field list (OrderBy schedAt)",
    body: { Sdkappid: 1400000000, Offset: 0, Want: 10, OrderBy: "schedAt", Asc: true },
  },
  {
    key: "list_sched_task", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/78843 (Total, Tasks)",
    body: { ...OK, Total: 1, Tasks: [taskInfo] },
  },
  {
    key: "list_sched_task", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/78841 (90104 invalid parameters)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid parameters", ErrorCode: 90104 },
  },
  // all_member_push_statistics
  {
    key: "all_member_push_statistics", kind: "request", family: "timpush", verbatim: false,
    source: "1047/71894 field list",
    body: { StartTime: 1748736000, EndTime: 1749340800, TaskID: ["660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e"] },
  },
  {
    key: "all_member_push_statistics", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/71894 Results (ErrorInfo \"sucess\" as the samples write it)",
    body: {
      ActionStatus: "OK", ErrorInfo: "sucess", ErrorCode: 0,
      Results: [{
        TaskID: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e", ...counts,
        PlatformStatistics: [{ EventType: 1, PushPlatform: 6, ...counts }],
      }],
    },
  },
  {
    key: "all_member_push_statistics", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/71894 (envelope rule; the page lists no codes)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid time range", ErrorCode: 90001 },
  },
  // all_member_push_loss
  {
    key: "all_member_push_loss", kind: "request", family: "timpush", verbatim: false,
    source: "1047/71895 field list",
    body: { StartTime: 1748736000, EndTime: 1749081600, TaskID: [] },
  },
  {
    key: "all_member_push_loss", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/71895 (ErrCode as a string: -1, -2, 1, 410)",
    body: {
      ActionStatus: "OK", ErrorInfo: "sucess", ErrorCode: 0,
      Results: [{
        TaskID: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e",
        ReadyToSendLoss: [loss("-1", 3, "no certificate id"), loss("-2", 2, "no token uploaded")],
        PostSendDeliveredLoss: [loss("410", 1, "Unregistered")],
        PlatformReadyToSendLoss: [{ EventType: 1, PushPlatform: 6, ...loss("-1", 3, "no certificate id") }],
        PlatformPostSendDeliveredLoss: [{ EventType: 1, PushPlatform: 2, ...loss("1", 1, "regid_invalid") }],
      }],
    },
  },
  {
    key: "all_member_push_loss", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/71895 (envelope rule; the page lists no codes)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid time range", ErrorCode: 90001 },
  },
  // all_member_push_trace
  {
    key: "all_member_push_trace", kind: "request", family: "timpush", verbatim: false,
    source: "1047/71893 field list",
    body: { TaskID: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e", UserID: "user1" },
  },
  {
    key: "all_member_push_trace", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/71893 InstanceTrace (last_active_terminal in snake_case)",
    body: { ActionStatus: "OK", ErrorInfo: "sucess", ErrorCode: 0, InstanceTrace: [trace] },
  },
  {
    key: "all_member_push_trace", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/71893 (envelope rule; the page lists no codes)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid TaskID", ErrorCode: 90001 },
  },
  // normal_push_statistics
  {
    key: "normal_push_statistics", kind: "request", family: "timpush", verbatim: false,
    source: "1047/71897 field list",
    body: { StartTime: 1748736000, EndTime: 1749340800 },
  },
  {
    key: "normal_push_statistics", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/71897 (counts at the top level)",
    body: { ActionStatus: "OK", ErrorInfo: "sucess", ErrorCode: 0, ...counts, PlatformStatistics: [{ PushPlatform: 1, ...counts }] },
  },
  {
    key: "normal_push_statistics", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/71897 (envelope rule; the page lists no codes)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid time range", ErrorCode: 90001 },
  },
  // normal_push_loss
  {
    key: "normal_push_loss", kind: "request", family: "timpush", verbatim: false,
    source: "1047/71898 field list",
    body: { StartTime: 1748736000, EndTime: 1749081600 },
  },
  {
    key: "normal_push_loss", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/71898 (the loss lists, not per task)",
    body: { ActionStatus: "OK", ErrorInfo: "sucess", ErrorCode: 0, ReadyToSendLoss: [loss("-2", 4, "no token uploaded")], PostSendDeliveredLoss: [] },
  },
  {
    key: "normal_push_loss", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/71898 (envelope rule; the page lists no codes)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid time range", ErrorCode: 90001 },
  },
  // normal_push_trace
  {
    key: "normal_push_trace", kind: "request", family: "timpush", verbatim: false,
    source: "1047/71896 field list",
    body: { PushID: "144115233624213845-1700000000-12345" },
  },
  {
    key: "normal_push_trace", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/71896 InstanceTrace",
    body: { ActionStatus: "OK", ErrorInfo: "sucess", ErrorCode: 0, InstanceTrace: [trace] },
  },
  {
    key: "normal_push_trace", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/71896 (envelope rule; the page lists no codes)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid PushID", ErrorCode: 90001 },
  },
]
