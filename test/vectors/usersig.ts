/**
 * UserSig known answers, as data (runtime-neutral: imported by unit tests and the conformance suite).
 *
 * Source: derived values (how: docs/protocol/usersig.md#known-answers), produced by
 * running the official sources (npm tls-sig-api-v2 1.0.2, tls-sig-api-v2-python HEAD 5326113,
 * tls-sig-api-v2-golang v1.3.0 and v1.4.0, tls-sig-api-v2-php HEAD b042465) with the clock frozen
 * at T = 1700000000. Tencent publishes no test vectors of its own.
 * The demo key is the one printed in every official README and test.
 */

export const DEMO_KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
export const DEMO_SDKAPPID = 1400000000
export const T = 1700000000
export const EXPIRE = 15552000

/** Signed text (docs/protocol/usersig.md#signed-text): HMAC-SHA256(utf8(DEMO_KEY), content) for xiaojun. Node crypto, Python, Go, PHP and noble agree. */
export const hmacVector = {
  identifier: "xiaojun",
  content: "TLS.identifier:xiaojun\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:15552000\n",
  hex: "2ef03b77f230ee04ac9ec92f5730433ce0820dbb8d0b0e061f04c2d1b8a9f81e",
  sig: "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=",
} as const

/** PrivateMapKey userbufs (docs/protocol/usersig.md#privatemapkey-userbuf) for xiaojun, expire 15552000 → dwExpTime 1715552000 (0x66413F00). */
export const userBufVectors = [
  {
    name: "numeric room 10000, privileges 255",
    roomId: 10000 as number | string,
    privileges: 255,
    hex: "000007" + "7869616f6a756e" + "53724e00" + "00002710" + "66413f00" + "000000ff" + "00000000",
    base64: "AAAHeGlhb2p1blNyTgAAACcQZkE/AAAAAP8AAAAA",
    sig: "y9Avb5xwHgIgoABbGakLaE0xs+v/dLcIPegbWfcbRLI=",
  },
  {
    name: 'string room "1000000040", privileges 255',
    roomId: "1000000040" as number | string,
    privileges: 255,
    hex: "010007" + "7869616f6a756e" + "53724e00" + "00000000" + "66413f00" + "000000ff" + "00000000" + "000a" + "31303030303030303430",
    base64: "AQAHeGlhb2p1blNyTgAAAAAAZkE/AAAAAP8AAAAAAAoxMDAwMDAwMDQw",
    sig: "uupaOmIqiVUsVoCDvmakmGU86GEQBV0Ie6Q+9GFbowM=",
  },
] as const

/**
 * docs/protocol/usersig.md#no-canonical-token: the same UserSig (xiaojun, expire 15552000, T) from five official SDKs. Same TLS.sig,
 * different bytes: Python adds spaces, PHP escapes `/` as `\/`, Go v1.3 sorts keys, Go v1.4 uses a
 * stored block and a trailing newline.
 */
export const officialTokens = [
  {
    sdk: "Node tls-sig-api-v2 1.0.2",
    token:
      "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__",
  },
  {
    sdk: "Python HEAD",
    token:
      "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__",
  },
  {
    sdk: "PHP HEAD",
    token:
      "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMikVhRkFqUCxU1NTY3goiWZuSAxc1S1xZnpQJN9yhzNU2L0PcvN04OL84qzy8KqnFwC-J2dXZJK-ZzLTdw9ykOcDZIyC7SdTGyVagHhZTJO",
  },
  {
    sdk: "Go v1.3.0",
    token:
      "eJyqVgrxCdZLrSjILEpVsjI0NTU1MjAw0AGLZqak5pVkpmWmFilZKVVkJuZnleYpQaSKU7ITCwoyU5SsDE0MoAAqk5muZKXkU*ZonqLvWW6eHlycV5xdFlbl5BLg7*zsklTq51xu4u5RHuJskJRZoO1kYgs1siQzF*QCc1TjysCWG*kZKNUCAgAA--9OLDHy",
  },
  {
    sdk: "Go v1.4.0",
    token:
      "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_",
  },
] as const

/** What every token in `officialTokens` decodes to. */
export const officialDecoded = {
  version: "2.0",
  userId: "xiaojun",
  sdkAppId: DEMO_SDKAPPID,
  issuedAt: T,
  expireSeconds: EXPIRE,
  expiresAt: T + EXPIRE,
  signature: hmacVector.sig,
} as const

