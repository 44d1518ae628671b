/** @module The one request type of the runtime: what to send, before it is put on the wire. */
import type { Bytes } from '../bytes.js';

/** A JSON value to send (serialised, with its content type), or bytes to send as they are. */
export type PlannedBody = { json: unknown } | { bytes: string | Bytes };

export interface RequestPlan {
  /** Names the caller in messages: an action key, or `request` for the raw passthrough. */
  label: string;
  method: string;
  /** Percent-encoded path below the base URL, starting with `/`. */
  path: string;
  query: [string, string][];
  /** Header names as declared; the wire request has them lower-cased. */
  headers: Record<string, string>;
  body?: PlannedBody;
  /** Whether the request may be sent again after it may have reached the API (decides retries). */
  idempotent: boolean;
}
