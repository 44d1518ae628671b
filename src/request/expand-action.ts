/**
 * @module Pure: expands an action's request templates against a validated input into a RequestPlan.
 * Knows nothing of paging (the pagination strategy applies the cursor afterwards) nor of the wire.
 */
import type { ActionDefinition } from '../catalogue/types.js';
import { InputValidationError } from '../errors/index.js';
import { fillPath } from './encode-path.js';
import type { RequestPlan } from './plan.js';
import { renderTemplate, type Input } from './template.js';
import { toJsonText } from '../json-text.js';

export function expandAction(action: ActionDefinition, input: Input): RequestPlan {
  const { request } = action;
  const plan: RequestPlan = {
    label: action.key,
    method: request.method,
    path: fillPath(action.key, request.path, input),
    query: toQuery(renderTemplate(request.query ?? {}, input) as Record<string, unknown>),
    headers: toHeaders(action.key, renderTemplate(request.headers ?? {}, input) as Record<string, unknown>),
    idempotent: action.idempotent,
  };
  if (request.body !== undefined) {
    const body = renderTemplate(request.body, input);
    if (body !== undefined) plan.body = { json: body };
  }
  return plan;
}

function toQuery(values: Record<string, unknown>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      pairs.push([name, typeof item === 'object' ? toJsonText(item) : String(item)]);
    }
  }
  return pairs;
}

function toHeaders(actionKey: string, values: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const text = typeof value === 'object' ? toJsonText(value) : String(value);
    if (/[\r\n\0]/.test(text)) {
      throw new InputValidationError(actionKey, [{ path: `/${name}`, rule: 'headerValue', message: 'must not contain line breaks' }]);
    }
    headers[name] = text;
  }
  return headers;
}
