/**
 * The console's extension point: a view is a tab of the page (browser code) plus, when it needs
 * data the existing routes do not give, its own read routes under `/__emulator/ui/api/`.
 *
 * To add one (scheduled pushes, delivered callbacks, a test-callback form):
 * 1. write `views/<name>.ts` exporting a `ConsoleView`;
 * 2. list it in `views/mod.ts` (the order of that list is the order of the tabs);
 * 3. if it reads internals the `ConsoleContext` lacks, add them there and where
 *    `createEmulator` builds the context.
 *
 * The `script` is plain browser JavaScript (no build step, no modules), run once inside the
 * console's scope after the core (views/core.ts), where these are in scope:
 * - `view({ id, title, mount(root, ctx) })`: registers the tab; `mount` fills `root` and may
 *   return a cleanup function. `ctx.every(ms, fn)` polls while the tab is shown (and the page
 *   visible); `ctx.params` is the rest of the `#/id/...` address, decoded; a view that sets
 *   `ctx.update = fn` gets `fn(params)` when only that rest changes, instead of a new mount.
 * - `h(tag, props, ...children)`: builds DOM (text is always set as text, never as HTML);
 * - `api(path, { method, body })`: a call under `/__emulator/` (JSON in and out, the token if
 *   one was given); it rejects with the answer's `error` text;
 * - `fmtTime(ms, short)`, `fmtMs(ms)`, `fmtNum(n)`, `plural(n, one, many)`, `toast(text, kind)`, `confirmDialog(text, okLabel)`,
 *   `jsonBlock(text)`, `table(columns, rows, onRow)`, `kv(pairs)`, `chips(list)`, `fill(el, ...children)`,
 *   `go(hash)`, `state.overview` (the last overview answer: apps, catalogue keys, views).
 *
 * The script must not contain a backtick or `${` (it is kept in a template literal).
 *
 * @module
 */
import type { ConsoleContext } from "../context.ts"

/** What a view's route receives. */
export interface ConsoleRouteInput {
  readonly request: Request
  readonly url: URL
  /** The path parts after the route's own name, decoded. */
  readonly rest: ReadonlyArray<string>
  readonly ctx: ConsoleContext
}

/** One read route of a view: `"GET name"` → handler. */
export type ConsoleRoute = (input: ConsoleRouteInput) => Response | Promise<Response>

/** One tab of the console. */
export interface ConsoleView {
  /** The tab's address, `#/<id>`; lower-case letters and dashes. */
  readonly id: string
  /** The tab's label. */
  readonly title: string
  /** Browser code registering the tab (see above). */
  readonly script: string
  /** Extra read routes, keyed `"GET <name>"`, served at `/__emulator/ui/api/<name>[/...]`. */
  readonly routes?: Readonly<Record<string, ConsoleRoute>>
}
