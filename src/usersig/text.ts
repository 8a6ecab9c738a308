/** Shared UTF-8 codecs (one instance each keeps the bundle small; both are stateless per call). */
export const utf8: TextEncoder = /* @__PURE__ */ new TextEncoder()
/** Lenient decoder (invalid bytes become U+FFFD): base64 output and userbuf display only. */
export const utf8Lossy: TextDecoder = /* @__PURE__ */ new TextDecoder()
/** Strict decoder (throws on invalid UTF-8): token JSON, and PrivateMapKey rooms at verify. */
export const utf8Strict: TextDecoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true })
