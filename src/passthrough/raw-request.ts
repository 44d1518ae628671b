/**
 * @module The authenticated raw passthrough: any method and path below the base URL, with the
 * connector's token, timeouts, retries (only for idempotent methods) and error taxonomy. HTTP
 * statuses are returned, not thrown. When the method and path match a declared action, a JSON reply
 * is checked against that action's output schema and drift is reported as for actions.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ConnectorError, ValidationIssue } from '../errors.js';
import { errorForResponse } from '../http/failure-errors.js';
import { exchange } from '../http/exchange.js';
import { IDEMPOTENT_METHODS } from '../http/retry-policy.js';
import type { ExchangeResult } from '../http/exchange.js';
import type { RunEnvironment, RunOptions } from '../runtime/run-action.js';
import { shapeOutput } from '../runtime/shape-output.js';
import { toIssues } from '../validation/issues.js';
import { confineHeaders, confinePath, RefusedRequestError } from './confine.js';
import { actionFor } from './match-action.js';
import type { ActionDefinition } from '../catalogue/types.js';

export interface RawRequest {
  /** @default 'GET' */
  method?: string;
  /** Below the base URL, e.g. `/visitors/{visitorId}`; a leading `/api/v1` is accepted too. */
  path: string;
  /** Fill `{name}` placeholders, percent-encoded. */
  pathParams?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | (string | number | boolean)[]>;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON; a string or Buffer as is. */
  body?: unknown;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON for a JSON reply, text for a text reply, otherwise the bytes. */
  data: unknown;
  /** The reply's bytes, unchanged. */
  body: Buffer;
  /** The declared action this request corresponds to, when there is one. */
  action?: string;
  /** Differences between a 2xx JSON reply and that action's output schema. */
  drift: ValidationIssue[];
  /** E.g. that a given Authorization header was replaced. */
  warnings: string[];
  /** The request line and the headers the connector set, credential redacted (for `-i`). */
  sent: ExchangeResult['sent'];
  /** How many attempts it took. */
  attempts: number;
  retryAfterMs?: number;
  /** The typed error this reply stands for (ERR_NOT_FOUND, ERR_AUTH, …), or undefined for a 2xx. */
  asError(): ConnectorError | undefined;
}

const METHODS = new Set([...IDEMPOTENT_METHODS, 'POST', 'PATCH']);

export async function rawRequest(env: RunEnvironment, actions: readonly ActionDefinition[], request: RawRequest, options: RunOptions = {}): Promise<RawResponse> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) throw new RefusedRequestError(`'${request.method ?? ''}' is not one of ${[...METHODS].join(', ')}.`);
  if ((method === 'GET' || method === 'HEAD') && request.body !== undefined) {
    throw new RefusedRequestError(`a ${method} request cannot carry a body; use -X POST or PUT.`);
  }
  const basePath = new URL(env.connection.baseUrl).pathname.replace(/\/$/, '');
  const pathParams = Object.fromEntries(Object.entries(request.pathParams ?? {}).map(([k, v]) => [k, String(v)]));
  const target = confinePath(request.path, basePath, pathParams);
  const { headers, warnings } = confineHeaders(request.headers ?? {}, env.manifest.auth.header);
  const query = [...target.query, ...queryPairs(request.query ?? {})];
  const body = encodeBody(request.body, headers);

  const sent = await exchange(env, {
    label: 'request',
    method,
    path: target.path,
    query,
    headers,
    ...(body === undefined ? {} : { body }),
    idempotent: IDEMPOTENT_METHODS.has(method),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { response } = sent;
  const data = decode(response.body, response.headers['content-type']);
  const { context } = sent;
  const result: RawResponse = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    data,
    body: response.body,
    drift: [],
    warnings,
    sent: sent.sent,
    attempts: context.attempts,
    // A closure, not a field: the context holds the token (to scrub messages) and must not be handed out.
    asError: () => (response.status >= 200 && response.status < 300 ? undefined : errorForResponse(context, response, sent.retryAfterMs)),
  };
  Object.defineProperty(result, 'asError', { enumerable: false });
  if (sent.retryAfterMs !== undefined) result.retryAfterMs = sent.retryAfterMs;
  const action = actionFor(actions, method, target.path);
  if (action !== undefined) {
    result.action = action.key;
    if (response.status >= 200 && response.status < 300 && !(data instanceof Buffer) && typeof data !== 'string') {
      result.drift = await driftOf(env, action, data, response.headers, sent.sent.url);
      if (result.drift.length > 0) options.onDrift?.({ action: action.key, issues: result.drift });
    }
  }
  return result;
}

async function driftOf(
  env: RunEnvironment,
  action: ActionDefinition,
  body: unknown,
  headers: IncomingHttpHeaders,
  requestUrl: string,
): Promise<ValidationIssue[]> {
  const validators = await env.validators.get(action);
  const shaped = shapeOutput(action, env.manifest, { body, headers, baseUrl: env.connection.baseUrl, requestUrl }, undefined);
  return validators.output(shaped.output) ? shaped.drift : [...shaped.drift, ...toIssues(validators.output.errors)];
}

function queryPairs(query: NonNullable<RawRequest['query']>): [string, string][] {
  return Object.entries(query).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter((item) => item !== undefined && item !== null).map((item): [string, string] => [name, String(item)]),
  );
}

function encodeBody(body: unknown, headers: Record<string, string>): string | Buffer | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Buffer) return body;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

/** JSON for JSON (or unlabelled JSON), text for text, bytes for everything else. */
function decode(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  const isJson = /[/+]json\b/.test(type);
  if (isJson || type === '') {
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      if (isJson) return body.toString('utf8');
    }
  }
  if (type.startsWith('text/') || isUtf8(body)) return body.toString('utf8');
  return body;
}

function isUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return !body.includes(0);
  } catch {
    return false;
  }
}
