/**
 * @module How a reply differs from an output schema, field by field, without a single value of it:
 * required fields missing, JSON types that differ, formats that do not match, fields present that
 * the schema does not declare, and (as an observation) declared fields that were absent. Paths name
 * fields only (`records[].email`). An undeclared key is shown only when it looks like a field name
 * and recurs in two objects or more: a key seen once, or shaped like data (a name, an id, an
 * address), is only counted. The keys of free-form objects (custom fields) are never shown.
 */
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../catalogue/types.js';
import { sharedDefName } from '../catalogue/shared-defs.js';
import { createAjv } from '../validation/ajv.js';

export interface FieldDrift {
  /** Required by the schema, absent from the reply. */
  missing: PathCount[];
  /** Present with another JSON type than the schema's. */
  types: (PathCount & { expected: string; actual: string })[];
  /** Strings that do not match the schema's format. */
  formats: (PathCount & { format: string })[];
  /** Present in the reply, not declared by the schema: what turns an inferred schema into a confirmed one. */
  undeclared: (PathCount & { type: string })[];
  /** Undeclared keys not shown (seen in one object only, or shaped like data rather than a field name). */
  undeclaredNotShown: number;
  /** Observation, not drift: declared optional fields absent from `count` of the `of` objects that could hold them. */
  absent: (PathCount & { of: number })[];
}

export interface PathCount {
  path: string;
  /** In how many places (records) it was seen. */
  count: number;
}

/** Whether the reply matches the schema: nothing missing, retyped, misformatted or undeclared (absent optional fields are allowed). */
export function isEmptyDrift(drift: FieldDrift): boolean {
  return drift.missing.length + drift.types.length + drift.formats.length + drift.undeclared.length + drift.undeclaredNotShown === 0;
}

/** The JSON type of a value, in JSON Schema's words. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a key looks like an API's field name (lowerCamel or lower_snake, no long digit runs), not like data. */
export function looksLikeFieldName(key: string): boolean {
  return /^[a-z][a-zA-Z0-9]{0,39}$|^[a-z][a-z0-9]*(_[a-z0-9]+){1,5}$/.test(key) && !/[0-9]{3,}/.test(key) && !/^[0-9a-f]{12,}$/.test(key);
}

/** In how many objects an undeclared key must recur to be shown. */
const SHOWN_FROM = 2;

const formatValidators = new Map<string, ValidateFunction>();

function matchesFormat(format: string, value: string): boolean {
  let validate = formatValidators.get(format);
  if (validate === undefined) {
    try {
      validate = createAjv().compile({ type: 'string', format });
    } catch {
      return true; // A format the validator does not know says nothing.
    }
    formatValidators.set(format, validate);
  }
  return validate(value);
}

