/**
 * @module Sends a wire request: retries as the policy allows, then maps a transport failure or the
 * caller's abort to a typed error. Replies of any status are returned; the caller decides what a
 * non-2xx status means (errorForResponse maps it with the context returned here).
 */
import type { RetrySettings } from '../catalogue/types.js';
import type { ConnectionHints } from '../config/hints.js';
import { pathBelowBase } from '../base-url.js';
import { AbortedError } from '../errors/index.js';
import { errorForDeadline, errorForFailure, type RequestContext } from './failure-errors.js';
import { sendWithRetry, type AttemptEvent, type RetryEvent, type SendOptions } from './send-with-retry.js';
import { RESPONSE_TOO_LARGE, type Transport, type WireRequest, type WireResponse } from './transport.js';

/** How requests are sent and how their failures are told. */
export interface HttpClient {
  transport: Transport;
  retry: RetrySettings;
  /** The base URL requests go below: messages show paths relative to it. */
  baseUrl: string;
  /** The API's name in messages, e.g. `Chaport answered 404`. */
  service: string;
  /** Values scrubbed from every message (the token). */
  secrets: readonly (string | undefined)[];
  /** A reply longer than this (after decompression) is an error, whichever transport read it. */
  maxResponseBytes: number;
  /** The most one call may take, every attempt and wait included. */
  deadlineMs: number;
  /** What to check after a 401/403 or a 404. */
  hints: ConnectionHints;
  onAttempt?: (event: AttemptEvent) => void;
  onRetry?: (event: RetryEvent) => void;
}

export interface SendRequest {
  /** Names the caller in messages: an action key, or `request`. */
  label: string;
  /** Whether the request may be sent again after it may have reached the API. */
  idempotent: boolean;
}

export interface Sent {
  response: WireResponse;
  /** For messages and errors: the request line, attempts, host; holds the token only to scrub it, so never hand it out. */
  context: RequestContext;
  /** The Retry-After of a final 429/503 that was not waited for. */
  retryAfterMs?: number;
}

export async function send(client: HttpClient, wire: WireRequest, request: SendRequest, signal?: AbortSignal): Promise<Sent> {
  const url = new URL(wire.url);
  const path = pathBelowBase(url, client.baseUrl);
  const options: SendOptions = { transport: client.transport, policy: client.retry, idempotent: request.idempotent, deadlineMs: client.deadlineMs, path };
  if (signal) options.signal = signal;
  if (client.onAttempt) options.onAttempt = client.onAttempt;
  if (client.onRetry) options.onRetry = client.onRetry;
  const sent = await sendWithRetry(wire, options);
  if ('aborted' in sent) throw new AbortedError(request.label, sent.attempts);
  const context: RequestContext = {
    action: request.label,
    method: wire.method,
    path,
    host: url.host,
    attempts: sent.attempts,
    service: client.service,
    secrets: client.secrets,
    hints: client.hints,
  };
  if ('deadline' in sent) throw errorForDeadline(context, client.deadlineMs, sent.status);
  if (!sent.outcome.ok) throw errorForFailure(context, sent.outcome.failure, client.maxResponseBytes);
  const { response } = sent.outcome;
  // A transport of the embedder's may not stop at the limit: the reply is refused all the same.
  if (response.body.length > client.maxResponseBytes) {
    throw errorForFailure(context, { code: RESPONSE_TOO_LARGE, cause: new Error('reply too large'), status: response.status }, client.maxResponseBytes);
  }
  const result: Sent = { response, context };
  if (sent.retryAfterMs !== undefined) result.retryAfterMs = sent.retryAfterMs;
  return result;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}
