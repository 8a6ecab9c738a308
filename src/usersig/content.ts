// The text that is HMAC'd, identical in every official SDK (docs/protocol/usersig.md#signed-text): four or five
// `name:value` lines, each ending in LF (the last one too), in this fixed order. Note `time`
// comes before `expire` here even where the JSON puts expire first.

/**
 * `expire` is the literal the signer printed: a decimal integer normally, but `"0"` for a Go
 * v1.4 token that omitted a zero expire and `"undefined"` for a Node token with `null` expire.
 */
export const contentToSign = (
  identifier: string,
  sdkAppId: number,
  time: number,
  expire: number | string,
  userBufBase64: string | undefined,
): string =>
  `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n` +
  (userBufBase64 === undefined ? "" : `TLS.userbuf:${userBufBase64}\n`)
