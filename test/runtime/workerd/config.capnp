# workerd config for the conformance bundle (built by run.ts into .tmp/workerd/conformance.js).
# Two services run the same bundle: default compatibility flags, and no Node compatibility at all,
# which proves the library needs no Node polyfills. `no_nodejs_compat` alone is NOT enough at this
# date: nodejs_compat_v2 is also on by default and still provides `node:*` modules, Buffer and a
# partial `process` (verified), so the second service turns off both. compatibilityDate must not be later than the
# workerd build's own date (`workerd --version`).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "default", worker = .defaultWorker),
    (name = "no-nodejs-compat", worker = .noNodeWorker),
  ],
);

const defaultWorker :Workerd.Worker = (
  modules = [ (name = "conformance.js", esModule = embed "../../../.tmp/workerd/conformance.js") ],
  compatibilityDate = "2026-11-01",
  bindings = [ (name = "MODE", text = "default") ],
);

const noNodeWorker :Workerd.Worker = (
  modules = [ (name = "conformance.js", esModule = embed "../../../.tmp/workerd/conformance.js") ],
  compatibilityDate = "2026-11-01",
  compatibilityFlags = ["no_nodejs_compat", "no_nodejs_compat_v2"],
  bindings = [ (name = "MODE", text = "no-nodejs-compat") ],
);
