/**
 * The one way the bridge's lazy stand-ins (`BridgeRequest` in serve.ts, `FastResponse` in
 * fast-response.ts) become the platform class they replace: their prototype inherits the
 * platform's, so `instanceof` holds, and every platform member they do not define themselves is
 * served by the real object, built on first use through `real()`. Members the platform adds in a
 * later version are covered without a change here.
 *
 * @module
 */

/** A stand-in: anything that can build the platform object it replaces. */
export interface StandIn<T> {
  real(): T
}

/** Makes `standIn`'s instances pass for `platform`'s, delegating what they lack to `real()`. */
export const standInFor = (standIn: { prototype: object }, platform: { prototype: object }): void => {
  const own = standIn.prototype
  Object.setPrototypeOf(own, platform.prototype)
  for (const name of Object.getOwnPropertyNames(platform.prototype)) {
    if (name === "constructor" || Object.hasOwn(own, name)) continue
    const d = Object.getOwnPropertyDescriptor(platform.prototype, name)!
    if (typeof d.value === "function") {
      Object.defineProperty(own, name, {
        value: function (this: StandIn<Record<string, (...a: Array<unknown>) => unknown>>, ...args: Array<unknown>) {
          const r = this.real()
          return r[name]!.apply(r, args)
        },
        configurable: true,
        writable: true,
      })
    } else if (d.get !== undefined) {
      Object.defineProperty(own, name, {
        get(this: StandIn<Record<string, unknown>>) {
          return this.real()[name]
        },
        configurable: true,
      })
    }
  }
}
