/**
 * `npm ci` will accept package-lock.json: runs `npm ci --dry-run`, which performs npm ci's own
 * lock-versus-package.json validation without touching node_modules. Catches the lock drifting
 * out of sync (for example after an `npm install` dropped the platform-binary entries our
 * registry mirror cannot serve; `node scripts/fix-lock.ts` restores them).
 *
 * Accepted by decision: this checks what npm ci validates, not a full clean install; the real
 * clean install is .ci/run.
 */
import { capture } from "./lib/sh.ts"

const r = capture("npm", ["ci", "--dry-run", "--no-audit", "--no-fund"], { quiet: true })
if (!r.ok) {
  process.stdout.write(r.output.split("\n").filter((l) => !/EBADENGINE|Unknown user config/.test(l)).join("\n"))
  console.log("FAIL npm ci would refuse this lock file; if entries are Missing, run: node scripts/fix-lock.ts")
  process.exit(1)
}
console.log("lock: npm ci accepts package-lock.json")
