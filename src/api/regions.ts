/**
 * Regional API domains (docs/protocol/transport.md#regional-domains), primary and standby.
 *
 * The standby (`*.my-imcloud.com`) domains are documented for DNS-hijack situations; a client
 * may fall back to them when a call got no response at all. The set is a union over page
 * revisions: Mumbai appears only on older pages, Tokyo only on newer ones, and the Tokyo standby
 * name only on a sibling product's copy of the REST overview.
 *
 * Riyadh (`adminapiksa.im.qcloud.com`) is on the newest pages' domain lists only, and no page we
 * read names its standby domain (docs/protocol/transport.md#regional-domains). Its `standby` is
 * therefore absent, not guessed: `adminapiksa.my-imcloud.com` would follow the pattern, but a
 * client that fails over to a name Tencent never published could send its admin UserSig to
 * whoever holds that name. Without a standby the client simply does not fail over.
 *
 * @module
 */

/** A region's domains (host names, no scheme). */
export interface RegionDomains {
  /** The region's domain. */
  readonly primary: string
  /** The standby domain the docs give for DNS failures; absent where no page names one (Riyadh). */
  readonly standby?: string
}

/** The regions a Chat app can live in. */
export type Region =
  | "china"
  | "singapore"
  | "seoul"
  | "tokyo"
  | "frankfurt"
  | "mumbai"
  | "siliconValley"
  | "jakarta"
  | "riyadh"

/** Primary and standby domain per region. */
export const regions: { readonly [R in Region]: RegionDomains } = {
  china: { primary: "console.tim.qq.com", standby: "adminapi.my-imcloud.com" },
  singapore: { primary: "adminapisgp.im.qcloud.com", standby: "adminapisgp.my-imcloud.com" },
  seoul: { primary: "adminapikr.im.qcloud.com", standby: "adminapikr.my-imcloud.com" },
  tokyo: { primary: "adminapijpn.im.qcloud.com", standby: "adminapijpn.my-imcloud.com" },
  frankfurt: { primary: "adminapiger.im.qcloud.com", standby: "adminapiger.my-imcloud.com" },
  mumbai: { primary: "adminapiind.im.qcloud.com", standby: "adminapiind.my-imcloud.com" },
  siliconValley: { primary: "adminapiusa.im.qcloud.com", standby: "adminapiusa.my-imcloud.com" },
  jakarta: { primary: "adminapiidn.im.qcloud.com", standby: "adminapiidn.my-imcloud.com" },
  riyadh: { primary: "adminapiksa.im.qcloud.com" },
}

/** Every region name. */
export const regionNames: readonly Region[] = Object.keys(regions) as Region[]

/** Whether `name` is a known region (for config strings such as `TENCENT_CHAT_REGION`). */
export const isRegion = (name: string): name is Region => Object.hasOwn(regions, name)
