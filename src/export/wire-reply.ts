/**
 * @module The success reply of an action as the API sends it, as a JSON Schema: the output schema
 * read backwards through runtime/shape-output.ts (the payload under the envelope, the members the
 * action merges in, the member that says another page exists). References stay `#/$defs/<Name>`.
 */
import type { ActionDefinition, ConnectorManifest, JsonSchema } from '../catalogue/types.js';

export function wireReply(action: ActionDefinition, manifest: ConnectorManifest): JsonSchema {
  const members: [string, JsonSchema, boolean][] = [[action.response.select ?? manifest.envelope.key, payloadSchema(action), true]];
  for (const [field, path] of Object.entries(action.response.include ?? {})) members.push([path, outputField(action.outputSchema, field) ?? {}, false]);
  const pagination = action.pagination;
  if (pagination?.style === 'page-number') members.push([pagination.hasMore, { description: 'Present and non-empty when another page exists.' }, false]);
  if (pagination?.style === 'cursor') members.push([pagination.next, { description: "The next page's token; absent or empty on the last page." }, false]);
  if (pagination?.style === 'offset') {
    if (pagination.hasMore !== undefined) members.push([pagination.hasMore, { description: 'True while more records follow.' }, false]);
    if (pagination.total !== undefined) members.push([pagination.total, { type: 'integer', minimum: 0, description: 'How many records there are in all.' }, false]);
  }
  const root: JsonSchema = { type: 'object' };
  for (const [path, schema, required] of members) place(root, path.split('.'), schema, required);
  return root;
}

/** Adds `schema` at the dotted path below `node`, making the objects on the way. */
function place(node: JsonSchema, steps: string[], schema: JsonSchema, required: boolean): void {
  const [step, ...rest] = steps as [string, ...string[]];
  const properties = (node['properties'] ??= {}) as Record<string, JsonSchema>;
  if (required) node['required'] = [...new Set([...((node['required'] ?? []) as string[]), step])];
  if (rest.length === 0) {
    properties[step] = schema;
    return;
  }
  place((properties[step] ??= { type: 'object' }), rest, schema, required);
}

/** What the envelope holds: the records of a list, or the output without the fields merged in from elsewhere. */
function payloadSchema(action: ActionDefinition): JsonSchema {
  const { $defs: _defs, ...output } = action.outputSchema;
  if (action.response.records === true) {
    const records = outputField(output, 'records');
    return { type: 'array', ...(records?.['items'] === undefined ? {} : { items: records['items'] }) };
  }
  const merged = Object.keys(action.response.include ?? {});
  return merged.length === 0 ? output : withoutFields(output, merged);
}

/** The schema of a top-level output field, from `properties` or from an `allOf` member's. */
function outputField(schema: JsonSchema, field: string): JsonSchema | undefined {
  const own = (schema['properties'] as Record<string, JsonSchema> | undefined)?.[field];
  if (own !== undefined) return own;
  for (const member of (schema['allOf'] ?? []) as JsonSchema[]) {
    const found = outputField(member, field);
    if (found !== undefined) return found;
  }
  return undefined;
}

function withoutFields(schema: JsonSchema, fields: readonly string[]): JsonSchema {
  const out: JsonSchema = { ...schema };
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (properties !== undefined) out['properties'] = Object.fromEntries(Object.entries(properties).filter(([name]) => !fields.includes(name)));
  if (Array.isArray(schema['required'])) out['required'] = (schema['required'] as string[]).filter((name) => !fields.includes(name));
  if (Array.isArray(schema['allOf'])) {
    // A member left with nothing to say is dropped.
    out['allOf'] = (schema['allOf'] as JsonSchema[])
      .map((member) => withoutFields(member, fields))
      .filter((member) => Object.keys(member).some((key) => key !== 'type' && key !== 'properties') || Object.keys((member['properties'] ?? {}) as object).length > 0);
  }
  return out;
}
