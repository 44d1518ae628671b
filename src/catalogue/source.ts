/**
 * @module Where a connector finds its actions. A source knows the manifest and the action keys up
 * front, and reads an action's definition only when it is asked for, so that a command that runs one
 * action never parses the others.
 */
import { ActionNotFoundError } from '../errors/index.js';
import { buildSearchIndex, IntentIndex, type SearchIndexData } from './intent-index.js';
import { nearestKeys } from './nearest-keys.js';
import type { ActionDefinition, Catalogue, ConnectorManifest, EventDefinition, JsonSchema } from './types.js';

export interface CatalogueSource {
  readonly manifest: ConnectorManifest;
  /** Every action key, sorted. */
  readonly keys: readonly string[];
  /** One action; throws ERR_ACTION_NOT_FOUND, with the nearest keys, for an unknown key. */
  action(key: string): ActionDefinition;
  /** Every action, sorted by key (reads them all). */
  actions(): readonly ActionDefinition[];
  /** The whole catalogue, shared schemas and events included (reads everything). */
  catalogue(): Catalogue;
  /** The webhook events, sorted by name (read on first use). */
  events(): readonly EventDefinition[];
  /** Intent search over the actions (built on first use, unless the source holds one built ahead of time). */
  intentIndex(): IntentIndex;
}

/** Reads the definitions a source holds, each once. */
export interface CatalogueFiles {
  manifest: ConnectorManifest;
  /** The command that lists the actions, named in the error for an unknown key (the CLI's, for the built-in catalogue). */
  listCommand?: string;
  keys: readonly string[];
  readAction(key: string): ActionDefinition;
  readSchemas(): Record<string, JsonSchema>;
  /** The webhook events; none when the source has no reader for them. */
  readEvents?(): EventDefinition[];
  /** The intent index built ahead of time for these very actions and the manifest's search settings, if any. */
  readSearchIndex?(): SearchIndexData;
}

export function lazySource(files: CatalogueFiles): CatalogueSource {
  const loaded = new Map<string, ActionDefinition>();
  const known = new Set(files.keys);
  let all: readonly ActionDefinition[] | undefined;
  let whole: Catalogue | undefined;
  let index: IntentIndex | undefined;
  let events: EventDefinition[] | undefined;
  const readEvents = (): EventDefinition[] => (events ??= files.readEvents?.() ?? []);
  const action = (key: string): ActionDefinition => {
    if (!known.has(key)) throw new ActionNotFoundError(key, nearestKeys(files.keys, key), files.listCommand);
    let definition = loaded.get(key);
    if (definition === undefined) {
      definition = files.readAction(key);
      loaded.set(key, definition);
    }
    return definition;
  };
  const actions = (): readonly ActionDefinition[] => (all ??= files.keys.map(action));
  return {
    manifest: files.manifest,
    keys: files.keys,
    action,
    actions,
    catalogue: () => (whole ??= { manifest: files.manifest, actions: [...actions()], schemas: files.readSchemas(), events: readEvents() }),
    events: readEvents,
    // Its code is small and stays in the start-up bundle: a chunk of its own would cost more to load than to parse.
    intentIndex: () => (index ??= new IntentIndex(files.readSearchIndex?.() ?? buildSearchIndex(actions(), files.manifest.search), files.manifest.search)),
  };
}

/** A source over a catalogue already in memory (e.g. from loadCatalogue). */
export function catalogueSource(catalogue: Catalogue): CatalogueSource {
  const byKey = new Map(catalogue.actions.map((action) => [action.key, action]));
  return lazySource({
    manifest: catalogue.manifest,
    keys: [...byKey.keys()].sort(),
    readAction: (key) => byKey.get(key) as ActionDefinition,
    readSchemas: () => catalogue.schemas,
    readEvents: () => catalogue.events,
  });
}
