/**
 * Message elements (`MsgBody` items, docs/protocol/push-api.md#message-elements) and `OfflinePushInfo` (docs/protocol/push-api.md#offline-push-info).
 *
 * Both are "open" structs: documented members are typed, and unknown members are KEPT on decode
 * and encode (a rest record). Tencent adds vendor fields over time (page 1047/77715 lists
 * Push-Service additions we could not read), and a client must never silently drop a field
 * its caller set.
 *
 * @module
 */
import * as Schema from "effect/Schema"
import { Extra } from "./common.ts"

/** An open struct: the documented fields `F` typed, any other member kept as it came. */
export type OpenStruct<F extends Schema.Struct.Fields> = Schema.StructWithRest<Schema.Struct<F>, readonly [typeof Extra]>

const open = <const F extends Schema.Struct.Fields>(fields: F): OpenStruct<F> =>
  Schema.StructWithRest(Schema.Struct(fields), [Extra])

const opt = Schema.optionalKey
const Str = Schema.String
const Num = Schema.Number

/** The message types a push may carry (docs/protocol/push-api.md#message-elements; `TIMRelayElem` is not allowed). */
export const pushMsgTypes: readonly ["TIMTextElem", "TIMLocationElem", "TIMFaceElem", "TIMCustomElem", "TIMSoundElem", "TIMImageElem", "TIMFileElem", "TIMVideoFileElem"] = [
  "TIMTextElem",
  "TIMLocationElem",
  "TIMFaceElem",
  "TIMCustomElem",
  "TIMSoundElem",
  "TIMImageElem",
  "TIMFileElem",
  "TIMVideoFileElem",
] as const

/** One of the push message types. */
export type PushMsgType = (typeof pushMsgTypes)[number]

/** The schema of one message element: `{ MsgType: T, MsgContent: { ...F, ...any other member } }`. */
export type ElementSchema<T extends PushMsgType, F extends Schema.Struct.Fields> = Schema.Struct<{
  readonly MsgType: Schema.Literal<T>
  readonly MsgContent: OpenStruct<F>
}>

const elem = <const T extends PushMsgType, const F extends Schema.Struct.Fields>(type: T, fields: F): ElementSchema<T, F> =>
  Schema.Struct({ MsgType: Schema.Literal(type), MsgContent: open(fields) })

/** Text element; its `Text` is also the offline-push text. */
export const TextElem: ElementSchema<"TIMTextElem", { readonly Text: Schema.String }> = elem("TIMTextElem", { Text: Str })

/** Location element (offline text "[Location]"). */
export const LocationElem: ElementSchema<"TIMLocationElem", {
  readonly Desc: Schema.optionalKey<Schema.String>
  readonly Latitude: Schema.Number
  readonly Longitude: Schema.Number
}> = elem("TIMLocationElem", { Desc: opt(Str), Latitude: Num, Longitude: Num })

/** Face (emoji) element (offline text "[Face]"). */
export const FaceElem: ElementSchema<"TIMFaceElem", { readonly Index: Schema.Number; readonly Data: Schema.optionalKey<Schema.String> }> = elem("TIMFaceElem", { Index: Num, Data: opt(Str) })

/** Custom element; at most ONE per message (checked in rules.ts, 90010). `Desc` is the offline text. */
export const CustomElem: ElementSchema<"TIMCustomElem", {
  readonly Data: Schema.optionalKey<Schema.String>
  readonly Desc: Schema.optionalKey<Schema.String>
  readonly Ext: Schema.optionalKey<Schema.String>
  readonly Sound: Schema.optionalKey<Schema.String>
}> = elem("TIMCustomElem", { Data: opt(Str), Desc: opt(Str), Ext: opt(Str), Sound: opt(Str) })

