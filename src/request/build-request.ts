/** @module Pure: turns an action and a validated input into the HTTP request to send. No I/O. */
import type { ActionDefinition, HttpMethod } from '../catalogue/types.js';
import { InputValidationError } from '../errors.js';
import { cursorOf, pageRequest } from '../pagination/strategies.js';
import { fillPath } from './encode-path.js';
import { renderTemplate, type Input } from './template.js';

export interface PlannedRequest {
  method: HttpMethod;
  /** Percent-encoded path below the base URL, starting with `/`. */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  /** JSON body; absent when the action sends none. */
  body?: unknown;
}

export function buildRequest(action: ActionDefinition, input: Input): PlannedRequest {
  const { request } = action;
  const query = toQuery(renderTemplate(request.query ?? {}, input) as Record<string, unknown>);
  let planned: PlannedRequest = {
    method: request.method,
    path: fillPath(action.key, request.path, input),
    query,
    headers: toHeaders(action.key, renderTemplate(request.headers ?? {}, input) as Record<string, unknown>),
  };
  if (request.body !== undefined) {
    const body = renderTemplate(request.body, input);
    if (body !== undefined) planned.body = body;
  }
  if (action.pagination) planned = pageRequest(action.pagination, cursorOf(input), planned, action.key);
  return planned;
}

function toQuery(values: Record<string, unknown>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      pairs.push([name, typeof item === 'object' ? JSON.stringify(item) : String(item)]);
    }
  }
  return pairs;
}

function toHeaders(actionKey: string, values: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (/[\r\n\0]/.test(text)) {
      throw new InputValidationError(actionKey, [
        { path: `/${name}`, rule: 'headerValue', message: 'must not contain line breaks' },
      ]);
    }
    headers[name] = text;
  }
  return headers;
}
