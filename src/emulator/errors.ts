/**
 * The emulator's one error type for bad input to its programmatic API (fault settings, clock
 * moves, state imports). Over HTTP the inspection API answers such input with 400 and the same
 * message.
 *
 * @module
 */

/**
 * A setting or a state given to the emulator is unusable: `field` names where (e.g.
 * `faults.delayMs`, `advanceMs`, `state.apps[0].accounts[3]`), the message says why.
 * Extends `TypeError`, which the emulator threw for these before it had a type of its own.
 *
 * @example
 * ```ts
 * import { createEmulator, EmulatorInputError } from "tencent-chat-push/emulator"
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "k", admins: ["administrator"] }] })
 * try {
 *   em.faults.configure({ delayMs: -1 })
 * } catch (e) {
 *   if (e instanceof EmulatorInputError) console.log(e.field, e.message) // "delayMs", "..."
 * }
 * ```
 */
export class EmulatorInputError extends TypeError {
  /** Always `"EmulatorInputError"`. */
  readonly _tag = "EmulatorInputError" as const
  /** Where the unusable value is. */
  readonly field: string

  /** An error about the value at `field`. */
  constructor(field: string, message: string) {
    super(message)
    this.name = "EmulatorInputError"
    this.field = field
  }
}
