/**
 * @module Turns a 2xx reply body into an action's output: removes the `{"result": ...}` envelope,
 * merges declared extra members, wraps list payloads as `{records, cursor?}`. Never throws on an
 * unexpected shape: it passes the data through and reports the difference as drift.
 */
import type { ActionDefinition, ConnectorManifest } from '../catalogue/types.js';
import { PaginationError, type ValidationIssue } from '../errors.js';
import { strategyFor, type PageReply } from '../pagination/strategies.js';
import { readPath } from '../request/template.js';

export interface ShapedOutput {
  output: unknown;
  drift: ValidationIssue[];
}

export interface Reply {
  body: unknown;
  headers: PageReply['headers'];
  baseUrl: string;
  requestUrl: string;
}

export function shapeOutput(
  action: ActionDefinition,
  manifest: ConnectorManifest,
  reply: Reply,
  cursor: string | undefined,
): ShapedOutput {
  const drift: ValidationIssue[] = [];
  if (reply.body === undefined) {
    if (action.response.records !== true) return { output: null, drift };
    drift.push({ path: '', rule: 'empty', message: 'reply has no body; expected a list of records' });
    return { output: { records: [] }, drift };
  }

  const select = action.response.select ?? manifest.envelope.key;
  let payload = readPath(reply.body, select);
  if (payload === undefined) {
    drift.push({ path: '', rule: 'envelope', message: `reply has no '${select}' member; passed through whole` });
    payload = reply.body;
  }
  payload = mergeIncluded(action, reply.body, payload, drift);
  if (action.response.records !== true) return { output: payload, drift };

  let records: unknown[];
  if (Array.isArray(payload)) records = payload;
  else {
    drift.push({ path: '/records', rule: 'records', message: `expected an array of records, got ${typeOf(payload)}` });
    records = payload === null || payload === undefined ? [] : [payload];
  }
  let next: string | undefined;
  try {
    next = action.pagination ? strategyFor(action.pagination).nextCursor(action.pagination, cursor, { ...reply, records }) : undefined;
  } catch (error) {
    // The records are fine; only the way to the next page is not: say so and keep the page.
    if (!(error instanceof PaginationError)) throw error;
    drift.push({ path: '/cursor', rule: 'next-page', message: error.message });
  }
  return { output: next === undefined ? { records } : { records, cursor: next }, drift };
}

function mergeIncluded(action: ActionDefinition, body: unknown, payload: unknown, drift: ValidationIssue[]): unknown {
  const include = action.response.include;
  if (include === undefined) return payload;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    drift.push({ path: '', rule: 'type', message: `expected an object to merge ${Object.keys(include).join(', ')} into` });
    return payload;
  }
  const merged: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const [field, path] of Object.entries(include)) {
    const value = readPath(body, path);
    if (value !== undefined) merged[field] = value;
  }
  return merged;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * A 2xx reply that is not JSON. It is returned as text, not thrown: the request succeeded (a write
 * may have taken effect), so failing would invite a duplicate.
 */
export function textOutput(action: ActionDefinition, text: string): ShapedOutput {
  const drift: ValidationIssue[] = [{ path: '', rule: 'json', message: 'reply is not JSON; returned as text' }];
  return action.response.records === true ? { output: { records: [] }, drift } : { output: text, drift };
}
