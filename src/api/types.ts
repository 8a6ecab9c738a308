/**
 * Types derived from the catalogue.
 *
 * @module
 */
import type { EndpointKey, Endpoints } from "./endpoints.ts"

/** The decoded request body type of a command. */
export type RequestOf<K extends EndpointKey> = Endpoints[K]["request"]["Type"]

/** The decoded response type of a command (envelope included). */
export type ResponseOf<K extends EndpointKey> = Endpoints[K]["response"]["Type"]

/** The wire (encoded JSON) request body type of a command. */
export type WireRequestOf<K extends EndpointKey> = Endpoints[K]["request"]["Encoded"]

/** The wire (encoded JSON) response type of a command. */
export type WireResponseOf<K extends EndpointKey> = Endpoints[K]["response"]["Encoded"]
