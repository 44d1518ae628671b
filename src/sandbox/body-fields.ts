/** @module Which fields a request body may hold, read from the action's body template. */
import type { ActionDefinition } from '../catalogue/types.js';

/**
 * The member names the body template of `action` can produce at `path` (e.g. `chatEvent`, `params`):
 * the keys of an object template, or the input fields an `$inputExcept` template copies.
 */
export function bodyFields(action: ActionDefinition, ...path: string[]): string[] {
  let template: unknown = action.request.body;
  for (const step of path) template = isRecord(template) ? template[step] : undefined;
  if (!isRecord(template)) return [];
  const excepted = template['$inputExcept'];
  if (Array.isArray(excepted)) {
    const inputFields = Object.keys((action.inputSchema['properties'] ?? {}) as object);
    return inputFields.filter((name) => !excepted.includes(name));
  }
  return '$var' in template ? [] : Object.keys(template);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
