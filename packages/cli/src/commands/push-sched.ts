/**
 * `push schedule | reschedule | cancel | list | show` and `push stats`: scheduled pushes and
 * push statistics. The writes are as safe as `push send`: against the real service the exact
 * request is printed and `--yes` is needed; `--dry-run` prints it and sends nothing.
 *
 * @module
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { action } from "../action.ts"
import { connectionFlags } from "../flags.ts"
import { jsonFlag, safetyFlags, sendContentFlags } from "./push-flags.ts"
import type { CancelInput, ListInput, RescheduleInput, ScheduleInput, ShowInput } from "./push-sched-run.ts"
import type { StatsInput } from "./push-stats-run.ts"

const run = () => import("./push-sched-run.ts")

const atFlag = Flag.String("at").pipe(
  Flag.withMetavar("TIME"),
  Flag.withDescription("when: ISO-8601 with a zone (2027-01-01T09:00:00Z, 2027-01-01T17:00:00+08:00) or epoch ms; sent as UTC, to the second"),
)

const typeFlag = {
  type: Flag.String("type").pipe(
    Flag.withMetavar("All|Tag|User"),
    Flag.withDescription("the task's type (read from the service when absent; needed with --dry-run unless new content is given, which implies it)"),
    Flag.optional,
  ),
}

/**
 * What a scheduled push sends: `push send`'s audience and message flags, or `--users`. One
 * definition for `schedule` and `reschedule` (whose new content replaces the task's whole).
 */
const schedContentFlags = {
  ...sendContentFlags,
  users: Flag.String("users").pipe(
    Flag.withMetavar("FILE"),
    Flag.withDescription("instead of an audience: these users, one per line, 1-500 (a User task; - for stdin)"),
    Flag.optional,
  ),
}

const taskIdArg = Argument.String("task-id").pipe(Argument.withDescription("the scheduled task's id (TaskID, a number)"))

/** `push schedule`. */
export const scheduleCommand = Command.make(
  "schedule",
  {
    ...connectionFlags,
    at: atFlag,
    ...schedContentFlags,
    ...safetyFlags,
    ...jsonFlag,
  },
  action(async (i: ScheduleInput) => (await run()).runSchedule(i)),
).pipe(
  Command.withDescription(
    "Schedule a push (timpush): the audience and message flags of push send, or --users, and --at. Prints the scheduled task's id; against the real service prints the exact request and needs --yes.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push push schedule --at 2027-01-01T09:00:00Z --tag vip --offline-title Hi --offline-desc \"Happy new year\" --emulator http://127.0.0.1:5390", description: "schedule on the emulator" },
    { command: "tencent-chat-push push schedule --at 2027-01-01T17:00:00+08:00 --all --text hi --dry-run", description: "print the request only" },
  ]),
)

/** `push reschedule`. */
export const rescheduleCommand = Command.make(
  "reschedule",
  {
    ...connectionFlags,
    taskId: taskIdArg,
    at: atFlag.pipe(Flag.optional),
    ...schedContentFlags,
    ...typeFlag,
    ...safetyFlags,
    ...jsonFlag,
  },
  action(async (i: RescheduleInput) => (await run()).runReschedule(i)),
).pipe(
  Command.withDescription(
    "Change a pending scheduled push: a new time (--at), new content (push schedule's audience and message flags, or --users; they replace the content whole), or both. 90106 once dispatched, 90107 while dispatching.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push push reschedule 17 --at 2027-01-01T12:00:00Z --emulator http://127.0.0.1:5390", description: "move task 17" },
    { command: "tencent-chat-push push reschedule 17 --tag vip --offline-title Hi --offline-desc \"New text\" --emulator http://127.0.0.1:5390", description: "new content, same time" },
  ]),
)

