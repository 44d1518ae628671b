/**
 * @module Errors of a request that was (or may have been) sent: the API's refusals and failures,
 * the transport's, the caller's abort, and a list that cannot be paged on.
 */
import { ConnectorError } from './connector-error.js';

/** The request a failure belongs to, as messages and `--json` show it. */
export interface RequestFacts {
  /** The action key, or `request` for the raw passthrough. */
  action: string;
  method: string;
  /** Path below the base URL, with its query string. */
  path: string;
  attempts: number;
}

/** A non-2xx reply: its status and a short excerpt of its body, scrubbed of the token. */
export interface ReplyFacts extends RequestFacts {
  status: number;
  body?: string;
}

/** The facts of a reply, field by field: nothing else of the object passed can reach toJSON(). */
function replyFields(facts: ReplyFacts): ReplyFacts {
  const fields: ReplyFacts = { action: facts.action, status: facts.status, method: facts.method, path: facts.path, attempts: facts.attempts };
  if (facts.body !== undefined) fields.body = facts.body;
  return fields;
}

/** No usable token (ERR_AUTH_MISSING), or the API refused it with 401/403 (ERR_AUTH). */
export class AuthError extends ConnectorError {
  static readonly codes = ['ERR_AUTH_MISSING', 'ERR_AUTH'] as const;
  override name = 'AuthError';
  /** The environment variable the token is read from (ERR_AUTH_MISSING). */
  readonly env?: string;
  readonly action?: string;
  /** 401 or 403; undefined when no usable token was configured. */
  readonly status?: number;
  readonly method?: string;
  readonly path?: string;
  readonly attempts?: number;
  readonly body?: string;

  constructor(code: 'ERR_AUTH_MISSING', message: string, facts: { env: string });
  constructor(code: 'ERR_AUTH', message: string, facts: ReplyFacts);
  constructor(code: (typeof AuthError.codes)[number], message: string, facts: { env: string } | ReplyFacts) {
    super(code, message);
    if ('env' in facts) this.env = facts.env;
    else Object.assign(this, replyFields(facts));
  }
}

/** An error about a reply that came: its request line, attempts, status and an excerpt of its body. */
abstract class ReplyError extends ConnectorError {
  declare readonly action: string;
  declare readonly status: number;
  declare readonly method: string;
  declare readonly path: string;
  declare readonly attempts: number;
  declare readonly body?: string;

  protected constructor(code: 'ERR_HTTP' | 'ERR_NOT_FOUND' | 'ERR_RATE_LIMITED' | 'ERR_BAD_RESPONSE', message: string, facts: ReplyFacts) {
    super(code, message);
    Object.assign(this, replyFields(facts));
  }
}

/**
 * The API answered with a status that is neither 2xx nor one of the more specific ones below. The
 * code is the one the class pins: ERR_HTTP here, ERR_NOT_FOUND and ERR_RATE_LIMITED in the subclasses.
 */
export class HttpError extends ReplyError {
  static readonly codes: readonly ('ERR_HTTP' | 'ERR_NOT_FOUND' | 'ERR_RATE_LIMITED')[] = ['ERR_HTTP'];
  override name = 'HttpError';

  constructor(message: string, facts: ReplyFacts) {
    super((new.target as typeof HttpError).codes[0] as (typeof HttpError.codes)[number], message, facts);
  }
}

export class NotFoundError extends HttpError {
  static override readonly codes = ['ERR_NOT_FOUND'] as const;
  override name = 'NotFoundError';
}

export class RateLimitError extends HttpError {
  static override readonly codes = ['ERR_RATE_LIMITED'] as const;
  override name = 'RateLimitError';
  /** How long the API asked to wait, when it said. */
  readonly retryAfterMs?: number;
  constructor(message: string, facts: ReplyFacts & { retryAfterMs?: number }) {
    super(message, facts);
    if (facts.retryAfterMs !== undefined) this.retryAfterMs = facts.retryAfterMs;
  }
}

/** A transport failure: the reason is the system code (ECONNREFUSED, …) or ERR_TIMEOUT_<PHASE>. */
export interface TransportFacts extends RequestFacts {
  reason: string;
  /** The reply's status, when the failure came after the reply began (a body cut off or stalled). */
  status?: number;
}

