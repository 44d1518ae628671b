/**
 * @module Runs one action: strict input validation (nothing is sent on failure), request building,
 * sending with auth and retries, error mapping, envelope removal and lenient output validation.
 */
import type { ActionDefinition, Catalogue, RetrySettings } from '../catalogue/types.js';
import { missingTokenError, type ResolvedConnection } from '../config/settings.js';
import { AbortedError, InputValidationError, type ValidationIssue } from '../errors.js';
import { errorForFailure, errorForResponse, type RequestContext } from '../http/failure-errors.js';
import { sendWithRetry, type SendOptions } from '../http/send-with-retry.js';
import type { Transport, WireRequest } from '../http/transport.js';
import { cursorOf } from '../pagination/strategies.js';
import { buildRequest, type PlannedRequest } from '../request/build-request.js';
import type { ValidatorCache } from '../validation/action-validators.js';
import { toIssues } from '../validation/issues.js';
import { shapeOutput, textOutput } from './shape-output.js';

/** A difference between a reply and the action's output schema: the API may have changed. */
export interface DriftReport {
  action: string;
  issues: ValidationIssue[];
}

export interface RunResult<T = unknown> {
  output: T;
  drift: ValidationIssue[];
  status: number;
  attempts: number;
}

export interface RunEnvironment {
  catalogue: Catalogue;
  connection: ResolvedConnection;
  validators: ValidatorCache;
  transport: Transport;
  retry: RetrySettings;
  userAgent: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called when the reply does not match the output schema; the output is returned all the same. */
  onDrift?: (report: DriftReport) => void;
}

export async function runAction(
  env: RunEnvironment,
  action: ActionDefinition,
  input: unknown,
  options: RunOptions = {},
): Promise<RunResult> {
  const validators = await env.validators.get(action);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputValidationError(action.key, [{ path: '', rule: 'type', message: 'must be a JSON object' }]);
  }
  if (!validators.input(input)) throw new InputValidationError(action.key, toIssues(validators.input.errors));
  const record = input as Record<string, unknown>;
  const planned = buildRequest(action, record);

  const { token, baseUrl } = env.connection;
  if (token === undefined) throw missingTokenError(env.catalogue.manifest);
  const wire = toWire(env, planned, token);
  const sendOptions: SendOptions = { transport: env.transport, policy: env.retry, idempotent: action.idempotent };
  if (options.signal) sendOptions.signal = options.signal;
  const sent = await sendWithRetry(wire, sendOptions);
  if ('aborted' in sent) throw new AbortedError(action.key, sent.attempts);

  const context: RequestContext = {
    action: action.key,
    method: planned.method,
    path: requestPath(planned),
    host: new URL(baseUrl).host,
    attempts: sent.attempts,
    secrets: [token],
  };
  if (!sent.outcome.ok) throw errorForFailure(context, sent.outcome.failure);
  const { response } = sent.outcome;
  if (response.status < 200 || response.status > 299) throw errorForResponse(context, response, sent.retryAfterMs);

  const cursor = cursorOf(record);
  const text = response.body.toString('utf8');
  const parsed = parseJson(text);
  const shaped = parsed.ok
    ? shapeOutput(action, env.catalogue.manifest, { body: parsed.value, headers: response.headers, baseUrl }, cursor)
    : textOutput(action, text);
  const drift = shaped.drift;
  if (!validators.output(shaped.output)) drift.push(...toIssues(validators.output.errors));
  if (drift.length > 0) options.onDrift?.({ action: action.key, issues: drift });
  return { output: shaped.output, drift, status: response.status, attempts: sent.attempts };
}

function toWire(env: RunEnvironment, planned: PlannedRequest, token: string): WireRequest {
  const { manifest } = env.catalogue;
  const url = new URL(env.connection.baseUrl + planned.path);
  for (const [name, value] of planned.query) url.searchParams.append(name, value);
  const headers: Record<string, string> = {
    'user-agent': env.userAgent,
    ...lowerKeys(manifest.headers ?? {}),
    ...lowerKeys(planned.headers),
  };
  const wire: WireRequest = { method: planned.method, url: url.href, headers };
  if (planned.body !== undefined) {
    headers['content-type'] = 'application/json';
    wire.body = JSON.stringify(planned.body);
  }
  // Last, so that nothing declared in a file can replace it.
  headers[manifest.auth.header.toLowerCase()] = `${manifest.auth.scheme} ${token}`;
  return wire;
}

/** The path and query shown in messages: below the base URL, as sent. */
function requestPath(planned: PlannedRequest): string {
  const query = new URLSearchParams(planned.query).toString();
  return query === '' ? planned.path : `${planned.path}?${query}`;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** An empty body parses to undefined; a body that is not JSON is reported, not thrown. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
