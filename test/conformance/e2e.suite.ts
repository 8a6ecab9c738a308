/**
 * End to end: the client (Promise facade and Effect API) against the emulator through `fetch`
 * in memory, for every catalogue command on both URL families, success and each documented error
 * the emulator produces for it. Runtime-neutral: the same cases run on Node (vitest), Deno, Bun
 * and workerd. The cases live in ./e2e/, one file per area.
 */
import { registerAccounts } from "./e2e/accounts.ts"
import { registerAttrs } from "./e2e/attrs.ts"
import { registerAuth } from "./e2e/auth.ts"
import { registerLifecycle } from "./e2e/lifecycle.ts"
import { registerMatrix } from "./e2e/matrix.ts"
import { registerPush } from "./e2e/push.ts"
import { registerTags } from "./e2e/tags.ts"
import { registerTransport } from "./e2e/transport.ts"
import type { Suite } from "./harness.ts"

export const e2eSuite: Suite = {
  name: "e2e",
  register: (t) => {
    registerAuth(t)
    registerAttrs(t)
    registerTags(t)
    registerPush(t)
    registerAccounts(t)
    registerTransport(t)
    registerMatrix(t)
    registerLifecycle(t)
  },
}
