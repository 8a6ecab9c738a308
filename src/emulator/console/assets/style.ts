/**
 * The console's stylesheet (served as `/__emulator/ui/console.css`). Plain CSS, system fonts,
 * light and dark schemes from the browser's preference; nothing is loaded from elsewhere.
 *
 * @module
 */
export const consoleCss: string = String.raw`
:root {
  --bg: #f6f7f9; --panel: #fff; --ink: #1d2330; --muted: #5d6677; --line: #dde1e8; --accent: #1f6feb;
  --ok: #1a7f37; --bad: #c62828; --warn: #a15c00; --chip: #eef1f6; --sel: #e8f0fe; --code: #f3f4f7;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c; --panel: #1c2027; --ink: #e4e7ec; --muted: #98a1b2; --line: #2f3540; --accent: #5c9dff;
    --ok: #4cc26a; --bad: #ff6b6b; --warn: #f0a640; --chip: #262c36; --sel: #1e3050; --code: #171a20;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.top { display: flex; align-items: center; gap: 18px; padding: 0 18px; height: 52px; background: var(--panel); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
.brand { font-weight: 650; white-space: nowrap; }
.brand span { font-weight: 400; color: var(--muted); }
.local { font-size: 12px; color: var(--warn); border: 1px solid currentColor; border-radius: 10px; padding: 0 8px; white-space: nowrap; }
nav { display: flex; gap: 2px; overflow-x: auto; flex: 1; }
nav a { padding: 6px 11px; border-radius: 6px; color: var(--muted); text-decoration: none; white-space: nowrap; }
nav a:hover { background: var(--chip); color: var(--ink); }
nav a.on { background: var(--sel); color: var(--accent); font-weight: 600; }
.live { font-size: 12px; color: var(--muted); white-space: nowrap; }
.live::before { content: "●"; margin-right: 5px; color: var(--ok); }
.live.off::before { color: var(--bad); }
main { padding: 16px 18px 40px; max-width: 1500px; margin: 0 auto; }
h2 { font-size: 15px; margin: 0 0 10px; }
h3 { font-size: 13px; margin: 14px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 14px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 14px; margin-bottom: 14px; }
.grid2 > .card { margin-bottom: 0; }
.split { display: grid; grid-template-columns: minmax(0, 1fr) minmax(320px, 38%); gap: 14px; align-items: start; }
.split > .card { margin-bottom: 0; min-width: 0; }
.split > .card:first-child { overflow-x: auto; }
.sticky { position: sticky; top: 64px; max-height: calc(100vh - 80px); overflow: auto; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.row + .row { margin-top: 8px; }
.spacer { flex: 1; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 7px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr.click { cursor: pointer; }
tbody tr.click:hover { background: var(--chip); }
tbody tr.sel { background: var(--sel); }
tbody tr.new { animation: flash 1.2s ease-out; }
@keyframes flash { from { background: var(--sel); } to { background: transparent; } }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 0; overflow: auto; max-height: 360px; white-space: pre-wrap; word-break: break-all; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.badge { display: inline-block; font-size: 11.5px; padding: 0 7px; border-radius: 9px; background: var(--chip); white-space: nowrap; }
.badge.fault { background: color-mix(in srgb, var(--warn) 18%, transparent); color: var(--warn); font-weight: 600; }
.badge.ok { background: color-mix(in srgb, var(--ok) 15%, transparent); }
.badge.bad { background: color-mix(in srgb, var(--bad) 14%, transparent); }
.chips { display: flex; flex-wrap: wrap; gap: 5px; }
.chip { background: var(--chip); border-radius: 10px; padding: 1px 8px; font-size: 12.5px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
input, select, button { font: inherit; color: inherit; }
input, select { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; }
input[type=number] { width: 110px; }
input.wide { min-width: 320px; flex: 1; }
button { border: 1px solid var(--line); background: var(--panel); border-radius: 6px; padding: 5px 12px; cursor: pointer; }
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { color: var(--bad); border-color: color-mix(in srgb, var(--bad) 50%, var(--line)); }
button:disabled { opacity: .5; cursor: default; }
label.check { display: inline-flex; gap: 5px; align-items: center; }
.meter { height: 6px; background: var(--chip); border-radius: 3px; overflow: hidden; width: 120px; display: inline-block; vertical-align: middle; margin-left: 6px; }
.meter > i { display: block; height: 100%; background: var(--accent); }
.empty { color: var(--muted); padding: 18px 4px; }
.clock { font-size: 22px; font-variant-numeric: tabular-nums; font-weight: 600; }
#toasts { position: fixed; right: 16px; bottom: 16px; display: flex; flex-direction: column; gap: 8px; z-index: 20; }
.toast { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; padding: 8px 12px; box-shadow: 0 4px 14px rgba(0,0,0,.12); max-width: 420px; }
.toast.error { border-left-color: var(--bad); }
.toast.ok { border-left-color: var(--ok); }
dialog { border: 1px solid var(--line); border-radius: 10px; background: var(--panel); color: var(--ink); padding: 18px 20px; max-width: 460px; }
dialog::backdrop { background: rgba(0,0,0,.35); }
dialog .row { justify-content: flex-end; margin-top: 14px; }
@media (max-width: 900px) { .split { grid-template-columns: 1fr; } .sticky { position: static; max-height: none; } }
`
