/**
 * @module The catalogue that ships with the package: src/generated/catalogue.json, generated from
 * connector/ and actions/ by `npm run generate` (and copied next to the bundle by the build).
 */
import { readFileSync } from 'node:fs';
import type { Catalogue } from './catalogue/types.js';
import { bundledValidators, type PrecompiledValidators } from './validation/action-validators.js';

let cached: Catalogue | undefined;

export function builtinCatalogue(): Catalogue {
  cached ??= JSON.parse(readFileSync(new URL('./generated/catalogue.json', import.meta.url), 'utf8')) as Catalogue;
  return cached;
}

/** The validators the build precompiled for the built-in actions (none when running from source). */
export function builtinValidators(): PrecompiledValidators {
  return bundledValidators(import.meta.url);
}
