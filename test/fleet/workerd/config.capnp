# workerd config of the Durable Object fleet test (test/fleet/durable-object.test.ts), served with
# `workerd serve` on the socket address the test passes (--socket-addr http=127.0.0.1:PORT).
# One bundle (.tmp/fleet-workerd/fleet.js, built from entry.ts) in six Workers: the store Worker
# defines the ChatStoreObject namespace (in-memory Durable Object storage); four callers (four
# isolates) bind that namespace explicitly (every namespace needs a durableObjectNamespace
# binding) and reach the emulator on loopback; the router forwards /<n> to caller n.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "store", worker = .storeWorker),
    (name = "caller0", worker = .caller0),
    (name = "caller1", worker = .caller1),
    (name = "caller2", worker = .caller2),
    (name = "caller3", worker = .caller3),
    (name = "router", worker = .router),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "router") ],
);

const bundle :List(Workerd.Worker.Module) = [ (name = "fleet.js", esModule = embed "../../../.tmp/fleet-workerd/fleet.js") ];

const storeWorker :Workerd.Worker = (
  modules = .bundle,
  compatibilityDate = "2026-11-01",
  bindings = [ (name = "ROLE", text = "store") ],
  durableObjectNamespaces = [ (className = "ChatStoreObject", uniqueKey = "tencent-chat-push-fleet-test") ],
  durableObjectStorage = (inMemory = void),
);

const callerBindings :List(Workerd.Worker.Binding) = [
  (name = "ROLE", text = "caller"),
  (name = "CHAT_STORE", durableObjectNamespace = (className = "ChatStoreObject", serviceName = "store")),
];

const caller0 :Workerd.Worker = (modules = .bundle, compatibilityDate = "2026-11-01", bindings = .callerBindings, globalOutbound = "loopback");
const caller1 :Workerd.Worker = (modules = .bundle, compatibilityDate = "2026-11-01", bindings = .callerBindings, globalOutbound = "loopback");
const caller2 :Workerd.Worker = (modules = .bundle, compatibilityDate = "2026-11-01", bindings = .callerBindings, globalOutbound = "loopback");
const caller3 :Workerd.Worker = (modules = .bundle, compatibilityDate = "2026-11-01", bindings = .callerBindings, globalOutbound = "loopback");

const router :Workerd.Worker = (
  modules = .bundle,
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "ROLE", text = "router"),
    (name = "CALLER0", service = "caller0"),
    (name = "CALLER1", service = "caller1"),
    (name = "CALLER2", service = "caller2"),
    (name = "CALLER3", service = "caller3"),
  ],
);
