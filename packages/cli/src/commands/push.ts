/**
 * `push send | revoke | to-users`. Safe by default: against the real service a push prints
 * the exact request and needs `--yes`; `--dry-run` prints the body and sends nothing; a push
 * is never retried (the client's rule), and an unknown outcome is reported as such.
 *
 * @module
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { action } from "../action.ts"
import { connectionFlags } from "../flags.ts"
import { idempotencyFlag, jsonFlag, offlineFlags, safetyFlags, sendContentFlags } from "./push-flags.ts"
import type { RevokeInput, SendInput, ToUsersInput } from "./push-run.ts"
import { cancelCommand, listCommand, rescheduleCommand, scheduleCommand, showCommand, statsCommand } from "./push-sched.ts"

const run = () => import("./push-run.ts")

const send = Command.make(
  "send",
  {
    ...connectionFlags,
    ...sendContentFlags,
    ...idempotencyFlag,
    ...safetyFlags,
    ...jsonFlag,
  },
  action(async (i: SendInput) => (await run()).runSend(i)),
).pipe(
  Command.withDescription(
    "Push to everyone (--all) or by tag / attribute. Against the emulator prints the task and its audience size; against the real service prints the exact request and needs --yes. Never retried automatically.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push push send --tag vip --text \"Sale today\" --emulator http://127.0.0.1:5390", description: "push to tag vip on the emulator" },
    { command: "tencent-chat-push push send --tags-or gold,silver --tags-not churned --offline-title Hi --offline-desc \"New level\" --dry-run", description: "print the body only" },
    { command: "tencent-chat-push push send --attr city=Shenzhen --attr level=3 --attrs-or --text hi --region singapore --yes", description: "real service: users in Shenzhen OR level 3" },
    { command: "tencent-chat-push push send --all --message msg.json --region singapore", description: "prints the request and stops (no --yes)" },
  ]),
)

const revoke = Command.make(
  "revoke",
  {
    ...connectionFlags,
    taskId: Argument.String("task-id").pipe(Argument.withDescription("the TaskId a push returned")),
    ...offlineFlags,
    ...idempotencyFlag,
    ...safetyFlags,
    ...jsonFlag,
  },
  action(async (i: RevokeInput) => (await run()).runRevoke(i)),
).pipe(
  Command.withDescription(
    "Recall / terminate a push task (within 24 h; timpush). --offline-* overwrites the delivered notification. Against the real service prints the exact request and needs --yes.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push push revoke 660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e --emulator http://127.0.0.1:5390", description: "recall a task" },
    { command: "tencent-chat-push push revoke $TASK --offline-title Sorry --offline-desc \"Ignore the last message\" --region singapore --yes", description: "real service: recall and overwrite the notification" },
    { command: "tencent-chat-push push revoke $TASK --dry-run", description: "print the request only" },
  ]),
)

const toUsers = Command.make(
  "to-users",
  {
    ...connectionFlags,
    users: Flag.String("users").pipe(Flag.withMetavar("FILE"), Flag.withDescription("user ids, one per line (- for stdin)")),
    from: Flag.String("from").pipe(Flag.withMetavar("USERID"), Flag.withDescription("sender (From_Account; default: the admin)"), Flag.optional),
    ...offlineFlags,
    msgRandom: Flag.String("msg-random").pipe(Flag.withMetavar("N"), Flag.withDescription("MsgRandom of the first request (default random)"), Flag.optional),
    dataId: Flag.String("data-id").pipe(Flag.withMetavar("ID"), Flag.withDescription("DataId passed to callbacks"), Flag.optional),
    ...idempotencyFlag,
    ...safetyFlags,
    ...jsonFlag,
  },
  action(async (i: ToUsersInput) => (await run()).runToUsers(i)),
).pipe(
  Command.withDescription("Push to a list of users (timpush batch, 500 per request). Unknown accounts are listed as failures."),
  Command.withExamples([
    { command: "tencent-chat-push push to-users --users winners.txt --offline-title \"You won\" --offline-desc \"Open the app\" --emulator http://127.0.0.1:5390", description: "batch push on the emulator" },
    { command: "tencent-chat-push push to-users --users winners.txt --offline-desc hi --dry-run", description: "print the request bodies" },
  ]),
)

/** `push`. */
export const pushCommand = Command.make("push").pipe(
  Command.withDescription("Send, recall, batch and schedule pushes; push statistics."),
  Command.withExamples([
    { command: "tencent-chat-push push send --tag vip --text hi --dry-run", description: "see the body" },
    { command: "tencent-chat-push push revoke TASK_ID --emulator http://127.0.0.1:5390", description: "recall" },
  ]),
  Command.withSubcommands([send, revoke, toUsers, scheduleCommand, rescheduleCommand, cancelCommand, listCommand, showCommand, statsCommand]),
)
