/**
 * @module Invariants of an action file that a JSON Schema cannot express: the key matches the file,
 * every path placeholder and template variable names an input field, every $ref resolves.
 */
import { CatalogueError } from '../errors/index.js';
import { IDEMPOTENT_METHODS } from './http-methods.js';
import { CURSOR_FIELD, FIELDS_FIELD } from './reserved-fields.js';
import { collectRefs, sharedDefName, withSharedDefs } from './shared-defs.js';
import type {
  ActionDefinition,
  JsonSchema,
  LinkHeaderPagination,
  PageNumberPagination,
  Pagination,
  Template,
} from './types.js';

/** The raw file after it passed the meta-schema. */
export interface RawAction extends Omit<ActionDefinition, 'idempotent' | 'keywords' | 'utterances' | 'response' | 'file' | 'pagination'> {
  idempotent?: boolean;
  keywords?: string[];
  utterances?: string[];
  response?: ActionDefinition['response'];
  pagination?: RawPagination;
}

/** Pagination as written: the fields with defaults may be left out. */
type RawPagination =
  | (Omit<PageNumberPagination, 'start'> & { start?: number })
  | (Omit<LinkHeaderPagination, 'rel'> & { rel?: string })
  | Exclude<Pagination, PageNumberPagination | LinkHeaderPagination>;

const PLACEHOLDER = /\{([^{}]+)\}/g;

export function pathPlaceholders(path: string): string[] {
  return [...path.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

export function checkAction(
  raw: RawAction,
  file: string,
  keyFromFile: string,
  shared: Record<string, JsonSchema>,
): ActionDefinition {
  const fail = (field: string, reason: string): never => {
    throw new CatalogueError(file, field, reason);
  };
  if (raw.key !== keyFromFile) fail('/key', `must equal the file name '${keyFromFile}'`);
  if (raw.effect === 'read' && raw.request.method !== 'GET') fail('/effect', 'read actions must use GET');

  const properties = (raw.inputSchema['properties'] ?? {}) as Record<string, unknown>;
  const required = new Set((raw.inputSchema['required'] ?? []) as string[]);
  for (const name of pathPlaceholders(raw.request.path)) {
    if (!(name in properties)) fail('/request/path', `uses {${name}}, which is not an input field`);
    if (!required.has(name)) fail('/request/path', `uses {${name}}, which must be a required input field`);
  }
  if (/[{}]/.test(raw.request.path.replace(PLACEHOLDER, ''))) {
    fail('/request/path', 'has an unbalanced brace');
  }
  if (raw.request.path.split('/').some((segment) => segment === '.' || segment === '..')) {
    fail('/request/path', 'must not contain . or .. segments: a path stays below the base URL');
  }
  for (const [section, template] of Object.entries({
    query: raw.request.query,
    headers: raw.request.headers,
    body: raw.request.body,
  })) {
    checkTemplate(template, `/request/${section}`, properties, fail);
  }

  if (raw.pagination) {
    if (raw.response?.records !== true) fail('/pagination', 'needs response.records: true');
    if (!(CURSOR_FIELD in properties)) fail('/inputSchema/properties', `of a paginated action must declare ${CURSOR_FIELD}`);
  } else if (CURSOR_FIELD in properties) {
    fail(`/inputSchema/properties/${CURSOR_FIELD}`, 'is reserved for the page cursor of paginated actions');
  }
  for (const field of Object.keys(raw.verify?.input ?? {})) {
    if (!(field in properties)) fail(`/verify/input/${field}`, 'is not an input field');
  }
  if (raw.verify !== undefined && raw.effect !== 'read') fail('/verify', 'is for read actions only');
  if (FIELDS_FIELD in properties) fail(`/inputSchema/properties/${FIELDS_FIELD}`, 'is reserved: MCP read tools take it to keep only some fields of the output');
  checkRefs(raw.inputSchema, '/inputSchema', shared, fail);
  checkRefs(raw.outputSchema, '/outputSchema', shared, fail);

  const definition: ActionDefinition = {
    key: raw.key,
    name: raw.name,
    description: raw.description.trim(),
    effect: raw.effect,
    ...(raw.resource === undefined ? {} : { resource: raw.resource }),
    ...(raw.verify === undefined ? {} : { verify: raw.verify }),
    idempotent: raw.idempotent ?? IDEMPOTENT_METHODS.has(raw.request.method),
    evidence: raw.evidence,
    keywords: raw.keywords ?? [],
    utterances: raw.utterances ?? [],
    request: raw.request,
    response: raw.response ?? {},
    inputSchema: withSharedDefs(raw.inputSchema, shared),
    outputSchema: withSharedDefs(raw.outputSchema, shared),
    example: raw.example,
    file,
  };
  if (raw.pagination) definition.pagination = withDefaults(raw.pagination);
  return definition;
}

function withDefaults(pagination: RawPagination): Pagination {
  switch (pagination.style) {
    case 'page-number':
      return { ...pagination, start: pagination.start ?? 1 };
    case 'link-header':
      return { ...pagination, rel: pagination.rel ?? 'next' };
    default:
      return pagination;
  }
}

function checkTemplate(
  template: Template,
  field: string,
  properties: Record<string, unknown>,
  fail: (field: string, reason: string) => never,
): void {
  if (Array.isArray(template)) {
    template.forEach((item, index) => checkTemplate(item, `${field}/${index}`, properties, fail));
    return;
  }
  if (template === null || typeof template !== 'object') return;
  const record = template as Record<string, unknown>;
  if (typeof record['$var'] === 'string') {
    const [, first] = record['$var'].split('.');
    if (first !== undefined && !(first in properties)) fail(field, `refers to ${record['$var']}, which is not an input field`);
    return;
  }
  if (Array.isArray(record['$inputExcept'])) {
    for (const name of record['$inputExcept'] as string[]) {
      if (!(name in properties)) fail(field, `excludes '${name}', which is not an input field`);
    }
    return;
  }
  for (const [key, value] of Object.entries(record)) checkTemplate(value, `${field}/${key}`, properties, fail);
}

function checkRefs(
  schema: JsonSchema,
  field: string,
  shared: Record<string, JsonSchema>,
  fail: (field: string, reason: string) => never,
): void {
  const own = (schema['$defs'] ?? {}) as Record<string, unknown>;
  for (const ref of collectRefs(schema)) {
    const name = sharedDefName(ref);
    if (name === undefined) fail(field, `has $ref '${ref}'; only '#/$defs/<Name>' refs are supported`);
    else if (!(name in shared) && !(name in own)) {
      fail(field, `has $ref '${ref}', but there is no shared schema '${name}' (known: ${Object.keys(shared).join(', ')})`);
    }
  }
}
