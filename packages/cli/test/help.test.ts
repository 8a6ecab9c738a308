import * as Command from "effect/cli/Command"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { rootCommand } from "../src/commands/root.ts"
import { nodeServices } from "../src/services.ts"

/** Runs `tencent-chat-push ...args` in-process and returns what it printed. */
const helpOf = async (args: ReadonlyArray<string>): Promise<string> => {
  const chunks: string[] = []
  const write = process.stdout.write
  const log = console.log
  process.stdout.write = ((c: string | Uint8Array) => {
    chunks.push(String(c))
    return true
  }) as typeof process.stdout.write
  console.log = (...a: unknown[]) => chunks.push(a.join(" ") + "\n")
  try {
    await Effect.runPromise(Command.runWith(rootCommand, { version: "test" })([...args, "--help"]).pipe(Effect.provide(nodeServices)))
  } finally {
    process.stdout.write = write
    console.log = log
  }
  return chunks.join("")
}

const subcommandsIn = (help: string): string[] => {
  const m = /SUBCOMMANDS\n([\s\S]*?)(\n[A-Z ]+\n|$)/.exec(help)
  return m ? m[1]!.split("\n").map((l) => l.trim().split(/\s+/)[0]!).filter((s) => s !== "") : []
}

describe("--help", () => {
  it("every command, walked from the root, has a description and examples", async () => {
    const seen: string[] = []
    const walk = async (path: string[]) => {
      const help = await helpOf(path)
      seen.push(path.join(" "))
      expect(help, path.join(" ")).toMatch(/^DESCRIPTION\n  \S/m)
      expect(help, path.join(" ")).toMatch(/^EXAMPLES\n  # .+\n  tencent-chat-push /m)
      for (const sub of subcommandsIn(help)) await walk([...path, sub])
    }
    await walk([])
    expect(seen).toEqual([
      "",
      "usersig",
      "usersig gen",
      "usersig private-map-key",
      "usersig inspect",
      "usersig verify",
      "emulator",
      "emulator exec",
      "accounts",
      "accounts import",
      "attrs",
      "attrs import",
      "tags",
      "tags import",
      "push",
      "push send",
      "push revoke",
      "push to-users",
      "push schedule",
      "push reschedule",
      "push cancel",
      "push list",
      "push show",
      "push stats",
      "callbacks",
      "callbacks listen",
    ])
  })
})