/** `push cancel`. */
export const cancelCommand = Command.make(
  "cancel",
  { ...connectionFlags, taskId: taskIdArg, ...typeFlag, ...safetyFlags, ...jsonFlag },
  action(async (i: CancelInput) => (await run()).runCancel(i)),
).pipe(
  Command.withDescription("Delete a pending scheduled push (90106 once dispatched, 90107 while dispatching)."),
  Command.withExamples([
    { command: "tencent-chat-push push cancel 17 --emulator http://127.0.0.1:5390", description: "cancel task 17" },
  ]),
)

/** `push list`. */
export const listCommand = Command.make(
  "list",
  {
    ...connectionFlags,
    offset: Flag.String("offset").pipe(Flag.withMetavar("N"), Flag.withDescription("first task to return, from 0"), Flag.optional),
    limit: Flag.String("limit").pipe(Flag.withMetavar("N"), Flag.withDescription("how many tasks (default 20)"), Flag.optional),
    orderBy: Flag.Literals("order-by", ["createAt", "schedAt"]).pipe(
      Flag.withDescription("order by creation or scheduled time"),
      Flag.withDefault("createAt" as const),
    ),
    ascending: Flag.Boolean("asc").pipe(Flag.withDescription("oldest first (default newest first)"), Flag.withDefault(false)),
    from: Flag.String("from").pipe(Flag.withMetavar("TIME"), Flag.withDescription("range start, with --to (by the --order-by time)"), Flag.optional),
    to: Flag.String("to").pipe(Flag.withMetavar("TIME"), Flag.withDescription("range end, with --from"), Flag.optional),
    keyword: Flag.String("keyword").pipe(Flag.withMetavar("TEXT"), Flag.withDescription("match the title or description"), Flag.optional),
    ...jsonFlag,
  },
  action(async (i: ListInput) => (await run()).runList(i)),
).pipe(
  Command.withDescription("List scheduled pushes (one line each: id, type, status, time in UTC and as sent)."),
  Command.withExamples([
    { command: "tencent-chat-push push list --order-by schedAt --asc --emulator http://127.0.0.1:5390", description: "the next ones first" },
  ]),
)

/** `push show`. */
export const showCommand = Command.make(
  "show",
  { ...connectionFlags, taskId: taskIdArg, ...jsonFlag },
  action(async (i: ShowInput) => (await run()).runShow(i)),
).pipe(
  Command.withDescription("Show one scheduled push: status, time, content, and the push task it created once dispatched."),
  Command.withExamples([
    { command: "tencent-chat-push push show 17 --json --emulator http://127.0.0.1:5390", description: "as JSON" },
  ]),
)

/** `push stats`. */
export const statsCommand = Command.make(
  "stats",
  {
    ...connectionFlags,
    taskIds: Argument.String("task-id").pipe(Argument.withDescription("push TaskIds (up to 5); none: all push tasks together"), Argument.atLeast(0)),
    from: Flag.String("from").pipe(Flag.withMetavar("TIME"), Flag.withDescription("range start (default: 30 days before --to; 7 for --loss)"), Flag.optional),
    to: Flag.String("to").pipe(Flag.withMetavar("TIME"), Flag.withDescription("range end (default now)"), Flag.optional),
    loss: Flag.Boolean("loss").pipe(Flag.withDescription("also where recipients were lost, by code"), Flag.withDefault(false)),
    trace: Flag.String("trace").pipe(Flag.withMetavar("USERID"), Flag.withDescription("also this recipient's per-device trace (one task id)"), Flag.optional),
    messages: Flag.Boolean("messages").pipe(Flag.withDescription("ordinary message pushes instead of push tasks"), Flag.withDefault(false)),
    ...jsonFlag,
  },
  action(async (i: StatsInput) => (await import("./push-stats-run.ts")).runStats(i)),
).pipe(
  Command.withDescription("Push statistics: recipients, sent, delivered, clicked (per task or overall), optionally losses and a trace."),
  Command.withExamples([
    { command: "tencent-chat-push push stats $TASK --loss --emulator http://127.0.0.1:5390", description: "one task's counts and losses" },
    { command: "tencent-chat-push push stats --messages --json --region singapore", description: "ordinary message pushes, as JSON" },
  ]),
)
