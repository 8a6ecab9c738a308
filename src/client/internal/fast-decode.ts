/**
 * Fast decoders for the catalogue's wire schemas, compiled once from their `SchemaAST`.
 *
 * Why: `Schema.decodeUnknownExit` costs about 3 µs for a 4-member response and 0.5 µs per
 * `ErrorList` entry (measured on Node 24), a quarter of a whole call against an in-memory
 * handler. The wire schemas use a small subset of Schema (structs, records, arrays, strings,
 * numbers, literals, unions), which plain JavaScript checks in a fraction of that time.
 *
 * Semantics follow Schema's decode for that subset: a struct keeps its declared members only
 * (unknown members are dropped), optional members may be absent, records and arrays check every
 * entry, unions take the first member that matches. A node outside the subset (a refinement, a
 * transformation, a declaration...) makes the compiler give up, and the schema is decoded by
 * Schema itself. When the fast check rejects a value, Schema decodes it again, so the error
 * message is Schema's and a disagreement can only ever fall back to Schema's verdict
 * (test/unit/client/fast-decode.test.ts checks the two agree).
 *
 * @module
 */
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"

// Returned by a compiled step for a value it rejects.
const REJECT: unique symbol = Symbol("reject")
type Step = (u: unknown) => unknown

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

// Mirrors Schema's own presence test (`in`, except for `__proto__`).
const has = (o: object, key: string): boolean => (key === "__proto__" ? Object.hasOwn(o, key) : key in o)

const compileStruct = (ast: SchemaAST.Objects): Step | undefined => {
  const members: Array<{ readonly name: string; readonly optional: boolean; readonly step: Step }> = []
  for (const p of ast.propertySignatures) {
    const step = compile(p.type)
    if (step === undefined || typeof p.name !== "string" || p.name === "__proto__") return undefined
    members.push({ name: p.name, optional: p.type.context?.isOptional === true, step })
  }
  return (u) => {
    if (!isRecord(u)) return REJECT
    const out: Record<string, unknown> = {}
    for (const m of members) {
      if (!has(u, m.name)) {
        if (m.optional) continue
        return REJECT
      }
      const v = m.step(u[m.name])
      if (v === REJECT) return REJECT
      out[m.name] = v
    }
    return out
  }
}

const compileRecord = (ast: SchemaAST.Objects): Step | undefined => {
  const index = ast.indexSignatures[0]!
  const value = compile(index.type)
  if (value === undefined || index.parameter._tag !== "String" || index.parameter.checks !== undefined) return undefined
  return (u) => {
    if (!isRecord(u)) return REJECT
    let copy: Record<string, unknown> | undefined
    for (const k of Object.keys(u)) {
      const v = value(u[k])
      if (v === REJECT) return REJECT
      if (v !== u[k]) copy ??= { ...u }
      if (copy !== undefined) Object.defineProperty(copy, k, { value: v, writable: true, enumerable: true, configurable: true })
    }
    return copy ?? u
  }
}

const compileArray = (ast: SchemaAST.Arrays): Step | undefined => {
  if (ast.elements.length !== 0 || ast.rest.length !== 1) return undefined
  const item = compile(ast.rest[0]!)
  if (item === undefined) return undefined
  return (u) => {
    if (!Array.isArray(u)) return REJECT
    let out: Array<unknown> | undefined
    for (let i = 0; i < u.length; i++) {
      const v = item(u[i])
      if (v === REJECT) return REJECT
      if (v !== u[i]) out ??= u.slice()
      if (out !== undefined) out[i] = v
    }
    return out ?? u
  }
}

/** A step for `ast`, or `undefined` when the node is outside the supported subset. */
const compile = (ast: SchemaAST.AST): Step | undefined => {
  if (ast.checks !== undefined || ast.encoding !== undefined) return undefined
  switch (ast._tag) {
    case "String":
      return (u) => (typeof u === "string" ? u : REJECT)
    case "Number":
      return (u) => (typeof u === "number" ? u : REJECT)
    case "Boolean":
      return (u) => (typeof u === "boolean" ? u : REJECT)
    case "Unknown":
      return (u) => u
    case "Literal": {
      const literal = ast.literal
      return (u) => (u === literal ? u : REJECT)
    }
    case "Union": {
      const members = ast.types.map(compile)
      if (members.some((m) => m === undefined) || (ast.options?.mode ?? "anyOf") !== "anyOf") return undefined
      const steps = members as Array<Step>
      return (u) => {
        for (const s of steps) {
          const v = s(u)
          if (v !== REJECT) return v
        }
        return REJECT
      }
    }
    case "Arrays":
      return compileArray(ast)
    case "Objects":
      if (ast.propertySignatures.length > 0 && ast.indexSignatures.length === 0) return compileStruct(ast)
      if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 1) return compileRecord(ast)
      // The empty struct accepts anything but null and undefined, as in Schema.
      if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return (u) => (u === null || u === undefined ? REJECT : u)
      return undefined
    default:
      return undefined
  }
}

/** A decoder: the decoded value, or Schema's issue when the value does not match. */
export type FastDecoder = (u: unknown) => Exit.Exit<unknown, Schema.SchemaError>

/** Compiles `schema` into a fast decoder (Schema's own decoder when the schema is outside the subset). */
export const fastDecoder = (schema: Schema.Top): FastDecoder => {
  const slow = Schema.decodeUnknownExit(schema as Schema.Decoder<unknown>)
  const step = compile(schema.ast)
  if (step === undefined) return slow
  return (u) => {
    const v = step(u)
    return v === REJECT ? slow(u) : Exit.succeed(v)
  }
}

/** Whether `schema` compiles to a fast decoder (for tests). */
export const isFast = (schema: Schema.Top): boolean => compile(schema.ast) !== undefined
