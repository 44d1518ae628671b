/**
 * @module The input schema an MCP host is shown for an action: one flat object, which every host and
 * model API accepts. References are inlined; a combinator at the root (`oneOf`, `anyOf`, `allOf`) is
 * folded into plain optional properties and its rule said in words; `if`/`then`/`else`/`not` at the
 * root are dropped the same way. The strict schema still validates every call: the published one only
 * describes it.
 */
import { sharedDefName } from '../catalogue/shared-defs.js';
import type { JsonSchema } from '../catalogue/types.js';

/** Keywords that identify or annotate a schema document rather than describe the input. */
const DOCUMENT_KEYWORDS = ['$schema', '$id', '$defs', '$comment', 'definitions'];
const CONDITIONALS = ['if', 'then', 'else', 'not'];
/** A shared schema that refers back to itself is cut off at this depth. */
const MAX_DEPTH = 8;

export function publishedInputSchema(schema: JsonSchema): JsonSchema & { type: 'object' } {
  const defs = (schema['$defs'] ?? {}) as Record<string, JsonSchema>;
  const inlined = inline(schema, defs, 0) as JsonSchema;
  const properties = { ...((inlined['properties'] ?? {}) as Record<string, JsonSchema>) };
  let required = [...((inlined['required'] ?? []) as string[])];
  const rules: string[] = [];

  for (const branch of (inlined['allOf'] ?? []) as JsonSchema[]) {
    addProperties(properties, branch);
    required = [...new Set([...required, ...((branch['required'] ?? []) as string[])])];
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = inlined[keyword] as JsonSchema[] | undefined;
    if (branches === undefined) continue;
    for (const branch of branches) addProperties(properties, branch);
    rules.push(alternativesRule(keyword, branches));
  }
  if (CONDITIONALS.some((keyword) => keyword in inlined)) rules.push('Rules across fields are checked on call.');

  const published: JsonSchema & { type: 'object' } = { type: 'object' };
  const description = [inlined['description'], ...rules].filter((text): text is string => typeof text === 'string' && text !== '').join(' ');
  if (description !== '') published['description'] = description;
  published['properties'] = properties;
  if (required.length > 0) published['required'] = required;
  for (const [keyword, value] of Object.entries(inlined)) {
    if (['type', 'description', 'properties', 'required', 'allOf', 'oneOf', 'anyOf', ...CONDITIONALS, ...DOCUMENT_KEYWORDS].includes(keyword)) continue;
    published[keyword] = value;
  }
  return published;
}

/** A copy with every `#/$defs/<Name>` reference replaced by the definition, and document keywords left out. */
function inline(node: unknown, defs: Record<string, JsonSchema>, depth: number): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, defs, depth));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof $ref === 'string') {
    const name = sharedDefName($ref);
    const target = name === undefined ? undefined : defs[name];
    if (target !== undefined && depth < MAX_DEPTH) Object.assign(out, inline(target, defs, depth + 1));
  }
  for (const [key, value] of Object.entries(rest)) {
    if (DOCUMENT_KEYWORDS.includes(key)) continue;
    out[key] = inline(value, defs, depth);
  }
  return out;
}

/** Adds a branch's properties that the root does not define yet (a branch often only names them: `{ttl: true}`). */
function addProperties(properties: Record<string, JsonSchema>, branch: JsonSchema): void {
  for (const [name, schema] of Object.entries((branch['properties'] ?? {}) as Record<string, JsonSchema | boolean>)) {
    if (!(name in properties) && typeof schema === 'object') properties[name] = schema;
  }
}

function alternativesRule(keyword: 'oneOf' | 'anyOf', branches: readonly JsonSchema[]): string {
  const sets = branches.map((branch) => (branch['required'] ?? []) as string[]);
  if (sets.every((set) => set.length > 0)) {
    const options = sets.map((set) => set.join(' and '));
    return keyword === 'oneOf' ? `Give exactly one of: ${options.join('; ')}.` : `Give at least one of: ${options.join('; ')}.`;
  }
  return `The input must also match ${keyword === 'oneOf' ? 'exactly one' : 'at least one'} of ${branches.length} alternative shapes (see describe_action or \`describe\`).`;
}
