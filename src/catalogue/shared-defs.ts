/** @module Resolves `#/$defs/<Name>` references to the shared object schemas of connector/schemas.yaml. */
import type { JsonSchema } from './types.js';

const LOCAL_DEF = /^#\/\$defs\/([A-Za-z][A-Za-z0-9]*)$/;

/** Every `$ref` string anywhere in a schema. */
export function collectRefs(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else collectRefs(value, into);
    }
  }
  return into;
}

/** The shared schema name a ref points at, or undefined when it is not a `#/$defs/<Name>` ref. */
export function sharedDefName(ref: string): string | undefined {
  return LOCAL_DEF.exec(ref)?.[1];
}

/**
 * Returns a copy of `schema` whose `$defs` holds every shared schema it uses, directly or through
 * another shared schema, so that the result is self-contained. Unknown names are reported by the caller.
 */
export function withSharedDefs(schema: JsonSchema, shared: Record<string, JsonSchema>): JsonSchema {
  const needed = new Map<string, JsonSchema>();
  const pending = [...collectRefs(schema)];
  while (pending.length > 0) {
    const name = sharedDefName(pending.pop() as string);
    if (name === undefined || needed.has(name)) continue;
    const def = shared[name];
    if (def === undefined) continue;
    needed.set(name, def);
    pending.push(...collectRefs(def));
  }
  if (needed.size === 0) return structuredClone(schema);
  const own = (schema['$defs'] as Record<string, JsonSchema> | undefined) ?? {};
  const defs = Object.fromEntries([...needed.keys()].sort().map((name) => [name, structuredClone(needed.get(name))]));
  return { ...structuredClone(schema), $defs: { ...defs, ...structuredClone(own) } };
}
