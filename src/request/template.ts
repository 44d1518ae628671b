/**
 * @module Renders the declarative templates of an action's query, headers and body against the input.
 * The language is data only: `{$var: "input.a.b"}` reads a value, `{$inputExcept: [...]}` copies the input
 * without the named fields, everything else is a literal. A value that resolves to nothing is left out.
 */
import type { Template } from '../catalogue/types.js';

export type Input = Record<string, unknown>;

export function renderTemplate(template: Template, input: Input): unknown {
  if (Array.isArray(template)) {
    return template.map((item) => renderTemplate(item, input)).filter((item) => item !== undefined);
  }
  if (template === null || typeof template !== 'object') return template;
  const record = template as Record<string, unknown>;
  if (typeof record['$var'] === 'string') return readVar(record['$var'], input);
  if (Array.isArray(record['$inputExcept'])) {
    const excluded = new Set(record['$inputExcept'] as string[]);
    return Object.fromEntries(Object.entries(input).filter(([key, value]) => !excluded.has(key) && value !== undefined));
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const rendered = renderTemplate(value, input);
    if (rendered !== undefined) out[key] = rendered;
  }
  return out;
}

/** `input.a.b` -> input.a.b, or undefined when any step is missing. */
function readVar(path: string, input: Input): unknown {
  const [root, ...steps] = path.split('.');
  if (root !== 'input') return undefined;
  let value: unknown = input;
  for (const step of steps) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** Reads a dotted path (`links.next`) from a reply body; undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
