/**
 * Durations on the command line (`--expire 180d`, `--progress-interval 2s`) and in output
 * ("expires in 179d 23h").
 *
 * @module
 */

const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }

/**
 * Parses `90`, `90s`, `15m`, `12h`, `180d`, `2w`, `1y` or a sum such as `1d12h` into seconds.
 * A bare number means seconds (UserSig lifetimes are seconds on the wire). Returns undefined
 * for anything else, so the caller can name the flag in its error.
 */
export const parseDurationSeconds = (text: string): number | undefined => {
  const s = text.trim().toLowerCase()
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s)
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/gy
  let total = 0
  let end = 0
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    total += Number(m[1]) * units[m[2]!]!
    end = re.lastIndex
  }
  return end === s.length && s.length > 0 ? total : undefined
}

/** `93784` → `1d 2h 3m 4s` (largest three units; `0s` for zero; negative gets a leading `-`). */
export const formatDuration = (seconds: number): string => {
  if (seconds < 0) return `-${formatDuration(-seconds)}`
  let rest = Math.floor(seconds)
  if (rest === 0) return "0s"
  const parts: string[] = []
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(rest / size)
    rest -= n * size
    if (n > 0) parts.push(`${n}${unit}`)
  }
  return parts.slice(0, 3).join(" ")
}

/** Unix seconds → `2024-05-13T00:00:00Z` (UTC, no milliseconds). */
export const formatUnixTime = (seconds: number): string =>
  new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")
