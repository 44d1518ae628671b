/** @module Turns ajv errors into ValidationIssue data with plain messages. */
import type { ValidationIssue } from '../errors/index.js';

/** The subset of ajv's ErrorObject that issues are made from. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: unknown;
}

export function toIssues(errors: readonly SchemaError[] | null | undefined): ValidationIssue[] {
  if (!errors) return [];
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  // "must match the then/else schema" only sums up the errors inside that branch, which are reported themselves.
  const summaries = errors.length > 1 ? new Set(['if']) : new Set<string>();
  for (const error of errors) {
    if (summaries.has(error.keyword)) continue;
    const issue = toIssue(error);
    const id = `${issue.path}|${issue.rule}|${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}

function toIssue(error: SchemaError): ValidationIssue {
  const { keyword, params } = error;
  let path = error.instancePath;
  let message = error.message ?? 'is invalid';
  let hint = describe(error.parentSchema);
  switch (keyword) {
    case 'additionalProperties':
      path = `${path}/${escape(String(params['additionalProperty']))}`;
      message = 'is not a known field';
      hint = knownFields(error.parentSchema);
      break;
    case 'required':
      path = `${path}/${escape(String(params['missingProperty']))}`;
      message = 'is required';
      hint = describe(propertySchema(error.parentSchema, String(params['missingProperty'])));
      break;
    case 'type':
      message = `must be of type ${String(params['type']).replace(/,/g, ' or ')}`;
      break;
    case 'pattern':
      message = `must match the pattern ${String(params['pattern'])}`;
      break;
    case 'enum':
      message = `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'minProperties':
      message = `must have at least ${String(params['limit'])} fields`;
      break;
    case 'format':
      message = `must be a valid ${String(params['format'])}`;
      break;
    default:
      break;
  }
  return hint === undefined ? { path, rule: keyword, message } : { path, rule: keyword, message, hint };
}

function describe(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const description = (schema as { description?: unknown }).description;
  return typeof description === 'string' ? description : undefined;
}

function knownFields(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  const names = Object.keys(properties ?? {});
  return names.length > 0 ? `Known fields: ${names.join(', ')}.` : 'No fields are accepted here.';
}

function propertySchema(schema: unknown, name: string): unknown {
  if (schema === null || typeof schema !== 'object') return undefined;
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  return properties?.[name];
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
