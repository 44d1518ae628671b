/**
 * @module Runs one action: strict input validation (nothing is sent on failure), request building,
 * sending with auth and retries, error mapping, envelope removal and lenient output validation.
 */
import type { ActionDefinition } from '../catalogue/types.js';
import { InputValidationError, type ValidationIssue } from '../errors.js';
import { exchange, type HttpEnvironment } from '../http/exchange.js';
import { errorForResponse } from '../http/failure-errors.js';
import { cursorOf } from '../pagination/strategies.js';
import { buildRequest } from '../request/build-request.js';
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

export interface RunEnvironment extends HttpEnvironment {
  validators: ValidatorCache;
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

  const hasBody = planned.body !== undefined;
  const sent = await exchange(env, {
    label: action.key,
    method: planned.method,
    path: planned.path,
    query: planned.query,
    headers: hasBody ? { ...planned.headers, 'content-type': 'application/json' } : planned.headers,
    ...(hasBody ? { body: JSON.stringify(planned.body) } : {}),
    idempotent: action.idempotent,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { response } = sent;
  if (response.status < 200 || response.status > 299) throw errorForResponse(sent.context, response, sent.retryAfterMs);

  const cursor = cursorOf(record);
  const text = response.body.toString('utf8');
  const parsed = parseJson(text);
  const shaped = parsed.ok
    ? shapeOutput(action, env.manifest, { body: parsed.value, headers: response.headers, baseUrl: env.connection.baseUrl, requestUrl: sent.sent.url }, cursor)
    : textOutput(action, text);
  const drift = shaped.drift;
  if (!validators.output(shaped.output)) drift.push(...toIssues(validators.output.errors));
  if (drift.length > 0) options.onDrift?.({ action: action.key, issues: drift });
  return { output: shaped.output, drift, status: response.status, attempts: sent.context.attempts };
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
