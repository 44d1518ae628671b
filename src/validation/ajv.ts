/** @module The one ajv configuration used for action inputs, outputs and the meta-schemas. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// CommonJS module: its plugin is also exported as `default`, which is how NodeNext types see it.
const addFormats = addFormatsModule.default;

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
