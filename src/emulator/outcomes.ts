/**
 * What happens to each recipient of a push, simulated: the device (vendor channel), whether the
 * push went out online (Tencent's own connection) or offline (a vendor channel), and its progress
 * through the three documented stages: sent (1), delivered (2), clicked (3), each with an error
 * code when it failed. Callbacks, statistics, loss analysis and traces are all read from this one
 * model, which is why they agree.
 *
 * Deterministic and stateless: a recipient's outcome is a function of the seed, the TaskId and
 * the UserID (a 32-bit mix of their hashes), so nothing per recipient is stored and the same seed
 * gives the same outcomes on every runtime. A user's device depends on the seed and the UserID
 * only, so it is the same in every task.
 *
 * The codes are the ones the loss page's sample shows (https://trtc.io/zh/document/71895): before
 * sending -1 (no certificate id set) and -2 (no token uploaded); after sending 1 (regid_invalid,
 * a vendor token no longer valid) and 410 (Unregistered). Online pushes neither fail to be sent
 * nor fail to be delivered here. Stage 2 failures are reported as stage-2 events with a non-zero
 * `ErrCode` (our reading: the docs say only that `ErrCode` 0 is success; see
 * docs/emulator.md, "Simulated deliveries").
 *
 * @module
 */
import { EmulatorInputError } from "./errors.ts"

/** How the emulator simulates what happens to each recipient of a push (all shares 0..1). */
export interface PushSimulationOptions {
  /** Seed of the simulation (uint32). Default 1. */
  readonly seed?: number
  /** Share of recipients online when the push goes out (`EventType` 2, `PushPlatform` 0). Default 0.2. */
  readonly onlineRate?: number
  /** Share of offline recipients the push cannot be sent to (stage 1 fails: -1 or -2). Default 0.05. */
  readonly sendFailureRate?: number
  /** Share of sent recipients whose device reports delivery (stage 2, `ErrCode` 0). Default 0.85. */
  readonly deliveredRate?: number
  /**
   * Share of sent offline recipients whose vendor refuses delivery (stage 2 fails: 1 or 410).
   * With `deliveredRate` at most 1; the rest of the sent recipients report nothing. Default 0.05.
   */
  readonly deliveryFailureRate?: number
  /** Share of delivered recipients who click (stage 3). Default 0.2. */
  readonly clickRate?: number
  /**
   * When each stage's events happen, in ms after the task (emulator clock): every sent event by
   * the first, every delivery by the second, every click by the third. A stage's callbacks go out
   * once its time has come. Default `[1000, 5000, 60000]`.
   */
  readonly stageDelaysMs?: readonly [number, number, number]
}

/** Every setting filled in. */
export interface ResolvedSimulation {
  readonly seed: number
  readonly onlineRate: number
  readonly sendFailureRate: number
  readonly deliveredRate: number
  readonly deliveryFailureRate: number
  readonly clickRate: number
  readonly stageDelaysMs: readonly [number, number, number]
}

const share = (name: string, v: unknown, fallback: number): number => {
  if (v === undefined) return fallback
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new EmulatorInputError(`pushSimulation.${name}`, `pushSimulation.${name} must be a number from 0 to 1`)
  return v
}

/** Checks and defaults the simulation options; throws `EmulatorInputError` naming a bad one. */
export const resolveSimulation = (o: PushSimulationOptions = {}): ResolvedSimulation => {
  const seed = o.seed ?? 1
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new EmulatorInputError("pushSimulation.seed", "pushSimulation.seed must be an integer 0..2^32-1")
  const r = {
    seed,
    onlineRate: share("onlineRate", o.onlineRate, 0.2),
    sendFailureRate: share("sendFailureRate", o.sendFailureRate, 0.05),
    deliveredRate: share("deliveredRate", o.deliveredRate, 0.85),
    deliveryFailureRate: share("deliveryFailureRate", o.deliveryFailureRate, 0.05),
    clickRate: share("clickRate", o.clickRate, 0.2),
    stageDelaysMs: o.stageDelaysMs ?? ([1000, 5000, 60000] as const),
  }
  if (r.deliveredRate + r.deliveryFailureRate > 1) {
    throw new EmulatorInputError("pushSimulation.deliveryFailureRate", "pushSimulation.deliveredRate + deliveryFailureRate must be at most 1")
  }
  const d = r.stageDelaysMs
  if (!Array.isArray(d) || d.length !== 3 || !d.every((x) => Number.isSafeInteger(x) && x >= 0) || !(d[0] <= d[1] && d[1] <= d[2])) {
    throw new EmulatorInputError("pushSimulation.stageDelaysMs", "pushSimulation.stageDelaysMs must be three non-decreasing integers of ms")
  }
  return r
}

