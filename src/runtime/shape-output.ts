/**
 * @module Turns a 2xx reply body into an action's output: removes the `{"result": ...}` envelope,
 * merges declared extra members, and for list actions reads the page (records and next cursor) with
 * the pagination strategy. Never throws on an unexpected shape: it passes the data through and reports
 * the difference as drift; a list reply that cannot be a page says so in its typed `page.error`.
 */
import { asBuffer } from '../as-buffer.js';
import type { Bytes, HttpHeaders } from '../bytes.js';
import type { ActionDefinition, ConnectorManifest } from '../catalogue/types.js';
import type { ValidationIssue } from '../errors/index.js';
import { readPage, unusablePage, type PageResult, type ReadPage } from '../pagination/read-page.js';
import { readPath } from '../request/template.js';

/** A reply body as read: parsed JSON, text that is not JSON, or nothing. */
export type ReplyBody = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'empty' };

export interface Reply {
  body: ReplyBody;
  headers: HttpHeaders;
  /** The base URL, which a next-page link must stay below. */
  baseUrl: string;
  /** The URL the reply answers, which relative links resolve against. */
  requestUrl: string;
}

export interface ShapedOutput {
  output: unknown;
  drift: ValidationIssue[];
  /** For a list action: the reply as a page. */
  page?: PageResult;
}

/** Reads bytes as JSON when they are JSON; an empty body is `empty`, anything else `text`. */
export function readBody(bytes: Bytes): ReplyBody {
  const text = asBuffer(bytes).toString('utf8');
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'text', text };
  }
}

export function shapeOutput(action: ActionDefinition, manifest: ConnectorManifest, reply: Reply, cursor: string | undefined): ShapedOutput {
  if (action.response.records === true) return shapeList(action, manifest, reply, cursor);
  const { body } = reply;
  if (body.kind === 'empty') return { output: null, drift: [] };
  // A 2xx reply that is not JSON is returned as text, not thrown: the request succeeded (a write may
  // have taken effect), so failing would invite a duplicate.
  if (body.kind === 'text') return { output: body.text, drift: [notJson()] };
  const drift: ValidationIssue[] = [];
  const payload = mergeIncluded(action, body.value, selectPayload(action, manifest, body.value, drift), drift);
  return { output: payload, drift };
}

function shapeList(action: ActionDefinition, manifest: ConnectorManifest, reply: Reply, cursor: string | undefined): ShapedOutput {
  const { body } = reply;
  let read: ReadPage;
  let shownCursor: string | undefined;
  if (body.kind === 'empty') read = unusablePage(action, 'empty', { path: '', rule: 'empty', message: 'reply has no body; expected a list of records' });
  else if (body.kind === 'text') read = unusablePage(action, 'not_json', notJson());
  else {
    const drift: ValidationIssue[] = [];
    const payload = mergeIncluded(action, body.value, selectPayload(action, manifest, body.value, drift), drift);
    read = readPage(action, payload, { body: body.value, headers: reply.headers, baseUrl: reply.baseUrl, requestUrl: reply.requestUrl }, cursor);
    shownCursor = read.page.cursor;
    const [missing] = drift;
    // A reply without the envelope is no page, whatever it holds.
    if (missing?.rule === 'envelope') read = { ...read, page: unusablePage(action, 'no_envelope', missing).page };
    read = { ...read, drift: [...drift, ...read.drift] };
  }
  const { records, page, drift } = read;
  return { output: shownCursor === undefined ? { records } : { records, cursor: shownCursor }, drift, page };
}

function selectPayload(action: ActionDefinition, manifest: ConnectorManifest, body: unknown, drift: ValidationIssue[]): unknown {
  const select = action.response.select ?? manifest.envelope.key;
  const payload = readPath(body, select);
  if (payload !== undefined) return payload;
  drift.push({ path: '', rule: 'envelope', message: `reply has no '${select}' member; passed through whole` });
  return body;
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

function notJson(): ValidationIssue {
  return { path: '', rule: 'json', message: 'reply is not JSON; returned as text' };
}
