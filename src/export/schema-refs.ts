/**
 * @module Moves an action's self-contained schemas into the form an export needs: references to
 * named schemas that live elsewhere (OpenAPI's components), or no references at all (Membrane).
 */
import { sharedDefName } from '../catalogue/shared-defs.js';
import type { JsonSchema } from '../catalogue/types.js';
import { ExportError } from '../errors/index.js';

/** Calls `visit` on every schema object below `node` and rebuilds it from what `visit` returns. */
export function mapSchema(node: unknown, visit: (schema: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => mapSchema(item, visit));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(visit(node as Record<string, unknown>))) {
    // Keys under `properties` and `$defs` are names, not keywords: map their values only.
    if ((key === 'properties' || key === '$defs' || key === 'patternProperties') && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, mapSchema(schema, visit)]));
    } else if (key === 'enum' || key === 'const' || key === 'examples' || key === 'default' || key === 'required') {
      out[key] = value;
    } else {
      out[key] = mapSchema(value, visit);
    }
  }
  return out;
}

/**
 * The schema without its `$defs`, its `#/$defs/<Name>` references pointing at `prefix + Name`; the
 * definitions are added to `into`. One name must mean one schema across every action.
 */
export function hoistDefs(schema: JsonSchema, prefix: string, into: Record<string, JsonSchema>, owner: string): JsonSchema {
  const defs = (schema['$defs'] ?? {}) as Record<string, JsonSchema>;
  for (const [name, def] of Object.entries(defs)) {
    const rewritten = repoint(def, prefix);
    const known = into[name];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(rewritten)) {
      throw new ExportError(`${owner} defines a schema '${name}' that differs from another of the same name; rename one.`);
    }
    into[name] = rewritten;
  }
  const { $defs: _defs, ...rest } = schema;
  return repoint(rest, prefix);
}

function repoint(schema: JsonSchema, prefix: string): JsonSchema {
  return mapSchema(schema, (node) => {
    const name = typeof node['$ref'] === 'string' ? sharedDefName(node['$ref']) : undefined;
    return name === undefined ? node : { ...node, $ref: `${prefix}${name}` };
  }) as JsonSchema;
}

/** The schema with every `#/$defs/<Name>` reference replaced by that definition, and no `$defs`. */
export function inlineDefs(schema: JsonSchema, owner: string): JsonSchema {
  const defs = (schema['$defs'] ?? {}) as Record<string, JsonSchema>;
  const expand = (node: JsonSchema, trail: readonly string[]): JsonSchema =>
    mapSchema(node, (current) => {
      const name = typeof current['$ref'] === 'string' ? sharedDefName(current['$ref']) : undefined;
      if (name === undefined) return current;
      const def = defs[name];
      if (def === undefined) throw new ExportError(`${owner} refers to '${String(current['$ref'])}', which it does not define.`);
      if (trail.includes(name)) throw new ExportError(`${owner}: the schema '${name}' refers to itself, which cannot be written without references.`);
      const { $ref: _ref, ...siblings } = current;
      return { ...(expand(def, [...trail, name]) as Record<string, unknown>), ...siblings };
    }) as JsonSchema;
  const { $defs: _defs, ...rest } = schema;
  return expand(rest, []);
}
