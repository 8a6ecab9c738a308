/**
 * The flags of `emulator` and `emulator exec` (one definition, so both read and document them
 * the same way).
 *
 * @module
 */
import * as Flag from "effect/cli/Flag"
import { credentialFlags } from "../flags.ts"

/** Flags that configure the emulated app, its limits and faults (not where it listens). */
export const emulatorSetupFlags = {
  ...credentialFlags,
  admin: Flag.String("admin").pipe(
    Flag.withMetavar("USERID[,USERID]"),
    Flag.withDescription("admin UserID(s) (env TENCENT_CHAT_ADMIN; default administrator)"),
    Flag.optional,
  ),
  host: Flag.String("host").pipe(Flag.withDescription("interface to bind (loopback by default)"), Flag.withDefault("127.0.0.1")),
  rateLimit: Flag.String("rate-limit").pipe(
    Flag.withMetavar("N|off"),
    Flag.withDescription("calls per second allowed on attribute, tag and account commands (default: the documented 100/s)"),
    Flag.optional,
  ),
  dailyQuota: Flag.Int("daily-quota").pipe(Flag.withDescription("pushes per day (default 100)"), Flag.optional),
  pushInterval: Flag.String("push-interval").pipe(
    Flag.withMetavar("DURATION"),
    Flag.withDescription("pushes must be more than this apart (default 1s)"),
    Flag.optional,
  ),
  faultRate: Flag.String("fault-rate").pipe(
    Flag.withMetavar("0..1"),
    Flag.withDescription("probability that a request gets a random fault (91000, HTTP 502, delay, truncated JSON, dropped connection); default 0: off"),
    Flag.optional,
  ),
  faultSeed: Flag.String("fault-seed").pipe(
    Flag.withMetavar("N"),
    Flag.withDescription("seed of the random faults (uint32, default 1): the same seed and call order replay the same faults"),
    Flag.optional,
  ),
  callbackUrl: Flag.String("callback-url").pipe(
    Flag.withMetavar("URL"),
    Flag.withDescription("send Push.AllMemberPush callbacks for every push and batch task to URL (sent, delivered, clicked), signed with --callback-token"),
    Flag.optional,
  ),
  callbackToken: Flag.Redacted("callback-token").pipe(
    Flag.withMetavar("TOKEN"),
    Flag.withDescription("the token callbacks are signed with (env TENCENT_CHAT_CALLBACK_TOKEN; never printed)"),
    Flag.optional,
  ),
  faultDelayMs: Flag.String("fault-delay-ms").pipe(
    Flag.withMetavar("MS"),
    Flag.withDescription("how long a delay fault waits (default 15000)"),
    Flag.optional,
  ),
}
