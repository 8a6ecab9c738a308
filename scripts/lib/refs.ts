/**
 * The rules of scripts/check-refs.ts, as pure functions over a file's text (no I/O), so the unit
 * tests can feed them any text. See check-refs.ts for what they protect and what they accept.
 */
import { posix } from "node:path"

/** One reference a cloner cannot follow. */
export interface Finding {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly problem: string
  readonly excerpt: string
}

/** What the rules need to know about the repository. */
export interface Repo {
  /** Repo-relative paths (forward slashes) of every file in the tree. */
  readonly files: ReadonlySet<string>
  /** The heading anchors of a repo markdown file, or undefined if it is not one. */
  readonly anchors: (path: string) => ReadonlySet<string> | undefined
}

/**
 * Base names of the research notes the project was built from. They were never part of the
 * repository, so a citation of one only counts if a file of that name exists at the cited path
 * (for example docs/protocol/ or docs/usersig).
 */
export const noteNames: ReadonlyArray<string> = [
  "push-api",
  "accounts-api",
  "push-lifecycle",
  "fleet-stores",
  "ratelimiter-redis",
  "effect-and-runtimes",
  "emulator-ui",
  "peers",
  "usersig",
  "design",
]

const names = noteNames.join("|")
/** A note's file name, e.g. the push API note with its markdown extension. */
const noteFile = new RegExp(`(?<![\\w.-])(?:${names})\\.md(?![\\w-])`, "g")
/** The brace form `{a,b}.md` naming a note. */
const noteBraces = new RegExp(`\\{[^}\\s]*\\b(?:${names})\\b[^}\\s]*\\}\\.md`, "g")
/** Absolute paths of a development machine: under work, tmp, root, home or Users at the root. */
const machinePath = /(?<![\w.~:/%-])\/(?:work|tmp|root|home|Users)\/[^\s"'`)]*/g
/** The folder the notes lived in, with or without its absolute prefix. */
const sharedFolder = /shared\/reference/g
/** A section sign (U+00A7); accepted only after a named document (see sectionOwner). */
const sectionSign = /\u00a7/g
/** What may stand right before a section sign: an RFC or one of the project's issues. */
const sectionOwner = /(?:\bRFC \d+|\bissue \d+) ?$/
/** A link to a markdown file's anchor: `path.md#anchor`, or `](#anchor)` inside a markdown file. */
const mdAnchor = /([\w./-]*\.md)#([\w-]+)/g
const sameFileAnchor = /\]\(#([\w-]+)\)/g
/** Characters a path token is made of (for the text right before a note's file name). */
const pathChar = /[\w.:/@%~+-]/

const lineStarts = (text: string): ReadonlyArray<number> => {
  const starts = [0]
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1)
  return starts
}

const position = (starts: ReadonlyArray<number>, index: number): { line: number; column: number } => {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= index) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: index - starts[lo]! + 1 }
}

/** Where a repo-relative or file-relative path points, if it stays inside the repository. */
const resolveInRepo = (file: string, target: string): ReadonlyArray<string> => {
  if (target.startsWith("/")) return []
  const candidates = [posix.normalize(posix.join(posix.dirname(file), target)), posix.normalize(target)]
  return candidates.filter((p) => !p.startsWith("../") && p !== "..")
}

/** The path token that ends right before `index` (e.g. `docs/protocol/`). */
const tokenBefore = (text: string, index: number): string => {
  let start = index
  while (start > 0 && pathChar.test(text[start - 1]!)) start--
  return text.slice(start, index)
}

/**
 * Every reference in `text` (the content of repo file `file`) that a cloner of the repository
 * cannot follow.
 */
export const findRefs = (file: string, text: string, repo: Repo): ReadonlyArray<Finding> => {
  const starts = lineStarts(text)
  const found: Array<Finding> = []
  const add = (index: number, length: number, problem: string) => {
    const { line, column } = position(starts, index)
    const lineText = text.slice(starts[line - 1], starts[line] ?? text.length).replace(/\n$/, "")
    found.push({ file, line, column, problem, excerpt: lineText.trim().slice(0, 160) || text.slice(index, index + length) })
  }

  for (const m of text.matchAll(noteFile)) {
    const token = tokenBefore(text, m.index) + m[0]
    if (token.includes("://")) continue
    if (resolveInRepo(file, token).some((p) => repo.files.has(p))) continue
    add(m.index, m[0].length, `cites ${token}, which is not a file of this repository (cite a vendor URL or docs/protocol/)`)
  }
  for (const m of text.matchAll(noteBraces)) {
    add(m.index, m[0].length, `cites ${m[0]}, which is not a file of this repository`)
  }
  for (const m of text.matchAll(machinePath)) {
    add(m.index, m[0].length, `names the machine path ${m[0]}`)
  }
  for (const m of text.matchAll(sharedFolder)) {
    add(m.index, m[0].length, "cites the shared reference folder, which is not part of this repository")
  }
  for (const m of text.matchAll(sectionSign)) {
    const before = text.slice(Math.max(0, m.index - 16), m.index)
    if (sectionOwner.test(before)) continue
    add(m.index, 1, "a section sign (U+00A7) with no document of this repository before it (cite a docs/protocol/ anchor or a vendor URL)")
  }
  for (const m of text.matchAll(mdAnchor)) {
    if (m[1]!.includes("://") || tokenBefore(text, m.index).includes("://")) continue
    const target = resolveInRepo(file, m[1]!).find((p) => repo.anchors(p) !== undefined)
    if (target === undefined) continue
    if (!repo.anchors(target)!.has(m[2]!)) add(m.index, m[0].length, `links ${target}#${m[2]}, but that heading does not exist`)
  }
  if (file.endsWith(".md")) {
    const own = repo.anchors(file)
    for (const m of text.matchAll(sameFileAnchor)) {
      if (own !== undefined && !own.has(m[1]!)) add(m.index, m[0].length, `links #${m[1]}, but this file has no such heading`)
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column)
}

/**
 * The anchors GitHub gives a markdown file's headings: the heading text in lower case, link
 * targets and punctuation dropped, spaces turned into `-`; a repeated slug gets `-1`, `-2`…
 * Headings inside fenced code blocks are not headings.
 */
export const headingAnchors = (markdown: string): ReadonlySet<string> => {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fence: string | undefined
  for (const line of markdown.split("\n")) {
    const f = /^\s*(```+|~~~+)/.exec(line)
    if (f !== null) {
      if (fence === undefined) fence = f[1]![0]
      else if (f[1]![0] === fence) fence = undefined
      continue
    }
    if (fence !== undefined) continue
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (h === null) continue
    const text = h[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-")
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}
