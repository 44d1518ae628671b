/**
 * @module The authenticated raw passthrough: any method and path below the base URL, with the
 * connector's token, timeouts, retries (only for idempotent methods) and error taxonomy. A raw
 * request becomes the same RequestPlan an action makes and takes the same way to the wire. HTTP
 * statuses are returned, not thrown. When the method and path match a declared action, a JSON reply
 * is checked against that action's output schema and drift is reported as for actions.
 */
import { asBuffer } from '../as-buffer.js';
import type { Bytes, HttpHeaders } from '../bytes.js';
import { IDEMPOTENT_METHODS } from '../catalogue/http-methods.js';
import { apiBasePath } from '../catalogue/manifest.js';
import type { ActionDefinition } from '../catalogue/types.js';
import { basePathOf } from '../base-url.js';
import { RefusedRequestError, type ConnectorError, type ValidationIssue } from '../errors/index.js';
import { errorForResponse } from '../http/failure-errors.js';
import { isSuccess, send } from '../http/send.js';
import type { WireRequest } from '../http/transport.js';
import type { RequestPlan } from '../request/plan.js';
import { redactedWire, toWireRequest } from '../request/to-wire.js';
import { deliveredDespite, type Delivered } from '../runtime/delivered.js';
import { checkOutput, type RunOptions } from '../runtime/run-action.js';
import type { Runtime } from '../runtime/runtime.js';
import { shapeOutput, type ReplyBody } from '../runtime/shape-output.js';
import { confineHeaders, confinePath } from './confine.js';
import { actionFor } from './match-action.js';

export interface RawRequest {
  /** @default 'GET' */
  method?: string;
  /** Below the base URL, e.g. `/visitors/{visitorId}`; a leading API base path (`/api/v1`) is accepted too. */
  path: string;
  /** Fill `{name}` placeholders, percent-encoded. */
  pathParams?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | (string | number | boolean)[]>;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON; a string or bytes (a Buffer, a Uint8Array) as they are. */
  body?: unknown;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: HttpHeaders;
  /** Parsed JSON for a JSON reply, text for a text reply, otherwise the bytes. */
  data: unknown;
  /** The reply's bytes, unchanged (a Buffer at run time). */
  body: Bytes;
  /** The declared action this request corresponds to, when there is one. */
  action?: string;
  /** Differences between a 2xx JSON reply and that action's output schema. */
  drift: ValidationIssue[];
  /** E.g. that a given Authorization header was replaced. */
  warnings: string[];
  /**
   * Set when the request was delivered (a 2xx status came) but its reply could not be read: what
   * became of it, e.g. `the reply was cut off (ECONNRESET)`. `body` is then empty.
   */
  unread?: string;
  /** The request line and the headers the connector set, credential redacted (for `-i`). */
  sent: Omit<WireRequest, 'body'>;
  /** How many attempts it took. */
  attempts: number;
  retryAfterMs?: number;
  /** The typed error this reply stands for (ERR_NOT_FOUND, ERR_AUTH, …), or undefined for a 2xx. */
  asError(): ConnectorError | undefined;
}

const METHODS = new Set([...IDEMPOTENT_METHODS, 'POST', 'PATCH']);

/** Where raw requests go, and the actions whose replies are checked (read only when one may match). */
export interface RawTarget {
  runtime: Runtime;
  actions: () => readonly ActionDefinition[];
}

export interface RawRequestOptions extends RunOptions {
  /**
   * Parse the reply into `data` and check a reply to a declared action for drift. `false` passes the
   * bytes on untouched (`data` is then undefined), as the proxy does: no reply costs more than its bytes.
   * @default true
   */
  parse?: boolean;
}

