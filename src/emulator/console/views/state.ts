/**
 * State tab: export the state to a file, import one (after a confirmation), reset everything
 * (after a confirmation), empty the request log; through `/__emulator/state`, `/reset` and
 * `/requests`.
 *
 * @module
 */
import type { ConsoleView } from "./view.ts"

export const stateView: ConsoleView = {
  id: "state",
  title: "State",
  script: String.raw`
view({ id: "state", title: "State", mount: function (root, ctx) {
  var o = state.overview;
  var file = h("input", { type: "file", name: "state-file", accept: ".json,.ndjson,application/json,application/x-ndjson", "aria-label": "state file" });
  var result = h("div", { id: "state-result" });
  var summary = h("p", { class: "muted" });
  function describe(ov) {
    summary.textContent = ov.apps.map(function (a) { return "app " + a.sdkAppId + ": " + fmtNum(a.accounts) + " accounts, " + fmtNum(a.tasks) + " tasks"; }).join(" · ");
  }
  async function refresh() { var ov = await api("/ui/api/overview"); state.overview = ov; describe(ov); }
  async function exportState() {
    try {
      var res = await api("/state", { raw: true });
      var type = res.headers.get("content-type") || "";
      var ext = type.indexOf("ndjson") >= 0 ? "ndjson" : "json";
      var blob = await res.blob();
      var a = h("a", { href: URL.createObjectURL(blob), download: "emulator-state-" + new Date().toISOString().replace(/[:.]/g, "-") + "." + ext });
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      toast("State exported (" + fmtNum(blob.size) + " bytes)", "ok");
    } catch (e) { fail(e); }
  }
  async function importState() {
    var f = file.files && file.files[0];
    if (!f) return toast("Choose a state file first", "error");
    if (!(await confirmDialog("Replace the state of the apps in " + f.name + " with its contents? Their current accounts, attributes, tags and tasks are lost.", "Import"))) return;
    // A browser sends a File as a stream; NDJSON or a version-1 JSON document, told apart by the emulator.
    var type = /\.ndjson$/i.test(f.name) ? "application/x-ndjson" : "application/json";
    try {
      var r = await api("/state", { method: "PUT", body: f, type: type });
      fill(result, h("p", { class: "ok" }, "Imported " + f.name + "."));
      toast("State imported", "ok");
      await refresh();
    } catch (e) { fill(result, h("p", { class: "bad" }, "Not imported: " + e.message)); }
  }
  async function reset() {
    if (!(await confirmDialog("Reset every app's state, the request log, the clock offset and the faults? This cannot be undone.", "Reset"))) return;
    await api("/reset", { method: "POST", body: {} }).then(function () { toast("Emulator reset", "ok"); return refresh(); }, fail);
  }
  async function clearLog() {
    if (!(await confirmDialog("Empty the request log?", "Empty"))) return;
    await api("/requests", { method: "DELETE" }).then(function () { toast("Request log emptied", "ok"); }, fail);
  }
  fill(root, 
    h("section", { class: "card" }, h("h2", null, "Current state"), summary,
      h("p", { class: "muted small" }, "A state file holds app data only (attribute names, accounts, attributes, tags, tasks, quota counters): never a secret key. The clock, faults and the request log are not part of it.")),
    h("div", { class: "grid2" },
      h("section", { class: "card" }, h("h2", null, "Export"), h("p", null, "Download the whole state as a file."),
        h("div", { class: "row" }, h("button", { type: "button", class: "primary", id: "state-export", onclick: exportState }, "Export state"))),
      h("section", { class: "card" }, h("h2", null, "Import"), h("p", null, "Replace the state of the apps a file lists."),
        h("div", { class: "row" }, file, h("button", { type: "button", class: "primary", id: "state-import", onclick: importState }, "Import")), result)),
    h("section", { class: "card" }, h("h2", null, "Start over"),
      h("div", { class: "row" },
        h("button", { type: "button", class: "danger", id: "state-reset", onclick: reset }, "Reset the emulator"),
        h("button", { type: "button", id: "log-clear", onclick: clearLog }, "Empty the request log"))));
  describe(o);
  ctx.every(3000, refresh);
} });
`,
}
