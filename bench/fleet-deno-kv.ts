/**
 * Why Deno fleets use Redis, not a shared local Deno KV file: four Deno processes reserve slots on
 * one KV file for 3 s with the atomic check-and-set a shared limiter needs, and report how many
 * reservations succeeded and how many commits failed with "database is locked".
 *
 *   node_modules/.bin/deno run --unstable-kv -A bench/fleet-deno-kv.ts
 */
// Deno's types are not in the Node type-check of bench/; only what this file uses.
interface KvEntry<T> {
  readonly value: T | null
}
declare const Deno: {
  readonly args: ReadonlyArray<string>
  execPath(): string
  makeTempDir(): Promise<string>
  openKv(path: string): Promise<{
    get<T>(key: ReadonlyArray<string>): Promise<KvEntry<T>>
    atomic(): { check(e: KvEntry<unknown>): { set(key: ReadonlyArray<string>, v: unknown): { commit(): Promise<{ ok: boolean }> } } }
  }>
  Command: new(cmd: string, o: { args: Array<string>; stdout: "piped" }) => { output(): Promise<{ stdout: Uint8Array }> }
}

const child = Deno.args[0] === "--child"
const path = child ? Deno.args[1]! : `${await Deno.makeTempDir()}/fleet.kv`

if (child) {
  const kv = await Deno.openKv(path)
  let ok = 0
  let conflicts = 0
  let locked = 0
  const until = Date.now() + 3000
  while (Date.now() < until) {
    try {
      const e = await kv.get<number>(["next"])
      const r = await kv.atomic().check(e).set(["next"], (e.value ?? 0) + 1).commit()
      if (r.ok) ok++
      else conflicts++
    } catch (err) {
      if (String(err).includes("locked")) locked++
      else throw err
    }
  }
  console.log(JSON.stringify({ ok, conflicts, locked }))
} else {
  const runs = await Promise.all(Array.from({ length: 4 }, () =>
    new Deno.Command(Deno.execPath(), { args: ["run", "--unstable-kv", "-A", new URL(import.meta.url).pathname, "--child", path], stdout: "piped" }).output()
  ))
  const results = runs.map((r) => JSON.parse(new TextDecoder().decode(r.stdout)) as { ok: number; conflicts: number; locked: number })
  const sum = (k: "ok" | "conflicts" | "locked") => results.reduce((a, r) => a + r[k], 0)
  console.log(`4 processes, 3 s: ${sum("ok")} reservations (${(sum("ok") / 3).toFixed(1)}/s), ${sum("conflicts")} check conflicts, ${sum("locked")} "database is locked" errors`)
}
