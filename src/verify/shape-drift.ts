/**
 * @module How a reply differs from an output schema, field by field, without a single value of it:
 * required fields missing, JSON types that differ, formats that do not match, and fields present
 * that the schema does not declare. Paths name fields only (`records[].email`); a key that could be
 * data (an id, an address, anything but a plain identifier) is shown as a short hash, and the keys
 * of maps the schema declares (custom fields) are never shown.
 */
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../catalogue/types.js';
import { sharedDefName } from '../catalogue/shared-defs.js';
import { createAjv } from '../validation/ajv.js';

export interface FieldDrift {
  /** Required by the schema, absent from the reply. */
  missing: PathCount[];
  /** Declared (not required), yet absent from every one of three or more objects that could hold it: perhaps misnamed. */
  neverSeen: PathCount[];
  /** Present with another JSON type than the schema's. */
  types: (PathCount & { expected: string; actual: string })[];
  /** Strings that do not match the schema's format. */
  formats: (PathCount & { format: string })[];
  /** Present in the reply, not declared by the schema: what turns an inferred schema into a confirmed one. */
  undeclared: (PathCount & { type: string })[];
}

export interface PathCount {
  path: string;
  /** In how many places (records) it was seen. */
  count: number;
}

/** Whether the reply breaks the schema or leaves a declared field out everywhere (undeclared fields are news, not drift). */
export function isEmptyDrift(drift: FieldDrift): boolean {
  return drift.missing.length + drift.neverSeen.length + drift.types.length + drift.formats.length === 0;
}

/** The JSON type of a value, in JSON Schema's words. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A key as the report may show it: a plain identifier as is, anything that could be data as a hash. */
export function safeKey(key: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/.test(key) && !/[0-9]{4,}/.test(key) && !/^[0-9a-f]{12,}$/i.test(key);
  return plain ? key : `#${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

/** How many objects must lack a declared field before it counts as never present. */
const NEVER_SEEN_AMONG = 3;

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
    if (name === undefined || depth > 8) return node;
    const { $ref: _ref, ...rest } = node;
    return { ...resolve(defs[name] ?? {}, depth + 1), ...rest };
  };
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
    for (const [key, item] of Object.entries(record)) {
      if (Object.hasOwn(properties, key)) visit(item, properties[key] as JsonSchema, join(path, key));
      // A declared map (custom fields, UTM data): its keys are the account's, never shown.
      else if (extra !== undefined && typeof extra === 'object') visit(item, extra as JsonSchema, join(path, '*'));
      // An object that declares no field at all is free-form (custom fields): its keys are the account's, never shown.
      else if (Object.keys(properties).length > 0) note('undeclared', { path: join(path, safeKey(key)), type: jsonType(item) });
    }
  };
  visit(value, schema, '');
  const drift: FieldDrift = { missing: [], neverSeen: [], types: [], formats: [], undeclared: [] };
  // Only across several objects does a field's absence say something: one object may just not have it.
  for (const [path, tally] of objects) {
    if (tally.seen < NEVER_SEEN_AMONG) continue;
    for (const [name, absent] of tally.absent) if (absent === tally.seen) drift.neverSeen.push({ path: join(path, name), count: absent });
  }
  for (const { kind, entry } of counts.values()) (drift[kind] as unknown[]).push(entry);
  for (const list of Object.values(drift) as PathCount[][]) list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return drift;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
