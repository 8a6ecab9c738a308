import { createMac } from "./mac.ts"
import type { AppKey } from "./sign.ts"
import { checkObject, checkSdkAppId, checkSecretKey } from "./validate.ts"

/** Validates an app's credentials and prepares its HMAC state. */
export const appKey = (options: unknown): AppKey => {
  const o = checkObject(options, "options")
  return { sdkAppId: checkSdkAppId(o["sdkAppId"]), mac: createMac(checkSecretKey(o["secretKey"])) }
}