/**
 * Non-ASCII PrivateMapKey userbuf, Go/PHP semantics (UTF-8 bytes, byte lengths; docs/protocol/usersig.md#userbuf-encoding):
 * account "用户1" is 7 bytes e7 94 a8 e6 88 b7 31, room "房间" is 6 bytes e6 88 bf e9 97 b4.
 * Hand-assembled from the userbuf layout. The official Node package writes length 3 and bytes 28 37 31
 * for the same account instead.
 */
export const nonAsciiUserBuf = {
  userId: "用户1",
  roomId: "房间",
  privileges: 42,
  hex:
    "01" + "0007" + "e794a8e688b731" + "53724e00" + "00000000" + "66413f00" + "0000002a" + "00000000" + "0006" + "e688bfe997b4",
  nodeAccountHex: "0003" + "283731",
} as const

/**
 * More official outputs. Source: npm tls-sig-api-v2 1.0.2 run on Node 24.21 with Date.now frozen at
 * T (generated once by hand; the unit tests re-derive the same facts from the live package).
 */
export const officialNodeExtras = {
  /** `genUserSig("xiaojun")` with no expire: JSON has `"TLS.expire":null`, HMAC text `TLS.expire:undefined`. */
  nullExpire:
    "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBalKlnllebkQE3ITFeyUjI18yt1NCrIrgqJysvWL-DM005LD-KtzDWvTMrNTsmN8vRLKrSoTHcvNPa0VaoFADogMwg_",
  /** `genPrivateMapKey("xiaojun", 15552000, 10000, 255)`: userBufVectors[0]. */
  privateMapKeyNumeric:
    "eJxVjc0KgkAYRd-l2xb*kVQDLb5CVJCwEoJ2jo7TpKn410j07qFZ0N1c7jmL*4TAOykdq4CAoWgwH7eIWd6IRIxYirC4tfmk6jgNy1LEQPSFNuVjGnFnQPTlP2WyFNXATdM0frStWUXbBAggosPs7EqNUqfZvg84Iu6iwyW1VBzir8b63gsOBPo1dtSUD4e7vMAttcPUCy1N1rNOjb3I9Rmn5ySiR8-dwOsNn*tDuQ__",
  /** `genPrivateMapKeyWithStringRoomID("xiaojun", 15552000, "1000000040", 255)`: userBufVectors[1]. */
  privateMapKeyString:
    "eJxVzk0LgkAQBuD-MteiVLKPhQ5bmglZSeWhm*Jqk*lu2qoR-fdIK*iFgZnnvcwD9qtdr2Q5ENB6CnSbG0OW3TDChmv0*Vlmn6oIE18IDIGoA*WTtrlhyoCoo39ltcD87bquaz*VBcsDGQEB6tIlsy6nQBNqcFnf9zFtckzMfrNsxy1QXjsGrdpxq*87GAMBKYW-Se0reofC43OjTP0ktQ7joWW6M0*x2dDtTKxFwCtnCs8XEF9Ing__",
  /** `genPrivateMapKey("用户1", 3600, 7, 255)`: authentic, but its userbuf account is 28 37 31 ("(71"). */
  nonAsciiPrivateMapKey:
    "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBws*nrHjWsd0QKlWckp1YUJCZomRlaGIABRCZkszcVCUrQ3NU0dSKgsyiVCUrYzOYSGlxalFSaZqSlZKjo6OLt0tyRaixl78jGKTkhOpbBIJY*uVgAVuYtZnpSlZKucnGznnuhZahkSnh*b5elSmJQf4l2YamgWlJmSEpBSGZoemBln5lpSXaFrZKtQCSFEKX",
} as const

/**
 * Go v1.4's format for expire 0 (no Go toolchain here, so assembled by hand from golang @66c185f
 * `TLSSigAPI.go`: struct order, `omitempty` drops TLS.expire, json.Encoder's trailing newline,
 * zlib level 0): the HMAC covers `TLS.expire:0`. Valid only at exactly T.
 */
export const goV14ZeroExpireToken =
  "eAEBlgBp-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLnRpbWUiOjE3MDAwMDAwMDAsIlRMUy5zaWciOiJqMzl4bHRjNTlNWG45SEkwNDZFMmFmRWN5WVRRcFVWQVg5OGlmTld1RS9jPSJ9CuDDK5w_"

/**
 * This library's default (level 0) UserSig for xiaojun at T: fully deterministic. Source: our own
 * output, checked byte-for-byte against Node's `zlib.deflateSync(json, { level: 0 })` in
 * test/unit/usersig/zlib.test.ts, with hmacVector's TLS.sig inside.
 */
export const level0Token =
  "eAEBqwBU-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLnRpbWUiOjE3MDAwMDAwMDAsIlRMUy5leHBpcmUiOjE1NTUyMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifaIXMfI_"