export async function rawRequest(target: RawTarget, request: RawRequest, options: RawRequestOptions = {}): Promise<RawResponse> {
  const { runtime } = target;
  const { plan, warnings } = planRawRequest(runtime, request);
  const wire = toWireRequest(plan, runtime);
  let sent: Awaited<ReturnType<typeof send>>;
  try {
    sent = await send(runtime.http, wire, plan, options.signal);
  } catch (error) {
    // A write the API accepted (2xx) whose reply could not be read was delivered: say so, do not fail.
    const delivered = plan.method === 'GET' || plan.method === 'HEAD' ? undefined : deliveredDespite(error);
    if (delivered === undefined) throw error;
    return deliveredResponse(delivered, wire, runtime, (error as { attempts: number }).attempts);
  }
  const { response, context } = sent;
  const data = options.parse === false ? undefined : decode(response.body, String(response.headers['content-type'] ?? ''));
  const result: RawResponse = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    data,
    body: response.body,
    drift: [],
    warnings,
    sent: redactedWire(wire, runtime.manifest),
    attempts: context.attempts,
    // A closure, not a field: the context holds the token (to scrub messages) and must not be handed out.
    asError: () => (isSuccess(response.status) ? undefined : errorForResponse(context, response, sent.retryAfterMs)),
  };
  Object.defineProperty(result, 'asError', { enumerable: false });
  if (sent.retryAfterMs !== undefined) result.retryAfterMs = sent.retryAfterMs;
  const action = options.parse === false ? undefined : actionFor(target.actions(), plan.method, plan.path);
  if (action !== undefined) {
    result.action = action.key;
    if (isSuccess(response.status) && !(data instanceof Uint8Array) && typeof data !== 'string') {
      const validators = await runtime.validators.get(action);
      const body: ReplyBody = data === undefined ? { kind: 'empty' } : { kind: 'json', value: data };
      const reply = { body, headers: response.headers, baseUrl: runtime.connection.baseUrl, requestUrl: wire.url };
      result.drift = checkOutput(action, validators, shapeOutput(action, runtime.manifest, reply, undefined), options).drift;
    }
  }
  return result;
}

function deliveredResponse(delivered: Delivered, wire: WireRequest, runtime: Runtime, attempts: number): RawResponse {
  const result: RawResponse = {
    status: delivered.status,
    statusText: '',
    headers: {},
    data: undefined,
    body: new Uint8Array(0),
    drift: [],
    warnings: [`the request was delivered (status ${delivered.status}), but ${delivered.why}; do not send it again.`],
    sent: redactedWire(wire, runtime.manifest),
    attempts,
    unread: delivered.why,
    asError: () => undefined,
  };
  Object.defineProperty(result, 'asError', { enumerable: false });
  return result;
}

/** The plan of a raw request, refused (nothing sent) when it would leave the base URL or is malformed. */
export function planRawRequest(runtime: Runtime, request: RawRequest): { plan: RequestPlan; warnings: string[] } {
  const method = (request.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) throw new RefusedRequestError(`'${request.method ?? ''}' is not one of ${[...METHODS].join(', ')}.`);
  if ((method === 'GET' || method === 'HEAD') && request.body !== undefined) {
    throw new RefusedRequestError(`a ${method} request cannot carry a body; use -X POST or PUT.`);
  }
  const basePaths = [basePathOf(runtime.connection.baseUrl), apiBasePath(runtime.manifest)];
  const pathParams = Object.fromEntries(Object.entries(request.pathParams ?? {}).map(([k, v]) => [k, String(v)]));
  const target = confinePath(request.path, basePaths, pathParams);
  const { headers, warnings } = confineHeaders(request.headers ?? {}, runtime.manifest.auth.header);
  const plan: RequestPlan = {
    label: 'request',
    method,
    path: target.path,
    query: [...target.query, ...queryPairs(request.query ?? {})],
    headers,
    idempotent: IDEMPOTENT_METHODS.has(method),
  };
  if (request.body !== undefined) {
    plan.body = typeof request.body === 'string' || request.body instanceof Uint8Array ? { bytes: request.body } : { json: request.body };
  }
  return { plan, warnings };
}

function queryPairs(query: NonNullable<RawRequest['query']>): [string, string][] {
  return Object.entries(query).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter((item) => item !== undefined && item !== null).map((item): [string, string] => [name, String(item)]),
  );
}

/** JSON for JSON (or unlabelled JSON), text for text, bytes for everything else. */
function decode(bytes: Bytes, contentType: string | undefined): unknown {
  const body = asBuffer(bytes);
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
