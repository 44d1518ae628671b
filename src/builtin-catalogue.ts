/**
 * @module The catalogue that ships with the package: src/generated/catalogue/ (generated from
 * connector/ and actions/ by `npm run generate`, and copied next to the bundle by the build). Its
 * index holds the manifest and the action keys; each action is a file of its own, read on first use.
 */
import { readFileSync } from 'node:fs';
import { lazySource, type CatalogueSource } from './catalogue/source.js';
import type { ActionDefinition, ConnectorManifest, JsonSchema } from './catalogue/types.js';
import { bundledValidators, type PrecompiledValidators } from './validation/action-validators.js';

/** generated/catalogue/index.json */
export interface CatalogueIndex {
  manifest: ConnectorManifest;
  /** Every action key, sorted; each is generated/catalogue/actions/<key>.json. */
  actions: string[];
}

let cached: CatalogueSource | undefined;

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(`./generated/catalogue/${path}`, import.meta.url), 'utf8')) as T;
}

export function builtinSource(): CatalogueSource {
  if (cached === undefined) {
    const index = readJson<CatalogueIndex>('index.json');
    cached = lazySource({
      manifest: index.manifest,
      listCommand: `${index.manifest.key} list`,
      keys: index.actions,
      readAction: (key) => readJson<ActionDefinition>(`actions/${key}.json`),
      readSchemas: () => readJson<Record<string, JsonSchema>>('schemas.json'),
    });
  }
  return cached;
}

/** The validators the build precompiled for the built-in actions (none when running from source). */
export function builtinValidators(): PrecompiledValidators {
  return bundledValidators(import.meta.url);
}
