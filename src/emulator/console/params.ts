/**
 * Query parameters of the console's read routes: each bad one is a `BadParam`, answered 400
 * with its message by the route that reads it.
 *
 * @module
 */

/** A bad query parameter (answered 400 with its message). */
export class BadParam extends Error {}

/** An integer parameter in `min..max`, or undefined when absent or empty. */
export const intParam = (url: URL, name: string, min: number, max: number): number | undefined => {
  const v = url.searchParams.get(name)
  if (v === null || v === "") return undefined
  if (!/^-?[0-9]+$/.test(v)) throw new BadParam(`${name} must be an integer`)
  const n = Number(v)
  if (n < min || n > max) throw new BadParam(`${name} must be in ${min}..${max}`)
  return n
}

/** A parameter that must be one of `allowed`, or undefined when absent or empty. */
export const oneOfParam = <T extends string>(url: URL, name: string, allowed: ReadonlyArray<T>): T | undefined => {
  const v = url.searchParams.get(name)
  if (v === null || v === "") return undefined
  if (!(allowed as ReadonlyArray<string>).includes(v)) throw new BadParam(`${name} must be one of ${allowed.join(", ")}`)
  return v as T
}
