import { describe, expect, it } from "vitest"
import { findRefs, headingAnchors } from "../../../scripts/lib/refs.ts"
import type { Repo } from "../../../scripts/lib/refs.ts"

// The strings the check refuses are assembled from pieces, so this file passes the check itself.
const md = ".md"
const sect = "\u00a7"
const root = (dir: string) => `/${dir}/`

const protocolPage = "# Push\n\n## Push spacing\n\ntext\n\n## Pages\n"
const docs: Record<string, string> = {
  [`docs/protocol/push-api${md}`]: protocolPage,
  [`docs/protocol/README${md}`]: "# Protocol notes\n",
  [`docs/usersig${md}`]: "# UserSig\n\n## Compression level: 0 by default, chosen by measurement\n",
}
const repo: Repo = {
  files: new Set([...Object.keys(docs), "src/api/limits.ts"]),
  anchors: (p) => (p in docs ? headingAnchors(docs[p]!) : undefined),
}
const problems = (file: string, text: string) => findRefs(file, text, repo).map((f) => f.problem)

describe("check-refs: citations of the research notes", () => {
  it(`flags a note cited by section, like push-api${md} ${sect}3`, () => {
    const found = findRefs("src/api/limits.ts", ` * Documented limits (push-api${md} ${sect}3).`, repo)
    expect(found.map((f) => [f.line, f.column])).toEqual([[1, 23], [1, 35]])
    expect(found[0]!.problem).toContain(`push-api${md}`)
  })

  it("flags every note name, bare, in backticks or in a markdown link", () => {
    for (const name of ["accounts-api", "ratelimiter-redis", "effect-and-runtimes", "fleet-stores", "peers", "design"]) {
      expect(problems("docs/api.md", `see \`${name}${md}\``)).toHaveLength(1)
      expect(problems("docs/api.md", `see [notes](${name}${md})`)).toHaveLength(1)
    }
    expect(problems("src/x.ts", `// {push-api,accounts-api}${md}`)).toHaveLength(1)
  })

  it("accepts repository files: docs/protocol pages, docs/usersig, and links relative to the citing file", () => {
    expect(problems("src/api/limits.ts", `// docs/protocol/push-api${md}#push-spacing and docs/usersig${md}`)).toEqual([])
    expect(problems(`docs/protocol/README${md}`, `[push](push-api${md}#pages)`)).toEqual([])
    expect(problems(`docs/protocol/README${md}`, `[usersig](../usersig${md})`)).toEqual([])
    expect(problems("README.md", `[usersig](docs/usersig${md}#compression-level-0-by-default-chosen-by-measurement)`)).toEqual([])
  })

  it("a note's name is not accepted just because a file of that name exists elsewhere", () => {
    expect(problems("src/api/limits.ts", `// usersig${md}`)).toHaveLength(1)
    expect(problems("src/api/limits.ts", `// push-api${md}#push-spacing`)).toHaveLength(1)
  })

  it("accepts a note name inside a URL, and names that only start like a note", () => {
    expect(problems("src/x.ts", `// https://example.com/docs/usersig${md}`)).toEqual([])
    expect(problems("src/x.ts", 'import { pushSamples } from "../vectors/push-api-samples.ts"')).toEqual([])
  })
})

describe("check-refs: machine paths and the notes' folder", () => {
  it("flags absolute paths of a development machine", () => {
    for (const dir of ["work", "tmp", "root", "home", "Users"]) {
      expect(problems("test/vectors/usersig.ts", ` * Source: ${root(dir)}x/notes.txt`)).toHaveLength(1)
    }
    expect(problems("docs/cli.md", `--state ${root("tmp")}state.json`)).toHaveLength(1)
  })

  it("does not flag URL paths or relative paths that merely contain those words", () => {
    expect(problems("src/x.ts", `// https://example.com${root("work")}page and ./tmp${"/"}x and node_modules${root("home")}`)).toEqual([])
  })

  it("flags the notes' folder even without its absolute prefix", () => {
    expect(problems("docs/x.md", `see shared${"/"}reference for details`)).toHaveLength(1)
  })
})

describe("check-refs: section signs", () => {
  it("flags a section sign with no document of the repository before it", () => {
    expect(problems("src/usersig/content.ts", `// identical in every SDK (reference ${sect}1.2)`)).toHaveLength(1)
    expect(problems("test/x.test.ts", `it("setAttrNames (${sect}3)")`)).toHaveLength(1)
  })

  it("accepts RFC sections and the project's issues", () => {
    expect(problems("src/usersig/deflate.ts", `// fixed Huffman table of RFC 1951 ${sect}3.2.6`)).toEqual([])
    expect(problems("CHANGELOG.md", `- issue 10 ${sect}3: the CLI is its own package`)).toEqual([])
  })
})

describe("check-refs: anchors into repository markdown", () => {
  it("flags a link to a heading that does not exist, in code and in markdown", () => {
    expect(problems("src/client/push.ts", `// docs/protocol/push-api${md}#push-interval`)).toEqual([
      `links docs/protocol/push-api${md}#push-interval, but that heading does not exist`,
    ])
    expect(problems(`docs/protocol/README${md}`, `[x](push-api${md}#nope)`)).toHaveLength(1)
  })

  it("checks same-file anchors in markdown", () => {
    const file = `docs/protocol/push-api${md}`
    expect(problems(file, `${protocolPage}\nsee [spacing](#push-spacing)`)).toEqual([])
    expect(problems(file, `${protocolPage}\nsee [gap](#push-gap)`)).toHaveLength(1)
  })

  it("computes anchors as GitHub does", () => {
    const anchors = headingAnchors(
      [
        "# The client (`tencent-chat-push/client`)",
        "### Transport: direct `fetch` by default, Effect `HttpClient` when you inject one",
        "## Request rules (`checkRequest`)",
        "## Notes",
        "## Notes",
        "```sh",
        "# not a heading",
        "```",
        "## See [the API](api.md) too",
      ].join("\n"),
    )
    expect([...anchors]).toEqual([
      "the-client-tencent-chat-pushclient",
      "transport-direct-fetch-by-default-effect-httpclient-when-you-inject-one",
      "request-rules-checkrequest",
      "notes",
      "notes-1",
      "see-the-api-too",
    ])
  })
})
