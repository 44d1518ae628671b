/**
 * @module The one ajv configuration used for action inputs, outputs and the meta-schemas. ajv is
 * loaded on the first call, not when the library is imported: a program that only runs the built-in
 * actions (with their precompiled validators) never loads it.
 */
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';

const load = createRequire(import.meta.url);

export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  // Keeps parentSchema on errors so an issue can quote the field's description as a hint.
  verbose: true,
} as const;

export function createAjv(extra: { code?: { source: true; esm: true } } = {}): Ajv2020 {
  const { Ajv2020: Ajv } = load('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // CommonJS module: its plugin is also exported as `default`.
  const addFormats = (load('ajv-formats') as typeof import('ajv-formats')).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv);
  return ajv;
}
