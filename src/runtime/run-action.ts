/**
 * @module Runs one action, in the order every request of the connector takes:
 *   validate the input (nothing is sent when it fails) → expand the action's templates → apply the
 *   page cursor → put the plan on the wire → send (retries, failure mapping) → map a non-2xx status
 *   to its error → shape the output and check it against the output schema (drift is reported).
 */
import type { ActionDefinition } from '../catalogue/types.js';
import { InputValidationError, type ValidationIssue } from '../errors/index.js';
import { errorForBadBody, errorForResponse } from '../http/failure-errors.js';
import { isSuccess, send } from '../http/send.js';
import type { PageResult } from '../pagination/read-page.js';
import { applyCursor, cursorOf } from '../pagination/strategies.js';
import { expandAction } from '../request/expand-action.js';
import { toJsonText } from '../json-text.js';
import { toWireRequest } from '../request/to-wire.js';
import type { ActionValidators } from '../validation/action-validators.js';
import { toIssues } from '../validation/issues.js';
import { sampleForValidation } from '../validation/sample.js';
import { deliveredDespite } from './delivered.js';
import type { Runtime } from './runtime.js';
import { readBody, shapeOutput, type Reply, type ShapedOutput } from './shape-output.js';

/** A difference between a reply and the action's output schema: the API may have changed. */
export interface DriftReport {
  action: string;
  issues: ValidationIssue[];
}

export interface RunResult<T = unknown> {
  output: T;
  /** Differences between the reply and the output schema; a report, never a reason to fail. */
  drift: ValidationIssue[];
  status: number;
  attempts: number;
  /** For a list action: the reply as a page (records, next cursor, or why paging cannot go on). */
  page?: PageResult;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called when the reply does not match the output schema; the output is returned all the same. */
  onDrift?: (report: DriftReport) => void;
}

export async function runAction(runtime: Runtime, action: ActionDefinition, input: unknown, options: RunOptions = {}): Promise<RunResult> {
  const validators = await runtime.validators.get(action);
  const checked = validateInput(action, validators, input);
  const cursor = cursorOf(checked);
  const plan = applyCursor(action, expandAction(action, checked), cursor);
  const wire = toWireRequest(plan, runtime);
  const sent = await send(runtime.http, wire, plan, options.signal).catch((error: unknown) => {
    const delivered = deliveredWrite(action, error);
    if (delivered === undefined) throw error;
    return delivered;
  });
  if ('output' in sent) {
    options.onDrift?.({ action: action.key, issues: sent.drift });
    return sent;
  }
  const { response } = sent;
  if (!isSuccess(response.status)) throw errorForResponse(sent.context, response, sent.retryAfterMs);

  const body = readBody(response.body);
  // A read that got no JSON did not work (a login page, a proxy, a cut-off reply); a write did, so it is not reported as failed.
  if (action.effect === 'read' && body.kind !== 'json') throw errorForBadBody(sent.context, response);
  const reply: Reply = { body, headers: response.headers, baseUrl: runtime.connection.baseUrl, requestUrl: wire.url };
  const shaped = checkOutput(action, validators, shapeOutput(action, runtime.manifest, reply, cursor), options);
  const result: RunResult = { output: shaped.output, drift: shaped.drift, status: response.status, attempts: sent.context.attempts };
  if (shaped.page !== undefined) result.page = shaped.page;
  return result;
}

/**
 * A write the API accepted (2xx) whose reply could not be read: it was delivered, so it is not
 * reported as a failure that would invite sending it again. The output is null, with the reason as drift.
 */
function deliveredWrite(action: ActionDefinition, error: unknown): RunResult | undefined {
  const delivered = action.effect === 'read' ? undefined : deliveredDespite(error);
  if (delivered === undefined) return undefined;
  const message = `${delivered.why}; the ${action.effect === 'write' ? 'write' : 'deletion'} was delivered (status ${delivered.status})`;
  return { output: null, drift: [{ path: '', rule: 'reply', message }], status: delivered.status, attempts: (error as { attempts: number }).attempts };
}

/**
 * One snapshot of the input, validated, is all the request is built from: its own enumerable JSON
 * data, read once (a getter cannot answer the validator one value and the request another), with
 * undefined members dropped (so `{name: undefined}` is no change) and nothing inherited.
 */
function validateInput(action: ActionDefinition, validators: ActionValidators, input: unknown): Record<string, unknown> {
  const snapshot = jsonSnapshot(action, input);
  if (snapshot === null || typeof snapshot !== 'object' || Array.isArray(snapshot)) {
    throw new InputValidationError(action.key, [{ path: '', rule: 'type', message: 'must be a JSON object' }]);
  }
  if (!validators.input(snapshot)) throw new InputValidationError(action.key, toIssues(validators.input.errors));
  return snapshot as Record<string, unknown>;
}

function jsonSnapshot(action: ActionDefinition, input: unknown): unknown {
  let text: string;
  try {
    text = toJsonText(input);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputValidationError(action.key, [{ path: '', rule: 'json', message: `must be JSON data (${why})` }]);
  }
  return JSON.parse(text) as unknown;
}

/** Adds the output schema's verdict to the drift and reports it; the output is kept as it is. */
export function checkOutput(action: ActionDefinition, validators: ActionValidators, shaped: ShapedOutput, options: RunOptions): ShapedOutput {
  const drift = validators.output(sampleForValidation(shaped.output)) ? shaped.drift : [...shaped.drift, ...toIssues(validators.output.errors)];
  if (drift.length > 0) options.onDrift?.({ action: action.key, issues: drift });
  return { ...shaped, drift };
}
