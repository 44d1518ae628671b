/**
 * @module The catalogue as Membrane action exports (`actions/<key>/spec.yaml`): an
 * `api-request-to-external-app` action per connector action, its request templates written as
 * Membrane's request mapping (formulas over `$.input`), its schemas without references and with
 * string-only enums (what Membrane's data schemas accept), and what Membrane has no field for (the
 * side effect, the evidence, paging, how the reply is read) in `meta`.
 */
import { pathPlaceholders } from '../catalogue/check-action.js';
import type { ActionDefinition, Catalogue, JsonSchema, Template } from '../catalogue/types.js';
import { inlineDefs, mapSchema } from './schema-refs.js';
import { wireReply } from './wire-reply.js';

export type MembraneActionSpec = Record<string, unknown> & { key: string; type: 'api-request-to-external-app' };

export function toMembraneActions(catalogue: Catalogue, version: string): MembraneActionSpec[] {
  return catalogue.actions.map((action) => membraneAction(action, catalogue, version));
}

function membraneAction(action: ActionDefinition, catalogue: Catalogue, version: string): MembraneActionSpec {
  const { request } = action;
  const inputNames = Object.keys((action.inputSchema['properties'] ?? {}) as object);
  const pathParameters = Object.fromEntries(pathPlaceholders(request.path).map((name) => [name, inputVar(name)]));
  const mapping: Record<string, unknown> = { method: request.method, path: request.path };
  if (Object.keys(pathParameters).length > 0) mapping['pathParameters'] = pathParameters;
  if (request.query !== undefined) mapping['query'] = toFormula(request.query, inputNames);
  if (request.headers !== undefined) mapping['headers'] = toFormula(request.headers, inputNames);
  if (request.body !== undefined) mapping['data'] = toFormula(request.body, inputNames);
  const owner = action.file;
  return {
    key: action.key,
    name: action.name,
    description: action.description,
    type: 'api-request-to-external-app',
    inputSchema: membraneSchema(action.inputSchema, owner),
    config: {
      request: mapping,
      responseSchema: membraneSchema({ ...wireReply(action, catalogue.manifest), $defs: action.outputSchema['$defs'] ?? {} }, owner),
    },
    customOutputSchema: membraneSchema(action.outputSchema, owner),
    meta: {
      effect: action.effect,
      idempotent: action.idempotent,
      evidence: action.evidence,
      ...(action.resource === undefined ? {} : { resource: action.resource }),
      // How the connector turns the reply into the output schema above; Membrane's own output mapping is left to the importer.
      response: { envelope: action.response.select ?? catalogue.manifest.envelope.key, ...(action.response.include === undefined ? {} : { include: action.response.include }), records: action.response.records === true },
      ...(action.pagination === undefined ? {} : { pagination: action.pagination }),
      generatedBy: `${catalogue.manifest.key}-connector ${version}`,
    },
  };
}

function inputVar(path: string): { $var: string } {
  return { $var: `$.input.${path}` };
}

/** The connector's template language as Membrane formulas: `$var` paths below `$.input`, `$inputExcept` spelled out field by field. */
function toFormula(template: Template, inputNames: readonly string[]): unknown {
  if (Array.isArray(template)) return template.map((item) => toFormula(item, inputNames));
  if (template === null || typeof template !== 'object') return template;
  const record = template as Record<string, unknown>;
  if (typeof record['$var'] === 'string') return inputVar(record['$var'].replace(/^input\./, ''));
  if (Array.isArray(record['$inputExcept'])) {
    const excluded = new Set(record['$inputExcept'] as string[]);
    return Object.fromEntries(inputNames.filter((name) => !excluded.has(name)).map((name) => [name, inputVar(name)]));
  }
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, toFormula(value, inputNames)]));
}

/**
 * A schema as Membrane's data schemas take it: no references (definitions written in place), enums
 * of strings only (any other enum becomes an `anyOf` of `const`s, which says the same), and no
 * boolean schemas. The runtime's schema is untouched.
 */
export function membraneSchema(schema: JsonSchema, owner: string): JsonSchema {
  const noBooleans = (node: unknown): unknown => {
    if (node === true) return {};
    if (node === false) return { not: {} };
    return node;
  };
  return mapSchema(inlineDefs(schema, owner), (node) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value !== null && typeof value === 'object') out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, noBooleans(sub)]));
      else if (key === 'items' || key === 'additionalProperties' || key === 'not') out[key] = key === 'additionalProperties' && typeof value === 'boolean' ? value : noBooleans(value);
      else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf' || key === 'prefixItems') && Array.isArray(value)) out[key] = value.map(noBooleans);
      else out[key] = value;
    }
    const values = out['enum'];
    if (!Array.isArray(values) || values.every((value) => typeof value === 'string')) return out;
    const { enum: _enum, anyOf, ...rest } = out;
    const choices = values.map((value) => ({ const: value }));
    // An anyOf already there must hold as well: keep both, side by side under allOf.
    return anyOf === undefined ? { ...rest, anyOf: choices } : { ...rest, allOf: [...((rest['allOf'] as unknown[] | undefined) ?? []), { anyOf }, { anyOf: choices }] };
  }) as JsonSchema;
}
