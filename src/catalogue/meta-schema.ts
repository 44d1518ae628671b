/** @module Checks a parsed connector or action file against its meta-schema (a JSON Schema in connector/). */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { CatalogueError } from '../errors/index.js';
import { createAjv } from '../validation/ajv.js';
import type { SchemaError } from '../validation/issues.js';

export type MetaSchemaCheck = (value: unknown, displayName: string) => void;

/** Compiles the meta-schema at `schemaPath` and returns a check that throws a CatalogueError naming the field. */
export function compileMetaSchema(schemaPath: string): MetaSchemaCheck {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const validate: ValidateFunction = createAjv().compile(schema);
  return (value, displayName) => {
    if (validate(value)) return;
    const error = mostSpecific(validate.errors ?? []);
    throw new CatalogueError(displayName, fieldOf(error), reasonOf(error));
  };
}

/** The error deepest in the document: under anyOf/oneOf it names the real culprit. */
function mostSpecific(errors: readonly SchemaError[]): SchemaError {
  let best = errors[0] as SchemaError;
  for (const error of errors) {
    const depth = fieldOf(error).split('/').length;
    if (depth > fieldOf(best).split('/').length) best = error;
  }
  return best;
}

function fieldOf(error: SchemaError): string {
  if (error.keyword === 'required') return `${error.instancePath}/${String(error.params['missingProperty'])}`;
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${String(error.params['additionalProperty'])}`;
  }
  return error.instancePath;
}

function reasonOf(error: SchemaError): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of ${(error.params['allowedValues'] as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(error.params['allowedValue'])}`;
    default:
      return error.message ?? 'is invalid';
  }
}