/** Voice element (`Download_Flag` must be 2). */
export const SoundElem: ElementSchema<"TIMSoundElem", {
  readonly Url: Schema.optionalKey<Schema.String>
  readonly UUID: Schema.optionalKey<Schema.String>
  readonly Size: Schema.optionalKey<Schema.Number>
  readonly Second: Schema.optionalKey<Schema.Number>
  readonly Download_Flag: Schema.optionalKey<Schema.Number>
}> = elem("TIMSoundElem", {
  Url: opt(Str),
  UUID: opt(Str),
  Size: opt(Num),
  Second: opt(Num),
  Download_Flag: opt(Num),
})

/** One image variant: Type 1 original, 2 large, 3 thumbnail. */
export const ImageInfo: OpenStruct<{
  readonly Type: Schema.optionalKey<Schema.Number>
  readonly Size: Schema.optionalKey<Schema.Number>
  readonly Width: Schema.optionalKey<Schema.Number>
  readonly Height: Schema.optionalKey<Schema.Number>
  readonly URL: Schema.optionalKey<Schema.String>
}> = open({ Type: opt(Num), Size: opt(Num), Width: opt(Num), Height: opt(Num), URL: opt(Str) })

/** Image element (`ImageFormat`: JPG=1, GIF=2, PNG=3, BMP=4, other=255). */
export const ImageElem: ElementSchema<"TIMImageElem", {
  readonly UUID: Schema.optionalKey<Schema.String>
  readonly ImageFormat: Schema.optionalKey<Schema.Number>
  readonly ImageInfoArray: Schema.optionalKey<Schema.$Array<typeof ImageInfo>>
}> = elem("TIMImageElem", {
  UUID: opt(Str),
  ImageFormat: opt(Num),
  ImageInfoArray: opt(Schema.Array(ImageInfo)),
})

/** File element (`Download_Flag` must be 2). */
export const FileElem: ElementSchema<"TIMFileElem", {
  readonly Url: Schema.optionalKey<Schema.String>
  readonly UUID: Schema.optionalKey<Schema.String>
  readonly FileSize: Schema.optionalKey<Schema.Number>
  readonly FileName: Schema.optionalKey<Schema.String>
  readonly Download_Flag: Schema.optionalKey<Schema.Number>
}> = elem("TIMFileElem", {
  Url: opt(Str),
  UUID: opt(Str),
  FileSize: opt(Num),
  FileName: opt(Str),
  Download_Flag: opt(Num),
})

/** Video element (download flags must be 2). */
export const VideoFileElem: ElementSchema<"TIMVideoFileElem", {
  readonly VideoUrl: Schema.optionalKey<Schema.String>
  readonly VideoUUID: Schema.optionalKey<Schema.String>
  readonly VideoSize: Schema.optionalKey<Schema.Number>
  readonly VideoSecond: Schema.optionalKey<Schema.Number>
  readonly VideoFormat: Schema.optionalKey<Schema.String>
  readonly VideoDownloadFlag: Schema.optionalKey<Schema.Number>
  readonly ThumbUrl: Schema.optionalKey<Schema.String>
  readonly ThumbUUID: Schema.optionalKey<Schema.String>
  readonly ThumbSize: Schema.optionalKey<Schema.Number>
  readonly ThumbWidth: Schema.optionalKey<Schema.Number>
  readonly ThumbHeight: Schema.optionalKey<Schema.Number>
  readonly ThumbFormat: Schema.optionalKey<Schema.String>
  readonly ThumbDownloadFlag: Schema.optionalKey<Schema.Number>
}> = elem("TIMVideoFileElem", {
  VideoUrl: opt(Str),
  VideoUUID: opt(Str),
  VideoSize: opt(Num),
  VideoSecond: opt(Num),
  VideoFormat: opt(Str),
  VideoDownloadFlag: opt(Num),
  ThumbUrl: opt(Str),
  ThumbUUID: opt(Str),
  ThumbSize: opt(Num),
  ThumbWidth: opt(Num),
  ThumbHeight: opt(Num),
  ThumbFormat: opt(Str),
  ThumbDownloadFlag: opt(Num),
})

