/** @module The one ajv configuration used for action inputs, outputs and the meta-schemas. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  // Keeps parentSchema on errors so an issue can quote the field's description as a hint.
  verbose: true,
} as const;

export function createAjv(extra: { code?: { source: true; esm: true } } = {}): Ajv2020 {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv);
  return ajv;
}
