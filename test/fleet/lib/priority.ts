/**
 * Scheduling priority for the fleet tests' processes, where the OS allows it (root, as in CI):
 * the emulator above the fleet (it stands in for Tencent's servers, which our processes never
 * starve), the fleet (workers, redis-server, workerd) above whatever else the machine runs (in
 * production each runs on machines of its own). Without permission it changes nothing.
 */
import { setPriority } from "node:os"

/** Niceness of the emulator process. */
export const EMULATOR_PRIORITY = -10
/** Niceness of the fleet's processes. */
export const FLEET_PRIORITY = -5

/** Sets `pid`'s niceness to `niceness` if permitted; returns whether it did. */
export const prioritize = (pid: number | undefined, niceness: number): boolean => {
  if (pid === undefined) return false
  try {
    setPriority(pid, niceness)
    return true
  } catch {
    return false
  }
}