/** A `MsgBody` element: `{ MsgType, MsgContent }` for one of the eight push message types. */
export const MsgElement: Schema.Union<readonly [
  typeof TextElem,
  typeof LocationElem,
  typeof FaceElem,
  typeof CustomElem,
  typeof SoundElem,
  typeof ImageElem,
  typeof FileElem,
  typeof VideoFileElem,
]> = Schema.Union([
  TextElem,
  LocationElem,
  FaceElem,
  CustomElem,
  SoundElem,
  ImageElem,
  FileElem,
  VideoFileElem,
])

/** A decoded `MsgBody` element. */
export type MsgElement = typeof MsgElement.Type

/** `MsgBody`: an array of elements, concatenated into one message. */
export const MsgBody: Schema.$Array<typeof MsgElement> = Schema.Array(MsgElement)

/** `OfflinePushInfo.AndroidInfo`: vendor channel settings. */
export const AndroidInfo: OpenStruct<{
  readonly Sound: Schema.optionalKey<Schema.String>
  readonly HuaWeiChannelID: Schema.optionalKey<Schema.String>
  readonly XiaoMiChannelID: Schema.optionalKey<Schema.String>
  readonly OPPOChannelID: Schema.optionalKey<Schema.String>
  readonly GoogleChannelID: Schema.optionalKey<Schema.String>
  readonly VIVOClassification: Schema.optionalKey<Schema.Number>
  readonly HuaWeiImportance: Schema.optionalKey<Schema.String>
  readonly ExtAsHuaweiIntentParam: Schema.optionalKey<Schema.Number>
  readonly HuaWeiCategory: Schema.optionalKey<Schema.String>
}> = open({
  Sound: opt(Str),
  HuaWeiChannelID: opt(Str),
  XiaoMiChannelID: opt(Str),
  OPPOChannelID: opt(Str),
  GoogleChannelID: opt(Str),
  VIVOClassification: opt(Num),
  HuaWeiImportance: opt(Str),
  ExtAsHuaweiIntentParam: opt(Num),
  HuaWeiCategory: opt(Str),
})

/** `OfflinePushInfo.ApnsInfo`: APNs settings (`BadgeMode` 1 = do not count, `MutableContent` 1 = extension). */
export const ApnsInfo: OpenStruct<{
  readonly Sound: Schema.optionalKey<Schema.String>
  readonly BadgeMode: Schema.optionalKey<Schema.Number>
  readonly Title: Schema.optionalKey<Schema.String>
  readonly SubTitle: Schema.optionalKey<Schema.String>
  readonly Image: Schema.optionalKey<Schema.String>
  readonly MutableContent: Schema.optionalKey<Schema.Number>
}> = open({
  Sound: opt(Str),
  BadgeMode: opt(Num),
  Title: opt(Str),
  SubTitle: opt(Str),
  Image: opt(Str),
  MutableContent: opt(Num),
})

/**
 * Offline (vendor) push settings. `PushFlag` 0 = push offline, 1 = do not (online only).
 * If both `Desc` and the elements' push text are empty, no offline notification is sent.
 */
export const OfflinePushInfo: OpenStruct<{
  readonly PushFlag: Schema.optionalKey<Schema.Number>
  readonly Title: Schema.optionalKey<Schema.String>
  readonly Desc: Schema.optionalKey<Schema.String>
  readonly Ext: Schema.optionalKey<Schema.String>
  readonly AndroidInfo: Schema.optionalKey<typeof AndroidInfo>
  readonly ApnsInfo: Schema.optionalKey<typeof ApnsInfo>
}> = open({
  PushFlag: opt(Num),
  Title: opt(Str),
  Desc: opt(Str),
  Ext: opt(Str),
  AndroidInfo: opt(AndroidInfo),
  ApnsInfo: opt(ApnsInfo),
})

/** A decoded `OfflinePushInfo`. */
export type OfflinePushInfo = typeof OfflinePushInfo.Type