export function shapeDrift(value: unknown, schema: JsonSchema): FieldDrift {
  const defs = (schema['$defs'] ?? {}) as Record<string, JsonSchema>;
  const counts = new Map<string, { kind: keyof FieldDrift; entry: Record<string, unknown> }>();
  /** Per object path: how many objects were seen there, and how often each declared optional field was absent. */
  const objects = new Map<string, { seen: number; absent: Map<string, number> }>();
  const note = (kind: keyof FieldDrift, entry: Record<string, unknown>): void => {
    const id = `${kind}|${JSON.stringify(entry)}`;
    const known = counts.get(id);
    if (known === undefined) counts.set(id, { kind, entry: { ...entry, count: 1 } });
    else known.entry['count'] = (known.entry['count'] as number) + 1;
  };
  const resolve = (node: JsonSchema, depth = 0): JsonSchema => {
    const name = typeof node['$ref'] === 'string' ? sharedDefName(node['$ref']) : undefined;
    if (name === undefined || depth > 8) return withMemberType(node, depth);
    const { $ref: _ref, ...rest } = node;
    return { ...resolve(defs[name] ?? {}, depth + 1), ...rest };
  };
  /** A schema that is an allOf of others takes its type from them when it states none itself. */
  const withMemberType = (node: JsonSchema, depth: number): JsonSchema => {
    if (node['type'] !== undefined || !Array.isArray(node['allOf']) || depth > 8) return node;
    const typed = (node['allOf'] as JsonSchema[]).map((member) => resolve(member, depth + 1)['type']).find((type) => type !== undefined);
    return typed === undefined ? node : { ...node, type: typed };
  };
  const undeclared = new Map<string, { type: string; count: number; shown: boolean }>();
  /** The properties and required fields of a schema with its allOf members merged. */
  const objectParts = (node: JsonSchema): { properties: Record<string, JsonSchema>; required: string[]; extra: unknown } => {
    const parts = [node, ...((node['allOf'] ?? []) as JsonSchema[]).map((member) => resolve(member))];
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const part of parts) {
      Object.assign(properties, part['properties'] ?? {});
      required.push(...((part['required'] ?? []) as string[]));
    }
    return { properties, required, extra: node['additionalProperties'] };
  };
  const visit = (data: unknown, raw: JsonSchema | boolean, path: string): void => {
    if (typeof raw === 'boolean') return;
    const node = resolve(raw);
    const expected = node['type'] as string | string[] | undefined;
    const actual = jsonType(data);
    if (expected !== undefined) {
      const allowed = Array.isArray(expected) ? expected : [expected];
      const fits = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
      if (!fits) {
        note('types', { path: path || '(root)', expected: allowed.join('|'), actual });
        return;
      }
    }
    if (typeof data === 'string' && typeof node['format'] === 'string' && !matchesFormat(node['format'], data)) note('formats', { path: path || '(root)', format: node['format'] });
    if (Array.isArray(data)) {
      const items = node['items'];
      if (items !== undefined && typeof items === 'object') for (const item of data) visit(item, items as JsonSchema, `${path}[]`);
      return;
    }
    if (data === null || typeof data !== 'object') return;
    const { properties, required, extra } = objectParts(node);
    const record = data as Record<string, unknown>;
    for (const name of required) if (!Object.hasOwn(record, name)) note('missing', { path: join(path, name) });
    const tally = objects.get(path) ?? { seen: 0, absent: new Map<string, number>() };
    objects.set(path, tally);
    tally.seen++;
    for (const name of Object.keys(properties)) if (!required.includes(name) && !Object.hasOwn(record, name)) tally.absent.set(name, (tally.absent.get(name) ?? 0) + 1);
    const extraIsMap = extra !== undefined && typeof extra === 'object';
    // An object that declares no field at all is free-form (custom fields): its keys are the account's, never looked at.
    const freeForm = Object.keys(properties).length === 0;
    for (const [key, item] of Object.entries(record)) {
      if (Object.hasOwn(properties, key)) visit(item, properties[key] as JsonSchema, join(path, key));
      // A declared map (custom fields, UTM data): its keys are the account's, never shown.
      else if (extraIsMap) visit(item, extra as JsonSchema, join(path, '*'));
      else if (!freeForm) {
        const id = join(path, key);
        const known = undeclared.get(id);
        if (known === undefined) undeclared.set(id, { type: jsonType(item), count: 1, shown: looksLikeFieldName(key) });
        else known.count++;
      }
    }
  };
  visit(value, schema, '');
  const drift: FieldDrift = { missing: [], types: [], formats: [], undeclared: [], undeclaredNotShown: 0, absent: [] };
  for (const [path, tally] of objects) {
    for (const [name, absent] of tally.absent) drift.absent.push({ path: join(path, name), count: absent, of: tally.seen });
  }
  for (const [path, entry] of undeclared) {
    if (entry.shown && entry.count >= SHOWN_FROM) drift.undeclared.push({ path, type: entry.type, count: entry.count });
    else drift.undeclaredNotShown++;
  }
  for (const { kind, entry } of counts.values()) (drift[kind] as unknown[]).push(entry);
  for (const list of [drift.missing, drift.types, drift.formats, drift.undeclared, drift.absent] as PathCount[][]) list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return drift;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
