/**
 * Re-adds package-lock.json entries for platform binaries that our npm registry mirror does not
 * serve (it answers 404 for the macOS/Windows builds of deno and workerd, and deno's linux-arm64).
 *
 * Why: `npm install` silently leaves an unresolvable optional dependency out of the lock file,
 * but `npm ci` then rebuilds the ideal tree, finds the optional edge with no lock entry and
 * refuses to install ("package.json and package-lock.json ... are not in sync"). An entry with
 * the right os/cpu is enough: npm ci skips it on other platforms without fetching it, and on the
 * platform it belongs to (with the public registry) npm resolves it by name and version.
 *
 * Idempotent. Run after an `npm install` if `npm run check:lock` fails:
 *   node scripts/fix-lock.ts && npm run check:lock
 *
 * Accepted by decision: these entries carry no `integrity` (the mirror cannot provide it).
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { root } from "./lib/sh.ts"

type Entry = Record<string, unknown>
const file = join(root, "package-lock.json")
const lock = JSON.parse(readFileSync(file, "utf8")) as { packages: Record<string, Entry> }

const platformOf = (name: string): { os: Array<string>; cpu: Array<string>; libc?: Array<string> } | undefined => {
  const os = /darwin/.test(name) ? "darwin" : /win32|windows/.test(name) ? "win32" : /linux/.test(name) ? "linux" : undefined
  const cpu = /arm64|aarch64/.test(name) ? "arm64" : /x64|-64$/.test(name) ? "x64" : undefined
  if (os === undefined || cpu === undefined) return undefined
  const libc = /musl/.test(name) ? ["musl"] : /glibc/.test(name) ? ["glibc"] : undefined
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) }
}

const added: Array<string> = []
for (const [path, entry] of Object.entries(lock.packages)) {
  const optional = entry.optionalDependencies as Record<string, string> | undefined
  if (!path.startsWith("node_modules/") || optional === undefined) continue
  for (const [dep, version] of Object.entries(optional)) {
    const key = `node_modules/${dep}`
    if (lock.packages[key] !== undefined) continue
    const platform = platformOf(dep)
    if (platform === undefined) continue // not a platform binary: leave it to npm
    lock.packages[key] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    }
    added.push(`${dep}@${version}`)
  }
}

if (added.length > 0) {
  const [rootEntry, ...rest] = Object.entries(lock.packages)
  lock.packages = Object.fromEntries([rootEntry!, ...rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))])
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
}
console.log(added.length > 0 ? `added ${added.length} lock entries: ${added.join(", ")}` : "lock file already complete")