abstract class TransportError extends ConnectorError {
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly reason: string;
  /** The reply's status, when the failure came after the reply began. */
  readonly status?: number;
  protected constructor(code: 'ERR_NETWORK' | 'ERR_TIMEOUT', message: string, facts: TransportFacts, cause: Error) {
    super(code, message, { cause });
    this.action = facts.action;
    this.method = facts.method;
    this.path = facts.path;
    this.attempts = facts.attempts;
    this.reason = facts.reason;
    if (facts.status !== undefined) this.status = facts.status;
  }
}

export class NetworkError extends TransportError {
  static readonly codes = ['ERR_NETWORK'] as const;
  override name = 'NetworkError';
  constructor(message: string, facts: TransportFacts, options: { cause: Error }) {
    super('ERR_NETWORK', message, facts, options.cause);
  }
}

export class TimeoutError extends TransportError {
  static readonly codes = ['ERR_TIMEOUT'] as const;
  override name = 'TimeoutError';
  constructor(message: string, facts: TransportFacts, options: { cause: Error }) {
    super('ERR_TIMEOUT', message, facts, options.cause);
  }
}

/**
 * A 2xx reply to a read whose body is not JSON (an HTML login page, a truncated reply, nothing): the
 * action cannot have worked. `body` is a short excerpt; `text` (not serialised) is the whole body;
 * both are scrubbed of the token.
 */
export class BadResponseError extends ReplyError {
  static readonly codes = ['ERR_BAD_RESPONSE'] as const;
  override name = 'BadResponseError';
  /** The reply's content type, when it named one. */
  readonly contentType?: string;
  /** The whole body as text, scrubbed of the token; left out of toJSON(). */
  declare readonly text: string;
  constructor(message: string, facts: ReplyFacts & { contentType?: string; text: string }) {
    super('ERR_BAD_RESPONSE', message, facts);
    if (facts.contentType !== undefined) this.contentType = facts.contentType;
    Object.defineProperty(this, 'text', { value: facts.text, enumerable: false });
  }
}

/** A reply larger than the limit, counted after decompression: reading stopped there. */
export class ResponseTooLargeError extends ConnectorError {
  static readonly codes = ['ERR_RESPONSE_TOO_LARGE'] as const;
  override name = 'ResponseTooLargeError';
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  /** The limit in bytes. */
  readonly limit: number;
  /** The reply's status, when it was known before reading stopped. */
  readonly status?: number;
  constructor(message: string, facts: RequestFacts & { limit: number; status?: number }) {
    super('ERR_RESPONSE_TOO_LARGE', message);
    this.action = facts.action;
    this.method = facts.method;
    this.path = facts.path;
    this.attempts = facts.attempts;
    this.limit = facts.limit;
    if (facts.status !== undefined) this.status = facts.status;
  }
}

/** The caller's AbortSignal fired; the request may or may not have reached the API. */
export class AbortedError extends ConnectorError {
  static readonly codes = ['ERR_ABORTED'] as const;
  override name = 'AbortedError';
  readonly action: string;
  readonly attempts: number;
  constructor(action: string, attempts: number) {
    super('ERR_ABORTED', `${action} was aborted by the caller after ${attempts} attempt(s).`);
    this.action = action;
    this.attempts = attempts;
  }
}

/** Why a reply cannot be used as a page of a list. */
export type PaginationReason =
  /** The reply is not JSON. */
  | 'not_json'
  /** The reply has no body. */
  | 'empty'
  /** The reply lacks the envelope member that holds the records. */
  | 'no_envelope'
  /** The records are not an array. */
  | 'not_a_list'
  /** The next-page link leads away from the base URL. */
  | 'link_outside_base';

/** A list cannot be paged further safely: the reply is not a usable page, or its next link leads elsewhere. */
export class PaginationError extends ConnectorError {
  static readonly codes = ['ERR_PAGINATION'] as const;
  override name = 'PaginationError';
  readonly reason: PaginationReason;
  constructor(message: string, reason: PaginationReason) {
    super('ERR_PAGINATION', message);
    this.reason = reason;
  }
}
