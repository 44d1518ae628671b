/**
 * @module What an action puts on the wire, as JSON Schemas: its path, query and header parameters
 * and its JSON body, derived from the request templates and the input schema (the template language
 * of request/template.ts, read backwards). References stay `#/$defs/<Name>`.
 */
import { pathPlaceholders } from '../catalogue/check-action.js';
import type { ActionDefinition, JsonSchema, Pagination, Template } from '../catalogue/types.js';

export interface WireParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

export interface WireRequest {
  parameters: WireParameter[];
  /** The JSON body, when the action sends one. */
  body?: { schema: JsonSchema; required: boolean };
}

/** Input fields as the template language sees them. */
interface InputFields {
  properties: Record<string, JsonSchema>;
  required: ReadonlySet<string>;
}

/** A template read backwards: the schema of what it renders, and whether it always renders something. */
interface Rendered {
  schema: JsonSchema;
  required: boolean;
}

/** The input's rules across fields, each a unit: if, then and else only hold together. */
const RULES = [['oneOf'], ['anyOf'], ['allOf'], ['not'], ['if', 'then', 'else'], ['dependentRequired']] as const;

export function wireRequest(action: ActionDefinition): WireRequest {
  const input = inputFields(action.inputSchema);
  const parameters: WireParameter[] = pathPlaceholders(action.request.path).map((name) => parameter(name, 'path', { schema: input.properties[name] ?? {}, required: true }));
  for (const [where, templates] of [['query', action.request.query], ['header', action.request.headers]] as const) {
    for (const [name, template] of Object.entries(templates ?? {})) parameters.push(parameter(name, where, readTemplate(template, input)));
  }
  const paging = action.pagination === undefined ? [] : pagingParameters(action.pagination);
  parameters.push(...paging.filter((extra) => !parameters.some((known) => known.in === 'query' && known.name === extra.name)));
  if (action.request.body === undefined) return { parameters };
  const body = readTemplate(action.request.body, input);
  return { parameters, body: { schema: withRootRules(body.schema, action.request.body, action.inputSchema), required: body.required } };
}

function inputFields(schema: JsonSchema): InputFields {
  return {
    properties: (schema['properties'] ?? {}) as Record<string, JsonSchema>,
    required: new Set((schema['required'] ?? []) as string[]),
  };
}

function parameter(name: string, where: WireParameter['in'], rendered: Rendered): WireParameter {
  const { description, ...schema } = rendered.schema;
  return { name, in: where, required: rendered.required, schema, ...(typeof description === 'string' ? { description } : {}) };
}

function readTemplate(template: Template, input: InputFields): Rendered {
  if (Array.isArray(template)) {
    return { schema: { type: 'array', prefixItems: template.map((item) => readTemplate(item, input).schema) }, required: true };
  }
  if (template === null || typeof template !== 'object') return { schema: { const: template }, required: true };
  const record = template as Record<string, unknown>;
  if (typeof record['$var'] === 'string') return readVar(record['$var'], input);
  if (Array.isArray(record['$inputExcept'])) {
    const excluded = new Set(record['$inputExcept'] as string[]);
    const properties = Object.fromEntries(Object.entries(input.properties).filter(([name]) => !excluded.has(name)));
    const required = [...input.required].filter((name) => !excluded.has(name));
    return { schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) }, required: true };
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, member] of Object.entries(record)) {
    const rendered = readTemplate(member, input);
    properties[name] = rendered.schema;
    if (rendered.required) required.push(name);
  }
  // An object template always renders an object, if only an empty one.
  return { schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) }, required: true };
}

/** `input.a.b`: the schema of that input field, present when every step of it is required. */
function readVar(path: string, input: InputFields): Rendered {
  const [, ...steps] = path.split('.');
  let fields = input;
  let schema: JsonSchema = {};
  let required = true;
  for (const step of steps) {
    schema = fields.properties[step] ?? {};
    required &&= fields.required.has(step);
    fields = inputFields(schema);
  }
  return { schema, required };
}

/**
 * The input's own rules across fields (exactly one of ttl and validUntil; at least one field to
 * change) hold for the body too when the body carries those fields under the same names.
 */
function withRootRules(body: JsonSchema, template: Template, inputSchema: JsonSchema): JsonSchema {
  const sameNames = sameNameFields(template, Object.keys(inputFields(inputSchema).properties));
  if (sameNames === undefined) return body;
  const rules: JsonSchema = {};
  for (const unit of RULES) {
    const parts = unit.filter((keyword) => inputSchema[keyword] !== undefined);
    if (parts.length === 0) continue;
    if (parts.every((keyword) => namesIn({ [keyword]: inputSchema[keyword] }).every((name) => sameNames.has(name)))) {
      for (const keyword of parts) rules[keyword] = inputSchema[keyword];
    }
  }
  const minProperties = inputSchema['minProperties'];
  if (typeof minProperties === 'number') {
    const dropped = [...((inputSchema['required'] ?? []) as string[])].filter((name) => !sameNames.has(name)).length;
    if (minProperties - dropped > 0) rules['minProperties'] = minProperties - dropped;
  }
  return { ...body, ...rules };
}

/** The input fields a body template copies under their own names, or undefined when it renames or nests. */
function sameNameFields(template: Template, inputNames: readonly string[]): Set<string> | undefined {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return undefined;
  const record = template as Record<string, unknown>;
  if (Array.isArray(record['$inputExcept'])) {
    const excluded = new Set(record['$inputExcept'] as string[]);
    return new Set(inputNames.filter((name) => !excluded.has(name)));
  }
  const names = new Set<string>();
  for (const [name, member] of Object.entries(record)) {
    const variable = (member as Record<string, unknown> | null)?.['$var'];
    if (variable !== `input.${name}`) return undefined;
    names.add(name);
  }
  return names;
}

/** Every property name a rule mentions (in `required` or `properties`, at any depth). */
function namesIn(rule: unknown, into: string[] = []): string[] {
  if (Array.isArray(rule)) rule.forEach((item) => namesIn(item, into));
  else if (rule !== null && typeof rule === 'object') {
    for (const [key, value] of Object.entries(rule)) {
      if (key === 'required' && Array.isArray(value)) into.push(...(value as string[]));
      else if (key === 'properties' && value !== null && typeof value === 'object') into.push(...Object.keys(value));
      else if (key === 'dependentRequired' && value !== null && typeof value === 'object') into.push(...Object.keys(value), ...Object.values(value).flat() as string[]);
      else namesIn(value, into);
    }
  }
  return into;
}

function pagingParameters(pagination: Pagination): WireParameter[] {
  const page = (name: string, schema: JsonSchema, description: string): WireParameter => ({ name, in: 'query', required: false, schema, description });
  switch (pagination.style) {
    case 'page-number':
      return [page(pagination.param, { type: 'integer', minimum: pagination.start }, `Page number, from ${pagination.start}. The connector's opaque cursor stands for it.`)];
    case 'cursor':
      return [page(pagination.param, { type: 'string' }, "The previous page's next-page token.")];
    case 'offset':
      return [
        page(pagination.offsetParam, { type: 'integer', minimum: 0 }, 'How many records to skip.'),
        ...(pagination.limitParam === undefined ? [] : [page(pagination.limitParam, { type: 'integer', minimum: 1 }, 'How many records a page holds.')]),
      ];
    case 'link-header':
      return [];
  }
}
