/**
 * Writes the catalogue table of docs/api.md from the catalogue rows (scripts/lib/api-doc.ts).
 * Run after changing a row; test/unit/api/docs.test.ts fails until the committed file matches.
 *
 *   npm run docs:api
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { withCatalogueTable } from "./lib/api-doc.ts"
import { root } from "./lib/sh.ts"

const file = join(root, "docs", "api.md")
const before = readFileSync(file, "utf8")
const after = withCatalogueTable(before)
if (after === before) console.log("docs/api.md: catalogue table up to date")
else {
  writeFileSync(file, after)
  console.log("docs/api.md: catalogue table rewritten")
}
