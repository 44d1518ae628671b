/**
 * @module Maps a final non-2xx reply or transport failure to the typed error taxonomy. Messages name
 * the action, the request line and the reason; body excerpts are truncated and scrubbed of the token.
 */
import {
  AuthError,
  BadResponseError,
  HttpError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  type ConnectorError,
  type RequestFacts,
} from '../errors/index.js';
import { asBuffer } from '../as-buffer.js';
import type { ConnectionHints } from '../config/hints.js';
import { redact } from '../redact.js';
import { RESPONSE_TOO_LARGE, type WireFailure, type WireResponse } from './transport.js';

export interface RequestContext extends RequestFacts {
  /** host[:port] of the base URL. */
  host: string;
  /** The API's name in messages, e.g. `Chaport answered 404`. */
  service: string;
  secrets: readonly (string | undefined)[];
  /** What to check after a 401/403 or a 404. */
  hints: ConnectionHints;
}

const EXCERPT_LIMIT = 500;

export function errorForResponse(context: RequestContext, response: WireResponse, retryAfterMs?: number): ConnectorError {
  const { status } = response;
  const requestLine = `${context.method} ${context.path}`;
  const facts = { action: context.action, status, method: context.method, path: context.path, attempts: context.attempts };
  const body = excerpt(asBuffer(response.body).toString('utf8'), context.secrets);
  const reply = body === undefined ? facts : { ...facts, body };
  const statusText = printable(redact(response.statusText, context.secrets));
  const answered = `${context.service} answered ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 401 || status === 403) {
    const why = status === 401 ? 'the token was not accepted' : 'the token lacks permission for this';
    return new AuthError('ERR_AUTH', `${context.action} failed: ${answered}: ${why} (${requestLine}). ${context.hints.auth}`, reply);
  }
  if (status === 404) {
    const hint = context.hints.notFound === undefined ? '' : ` ${context.hints.notFound}`;
    return new NotFoundError(`${context.action} failed: ${answered}: no such resource (${requestLine}).${hint}`, reply);
  }
  // A 503 that says when to come back is rate limiting too, as far as the caller is concerned.
  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
    const wait = retryAfterMs === undefined ? '' : ` ${context.service} asks to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new RateLimitError(
      `${context.action} failed: ${answered}: rate limited after ${context.attempts} attempt(s) (${requestLine}).${wait}`,
      retryAfterMs === undefined ? reply : { ...reply, retryAfterMs },
    );
  }
  const after = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  return new HttpError(`${context.action} failed: ${answered}${after} (${requestLine}).`, reply);
}

/** The call's deadline passed before a complete reply came, whatever was under way. */
export function errorForDeadline(context: RequestContext, deadlineMs: number, status?: number): TimeoutError {
  const facts = { action: context.action, method: context.method, path: context.path, attempts: context.attempts, reason: 'ERR_DEADLINE', ...(status === undefined ? {} : { status }) };
  const seconds = Number((deadlineMs / 1000).toFixed(1));
  const cause = Object.assign(new Error(`no complete reply within ${deadlineMs} ms`), { code: 'ERR_DEADLINE' });
  return new TimeoutError(
    `${context.action} failed: no complete reply from ${context.host} within the ${seconds} s deadline, ${context.attempts} attempt(s) ` +
      `(${context.method} ${context.path}). If the API is this slow, allow a longer deadline.`,
    facts,
    { cause },
  );
}

/** A 2xx reply to a read whose body is not JSON: an error naming what came instead. */
export function errorForBadBody(context: RequestContext, response: WireResponse): BadResponseError {
  const text = redact(asBuffer(response.body).toString('utf8'), context.secrets);
  const contentType = printable(redact(String(response.headers['content-type'] ?? ''), context.secrets));
  const what = response.body.length === 0 ? 'an empty body' : `a body that is not JSON${contentType ? ` (${contentType})` : ''}`;
  const facts = { action: context.action, status: response.status, method: context.method, path: context.path, attempts: context.attempts };
  const body = excerpt(asBuffer(response.body).toString('utf8'), context.secrets);
  return new BadResponseError(
    `${context.action} failed: ${context.service} answered ${response.status} with ${what} (${context.method} ${context.path}). ` +
      'A login page or a proxy may have answered: check the base URL and the token.',
    { ...facts, ...(body === undefined ? {} : { body }), ...(contentType ? { contentType } : {}), text },
  );
}

export function errorForFailure(context: RequestContext, failure: WireFailure, maxResponseBytes: number): ConnectorError {
  const facts = {
    action: context.action,
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    reason: failure.code,
    ...(failure.status === undefined ? {} : { status: failure.status }),
  };
  const after = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  if (failure.code === RESPONSE_TOO_LARGE) {
    const { reason: _reason, status: _status, ...request } = facts;
    const status = failure.status === undefined ? '' : ` (status ${failure.status})`;
    return new ResponseTooLargeError(
      `${context.action} failed: the reply${status} is larger than ${maxResponseBytes} bytes after decompression; reading stopped there ` +
        `(${context.method} ${context.path}). If such a reply is expected, raise the limit.`,
      failure.status === undefined ? { ...request, limit: maxResponseBytes } : { ...request, limit: maxResponseBytes, status: failure.status },
    );
  }
  const message = printable(redact(failure.cause.message, context.secrets));
  // A fresh cause with the scrubbed message: nothing of the original error can carry the token.
  const cause = Object.assign(new Error(message), { name: failure.cause.name, code: failure.code });
  if (failure.code.startsWith('ERR_TIMEOUT_')) {
    return new TimeoutError(
      `${context.action} failed: ${context.host} did not answer in time${after} (${context.method} ${context.path}): ${message}.`,
      facts,
      { cause },
    );
  }
  const what = failure.status === undefined ? `could not reach ${context.host}` : `the reply (status ${failure.status}) from ${context.host} was cut off`;
  return new NetworkError(`${context.action} failed: ${what}${after} (${failure.code}: ${message}).`, facts, { cause });
}

function excerpt(body: string, secrets: readonly (string | undefined)[]): string | undefined {
  if (body === '') return undefined;
  const clean = printable(redact(body, secrets));
  return clean.length > EXCERPT_LIMIT ? `${clean.slice(0, EXCERPT_LIMIT)}…` : clean;
}

/** Server text with control characters (terminal escape sequences among them) replaced by spaces. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
