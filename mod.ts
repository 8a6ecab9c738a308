/**
 * tencent-chat-push: Tencent Cloud Chat's server-side "Pushing to All Users" APIs for
 * Node, Deno, Bun and Cloudflare Workers.
 *
 * - `./usersig`: pure-JS UserSig / PrivateMapKey generation, decoding and verification.
 * - `./client`: a typed Effect client (and Promise facade) for the push and account REST APIs.
 * - `./emulator`: a local emulator of the push and account REST APIs as one `fetch` handler.
 * - `./api`: the endpoint catalogue both build on: paths, wire schemas, request rules, error
 *   codes, regions.
 * - `./callbacks`: verify, parse and answer push callbacks (sent / delivered / clicked), no Effect.
 *
 * @module
 */
export * from "./src/usersig/mod.ts"
export * from "./src/emulator/mod.ts"
export * from "./src/client/mod.ts"
export * from "./src/api/mod.ts"
export * from "./src/callbacks/mod.ts"
