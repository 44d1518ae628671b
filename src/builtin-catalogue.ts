/**
 * @module The catalogue that ships with the package: src/generated/catalogue/ (generated from
 * connector/ and actions/ by `npm run generate`, and copied next to the bundle by the build). Its
 * index holds the manifest and the action keys; each action is a file of its own, read on first use,
 * and so is search.json: the manifest's `search` section and the intent index built from it ahead of
 * time, which only intent search reads.
 */
import { readFileSync } from 'node:fs';
import type { SearchIndexData } from './catalogue/intent-index.js';
import { lazySource, type CatalogueSource } from './catalogue/source.js';
import type { ActionDefinition, ConnectorManifest, EventDefinition, JsonSchema, SearchSettings } from './catalogue/types.js';
import { bundledValidators, type PrecompiledValidators } from './validation/action-validators.js';

/** generated/catalogue/index.json */
export interface CatalogueIndex {
  /** Without `search`, which is generated/catalogue/search.json. */
  manifest: Omit<ConnectorManifest, 'search'>;
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
    let search: SearchFile | undefined;
    const searchFile = (): SearchFile => (search ??= readJson<SearchFile>('search.json'));
    const manifest = withLazySearch(index.manifest, () => searchFile().settings);
    cached = lazySource({
      manifest,
      listCommand: `${index.manifest.key} list`,
      keys: index.actions,
      readAction: (key) => readJson<ActionDefinition>(`actions/${key}.json`),
      readSchemas: () => readJson<Record<string, JsonSchema>>('schemas.json'),
      readEvents: () => readJson<EventDefinition[]>('events.json'),
      readSearchIndex: () => searchFile().index,
    });
  }
  return cached;
}

/** generated/catalogue/search.json */
export interface SearchFile {
  settings: SearchSettings;
  index: SearchIndexData;
}

/** The manifest, whose `search` section is read from its own file when first asked for. */
function withLazySearch(manifest: Omit<ConnectorManifest, 'search'>, settings: () => SearchSettings): ConnectorManifest {
  return Object.defineProperty(manifest, 'search', { enumerable: true, get: settings }) as ConnectorManifest;
}

/** The validators the build precompiled for the built-in actions (none when running from source). */
export function builtinValidators(): PrecompiledValidators {
  return bundledValidators(import.meta.url);
}