/** One stage's outcome for one recipient. */
export interface StageOutcome {
  /** `ErrCode`: 0 success. */
  readonly errorCode: number
  /** `ErrInfo`. */
  readonly errorInfo: string
  /** When it happened, ms after the task. */
  readonly afterMs: number
}

/** A recipient's whole outcome: device, channel, and stages 1..3 (absent: the stage never happens). */
export interface RecipientOutcome {
  /** The device's vendor (the `PushPlatform` code list, 1–8). */
  readonly device: number
  /** Whether the push went out over Tencent's own connection (`EventType` 2). */
  readonly online: boolean
  readonly stages: readonly [StageOutcome, StageOutcome | undefined, StageOutcome | undefined]
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a UserID or TaskId. */
export const hash32 = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

// The murmur3 finaliser: spreads every input bit over the output.
const mix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uniform number in [0, 1) from three 32-bit inputs. */
const unit = (a: number, b: number, salt: number): number => mix(a ^ mix((b + Math.imul(salt, 0x9e3779b9)) >>> 0)) / 4294967296

// Device vendors by share (our choice, roughly a global mix): APNs, FCM, Huawei, Xiaomi, OPPO, vivo, Honor, Meizu.
const vendors: ReadonlyArray<readonly [number, number]> = [[1, 0.3], [4, 0.2], [3, 0.12], [2, 0.12], [6, 0.08], [7, 0.08], [8, 0.06], [5, 0.04]]

const deviceOf = (seed: number, user: number): number => {
  let x = unit(seed, user, 1)
  for (const [code, w] of vendors) {
    if (x < w) return code
    x -= w
  }
  return 5
}

const SEND_FAILURES: ReadonlyArray<readonly [number, string]> = [[-1, "no certificate id set"], [-2, "no token uploaded"]]
const DELIVERY_FAILURES: ReadonlyArray<readonly [number, string]> = [[1, "regid_invalid"], [410, "Unregistered"]]

/**
 * The outcome of one recipient (`userHash` = `hash32(UserID)`) in one task (`taskHash` =
 * `hash32(TaskId)`). Each stage's time lies between the previous stage's delay and its own.
 */
export const outcomeOf = (sim: ResolvedSimulation, taskHash: number, userHash: number): RecipientOutcome => {
  const seedTask = mix(sim.seed ^ taskHash)
  const device = deviceOf(sim.seed, userHash)
  const online = unit(seedTask, userHash, 2) < sim.onlineRate
  const [d1, d2, d3] = sim.stageDelaysMs
  const at = (salt: number, from: number, to: number) => from + Math.floor(unit(seedTask, userHash, salt) * (to - from))
  const pick = (list: ReadonlyArray<readonly [number, string]>, salt: number) => list[unit(seedTask, userHash, salt) < 0.5 ? 0 : 1]!
  if (!online && unit(seedTask, userHash, 3) < sim.sendFailureRate) {
    const [code, info] = pick(SEND_FAILURES, 4)
    return { device, online, stages: [{ errorCode: code, errorInfo: info, afterMs: at(10, 0, d1) }, undefined, undefined] }
  }
  const sent: StageOutcome = { errorCode: 0, errorInfo: "", afterMs: at(10, 0, d1) }
  const x = unit(seedTask, userHash, 5)
  if (x >= sim.deliveredRate) {
    const failed = !online && x < sim.deliveredRate + sim.deliveryFailureRate
    if (!failed) return { device, online, stages: [sent, undefined, undefined] }
    const [code, info] = pick(DELIVERY_FAILURES, 6)
    return { device, online, stages: [sent, { errorCode: code, errorInfo: info, afterMs: at(11, d1, d2) }, undefined] }
  }
  const delivered: StageOutcome = { errorCode: 0, errorInfo: "", afterMs: at(11, d1, d2) }
  const clicked = unit(seedTask, userHash, 7) < sim.clickRate ? { errorCode: 0, errorInfo: "", afterMs: at(12, d2, d3) } : undefined
  return { device, online, stages: [sent, delivered, clicked] }
}
