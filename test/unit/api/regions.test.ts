import { describe, expect, it } from "vitest"
import { isRegion, regionNames, regions } from "../../../src/api/mod.ts"

describe("regions", () => {
  it("lists the documented primary and standby domains", () => {
    expect(regions).toStrictEqual({
      china: { primary: "console.tim.qq.com", standby: "adminapi.my-imcloud.com" },
      singapore: { primary: "adminapisgp.im.qcloud.com", standby: "adminapisgp.my-imcloud.com" },
      seoul: { primary: "adminapikr.im.qcloud.com", standby: "adminapikr.my-imcloud.com" },
      tokyo: { primary: "adminapijpn.im.qcloud.com", standby: "adminapijpn.my-imcloud.com" },
      frankfurt: { primary: "adminapiger.im.qcloud.com", standby: "adminapiger.my-imcloud.com" },
      mumbai: { primary: "adminapiind.im.qcloud.com", standby: "adminapiind.my-imcloud.com" },
      siliconValley: { primary: "adminapiusa.im.qcloud.com", standby: "adminapiusa.my-imcloud.com" },
      jakarta: { primary: "adminapiidn.im.qcloud.com", standby: "adminapiidn.my-imcloud.com" },
      // The newest pages list Riyadh; none names a standby, so none is guessed.
      riyadh: { primary: "adminapiksa.im.qcloud.com" },
    })
    expect(regionNames).toHaveLength(9)
  })

  it("recognises region names and nothing else", () => {
    expect(isRegion("singapore")).toBe(true)
    expect(isRegion("Singapore")).toBe(false)
    expect(isRegion("toString")).toBe(false)
    expect(isRegion("")).toBe(false)
  })
})
