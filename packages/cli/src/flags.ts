/**
 * Flags shared by several commands (Effect's `effect/cli`), so they read and document the same
 * everywhere. Environment variables are resolved in config.ts (flags win over them).
 *
 * @module
 */
import * as Flag from "effect/cli/Flag"
import { regionNames } from "tencent-chat-push/wire"

/** Flags naming the app and its secret key (UserSig commands). */
export const credentialFlags = {
  sdkAppId: Flag.String("sdkappid").pipe(
    Flag.withMetavar("ID"),
    Flag.withDescription("SDKAppID of the Chat app (env TENCENT_CHAT_SDKAPPID)"),
    Flag.optional,
  ),
  secretKey: Flag.Redacted("secret-key").pipe(
    Flag.withMetavar("KEY"),
    Flag.withDescription(
      "the app's secret key (env TENCENT_CHAT_SECRET_KEY). Visible in `ps`: prefer the env or --secret-key-file",
    ),
    Flag.optional,
  ),
  secretKeyFile: Flag.String("secret-key-file").pipe(
    Flag.withMetavar("FILE"),
    Flag.withDescription("read the secret key from FILE, or from stdin with `-`"),
    Flag.optional,
  ),
}

/** Flags choosing the service and admin (commands that call the REST API). */
export const connectionFlags = {
  ...credentialFlags,
  admin: Flag.String("admin").pipe(
    Flag.withMetavar("USERID"),
    Flag.withDescription("an app admin's UserID (env TENCENT_CHAT_ADMIN; default administrator)"),
    Flag.optional,
  ),
  region: Flag.String("region").pipe(
    Flag.withMetavar("REGION"),
    Flag.withDescription(
      `the app's region: ${regionNames.join(", ")} (env TENCENT_CHAT_REGION)`,
    ),
    Flag.optional,
  ),
  baseUrl: Flag.String("base-url").pipe(
    Flag.withMetavar("URL"),
    Flag.withDescription("a full origin instead of a region, e.g. http://127.0.0.1:5390 (env TENCENT_CHAT_BASE_URL)"),
    Flag.optional,
  ),
  emulator: Flag.String("emulator").pipe(
    Flag.withMetavar("URL"),
    Flag.withDescription("target a served emulator at URL (e.g. http://127.0.0.1:5390); overrides region/base URL"),
    Flag.optional,
  ),
  family: Flag.Literals("family", ["timpush", "all_member_push"]).pipe(
    Flag.withDescription("URL family of the push commands"),
    Flag.withDefault("timpush" as const),
  ),
  timeout: Flag.String("timeout").pipe(
    Flag.withMetavar("DURATION"),
    Flag.withDescription("per-request timeout, e.g. 10s"),
    Flag.withDefault("10s"),
  ),
  redis: Flag.Redacted("redis").pipe(
    Flag.withMetavar("URL"),
    Flag.withDescription(
      "share the app's rate limits (and --idempotency-key claims) with every process using this Redis, redis://[user:password@]host[:port][/db] or rediss:// (env TENCENT_CHAT_REDIS_URL; a password in the flag is visible in `ps`)",
    ),
    Flag.optional,
  ),
}
