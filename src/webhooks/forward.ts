/**
 * @module Sends a delivery on to an app: forwarded deliveries are signed per Standard Webhooks (so the
 * app verifies them as it would in production); a triggered example is sent as the API sends, unsigned.
 */
import { signDelivery } from './standard-webhooks.js';

export interface Sent {
  /** The app's status, when it answered. */
  status?: number;
  /** Why it could not be reached. */
  error?: string;
}

const TIMEOUT_MS = 10_000;

export interface SendOptions {
  /** Signs with this `whsec_` secret, as message `id`; unsigned without it. */
  signing?: { secret: string; id: string };
  userAgent: string;
  signal?: AbortSignal;
}

/** POSTs `body` to `url` and reports the status, never throwing for a failure to reach it. */
export async function sendDelivery(url: string, body: string, options: SendOptions): Promise<Sent> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': options.userAgent };
  if (options.signing !== undefined) Object.assign(headers, signDelivery(options.signing.secret, { id: options.signing.id, timestamp: Math.floor(Date.now() / 1000), body }));
  try {
    const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(options.signal ? [options.signal] : [])];
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any(signals) });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}
