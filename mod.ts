/**
 * tencent-chat-push: Tencent Cloud Chat's server-side "Pushing to All Users" APIs for
 * Node, Deno, Bun and Cloudflare Workers.
 *
 * - `./usersig`: pure-JS UserSig / PrivateMapKey generation, decoding and verification.
 * - `./emulator`: a local emulator of the push and account REST APIs as one `fetch` handler.
 *
 * @module
 */
export * from "./src/usersig/mod.ts"
export * from "./src/emulator/mod.ts"
