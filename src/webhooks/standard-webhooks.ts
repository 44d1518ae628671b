/**
 * @module Signing and verifying deliveries per the Standard Webhooks specification: headers
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` (space-separated
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), with a `whsec_` secret whose key is the base64
 * after the prefix. `chaport listen --forward-to` signs; an app verifies with verifyForwardedDelivery,
 * the same code in development and in production.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { asBuffer } from '../as-buffer.js';
import { DeliveryRefusedError, WebhookSignatureError } from '../errors/index.js';

const PREFIX = 'whsec_';
/** How far a delivery's timestamp may be from now, in seconds (the specification's suggestion). */
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A new random secret: `whsec_` and the base64 of 24 random bytes. */
export function newSigningSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

/** Whether `secret` is a usable `whsec_` secret. */
export function isSigningSecret(secret: string): boolean {
  return keyOf(secret) !== undefined;
}

/** The three headers that sign `body` as message `id`, sent at `timestamp` (Unix seconds). */
export function signDelivery(secret: string, message: { id: string; timestamp: number; body: string | Uint8Array }): SignedHeaders {
  const key = keyOf(secret);
  if (key === undefined) throw new WebhookSignatureError('bad_secret', `A signing secret starts with ${PREFIX} and goes on in base64.`);
  return { 'webhook-id': message.id, 'webhook-timestamp': String(message.timestamp), 'webhook-signature': `v1,${signature(key, message.id, String(message.timestamp), message.body)}` };
}

export interface VerifyOptions {
  /** The `whsec_` secret `chaport listen` printed (or took from the environment). */
  secret: string;
  /** The request's headers, as node:http, Express or Fastify give them (names in lower case), or a fetch Headers. */
  headers: Record<string, string | string[] | undefined> | { get(name: string): string | null };
  /** The raw body, exactly as received: verify before parsing. */
  body: string | Uint8Array;
  /** @default 300 */
  toleranceSeconds?: number;
  /** Now, in milliseconds since the epoch. @default Date.now */
  now?: () => number;
}

/**
 * Verifies a delivery forwarded by `chaport listen --forward-to` (or any Standard Webhooks sender)
 * and returns its parsed JSON body. Throws WebhookSignatureError when a header is missing, the
 * timestamp is outside the tolerance, or no signature matches; DeliveryRefusedError when a signed
 * body is not JSON.
 */
export function verifyForwardedDelivery(options: VerifyOptions): unknown {
  const key = keyOf(options.secret);
  if (key === undefined) throw new WebhookSignatureError('bad_secret', `A signing secret starts with ${PREFIX} and goes on in base64.`);
  const id = header(options.headers, 'webhook-id');
  const timestamp = header(options.headers, 'webhook-timestamp');
  const signatures = header(options.headers, 'webhook-signature');
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    throw new WebhookSignatureError('missing_headers', 'The delivery lacks webhook-id, webhook-timestamp or webhook-signature.');
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookSignatureError('bad_timestamp', 'webhook-timestamp is not a number of seconds.');
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    throw new WebhookSignatureError('outside_tolerance', `webhook-timestamp is more than ${tolerance} s from now: a replayed or delayed delivery.`);
  }
  const expected = Buffer.from(signature(key, id, timestamp, options.body), 'base64');
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookSignatureError('no_match', 'No webhook-signature matches the body: a wrong secret, or a body changed on the way.');
  const text = typeof options.body === 'string' ? options.body : asBuffer(options.body).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DeliveryRefusedError('not_json', 400, 'The delivery is signed, but its body is not JSON.');
  }
}

function keyOf(secret: string): Buffer | undefined {
  if (!secret.startsWith(PREFIX)) return undefined;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length > 0 ? key : undefined;
}

function signature(key: Buffer, id: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(typeof body === 'string' ? body : asBuffer(body)).digest('base64');
}

function header(headers: VerifyOptions['headers'], name: string): string | undefined {
  const value = typeof headers.get === 'function' ? (headers as { get(name: string): string | null }).get(name) : (headers as Record<string, string | string[] | undefined>)[name];
  const text = Array.isArray(value) ? value.join(' ') : value;
  return text === null || text === undefined || text === '' ? undefined : text;
}
