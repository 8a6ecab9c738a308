/**
 * tencent-chat-push: Tencent Cloud Chat's server-side "Pushing to All Users" APIs for
 * Node, Deno, Bun and Cloudflare Workers.
 *
 * - `./usersig`: pure-JS UserSig / PrivateMapKey generation, decoding and verification.
 *
 * @module
 */
export * from "./src/usersig/mod.ts"
