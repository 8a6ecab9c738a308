/**
 * Every runtime-neutral conformance suite, in run order. Each runtime entry
 * (test/runtime/<node|deno|bun|workerd>) imports this list and runs it.
 *
 * To add a suite: write `test/conformance/<area>.suite.ts` exporting a `Suite`, then add ONE
 * import line and ONE array entry below (see README.md in this folder).
 */
import { callbacksSuite } from "./callbacks.suite.ts"
import { clientSuite } from "./client.suite.ts"
import { e2eSuite } from "./e2e.suite.ts"
import { emulatorSuite } from "./emulator.suite.ts"
import type { Suite } from "./harness.ts"
import { usersigSuite } from "./usersig.suite.ts"

export const suites: ReadonlyArray<Suite> = [
  usersigSuite,
  clientSuite,
  e2eSuite,
  emulatorSuite,
  callbacksSuite,
]
