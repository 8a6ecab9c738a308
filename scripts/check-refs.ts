/**
 * Every "why" can be followed from inside the repository. This check reads every file of the tree
 * (what `git ls-files` lists, tracked or new but not ignored: src, test, docs, bench, scripts,
 * packages, README, CONTRIBUTING, mod.ts, configs...) and fails on:
 *
 *   1. a citation of one of the research notes the project was built from (push-api, accounts-api,
 *      push-lifecycle, fleet-stores, ratelimiter-redis, effect-and-runtimes, emulator-ui, peers,
 *      usersig, design; each with the markdown extension), or of the folder they lived in. Those
 *      files were never in the repository;
 *   2. an absolute path of a development machine (under work, tmp, root, home or Users);
 *   3. a section sign with no document of the repository before it (a dangling "reference 1.2");
 *   4. a link to `some.md#anchor` of a repository file whose headings have no such anchor, so a
 *      citation like `docs/protocol/push-api.md#push-spacing` keeps landing on its paragraph.
 *
 * Accepted by decision:
 *   - a note's file name is fine when a file of that name exists at the cited path, relative to
 *     the citing file or to the root (docs/protocol pages, docs/usersig, a markdown link between
 *     docs/protocol pages); and inside a URL;
 *   - a section sign is fine right after "RFC <n>" (e.g. RFC 1951's sections) and after
 *     "issue <n>" (the project's own issues);
 *   - anchors are computed as GitHub does (lower case, punctuation dropped, spaces to `-`,
 *     `-1`… for repeats); links into files outside the repository are not followed.
 *
 * Facts behind the code belong in docs/protocol/ (README there says how to add one), cited by
 * anchor, or cite the vendor's page URL directly.
 *
 *   npm run check:refs
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs"
import { join, relative, sep } from "node:path"
import { findRefs, headingAnchors } from "./lib/refs.ts"
import type { Finding } from "./lib/refs.ts"
import { root } from "./lib/sh.ts"

/** The tree's files: git's view (tracked + untracked, minus ignored), or a walk without git. */
const listFiles = (): ReadonlyArray<string> => {
  const git = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
  if (git.status === 0) return git.stdout.split("\0").filter((f) => f !== "" && existsSync(join(root, f)))
  const skip = new Set(["node_modules", "dist", ".git", ".tmp"])
  const out: Array<string> = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (skip.has(name)) continue
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else out.push(relative(root, full).split(sep).join("/"))
    }
  }
  walk(root)
  return out
}

const files = listFiles()
const fileSet = new Set(files)
const texts = new Map<string, string | undefined>()
const textOf = (f: string): string | undefined => {
  if (!texts.has(f)) {
    const buf = readFileSync(join(root, f))
    texts.set(f, buf.includes(0) ? undefined : buf.toString("utf8"))
  }
  return texts.get(f)
}
const anchorCache = new Map<string, ReadonlySet<string> | undefined>()
const anchors = (p: string): ReadonlySet<string> | undefined => {
  if (!anchorCache.has(p)) {
    const text = p.endsWith(".md") && fileSet.has(p) ? textOf(p) : undefined
    anchorCache.set(p, text === undefined ? undefined : headingAnchors(text))
  }
  return anchorCache.get(p)
}

const findings: Array<Finding> = []
let scanned = 0
for (const f of files) {
  const text = textOf(f)
  if (text === undefined) continue
  scanned++
  findings.push(...findRefs(f, text, { files: fileSet, anchors }))
}

if (findings.length === 0) {
  console.log(`check-refs: ${scanned} files, every reference points inside the repository or to a URL`)
} else {
  for (const x of findings) console.error(`${x.file}:${x.line}:${x.column}: ${x.problem}\n    ${x.excerpt}`)
  console.error(`\ncheck-refs: ${findings.length} reference(s) a cloner cannot follow, in ${new Set(findings.map((x) => x.file)).size} file(s)`)
  process.exit(1)
}
