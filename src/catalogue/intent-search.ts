/** @module `rankActions`: intent search over any catalogue in memory (the index is built once per action list). */
import { buildSearchIndex, IntentIndex, type RankOptions } from './intent-index.js';
import type { ActionDefinition, ConnectorManifest, SearchSettings } from './types.js';

export type { RankOptions } from './intent-index.js';

export interface RankedAction {
  action: ActionDefinition;
  /** BM25F relevance; comparable between the results of one request only. */
  score: number;
}

/** What intent search needs of a catalogue: a `Connector` or a loaded `Catalogue` will do. */
export interface Searchable {
  readonly manifest: ConnectorManifest;
  readonly actions: readonly ActionDefinition[];
}

const INDEXES = new WeakMap<readonly ActionDefinition[], { search: SearchSettings | undefined; index: IntentIndex }>();

/**
 * The actions relevant to `intent`, best first (ties by key); those below the manifest's relevance
 * floor are left out. Pass a connector or a catalogue: a bare list of actions (the form of earlier
 * versions) is searched without the manifest's synonyms, stop words and floor.
 */
export function rankActions(catalogue: Searchable | readonly ActionDefinition[], intent: string, options: RankOptions = {}): RankedAction[] {
  const actions = Array.isArray(catalogue) ? (catalogue as readonly ActionDefinition[]) : (catalogue as Searchable).actions;
  const search = Array.isArray(catalogue) ? undefined : (catalogue as Searchable).manifest.search;
  let cached = INDEXES.get(actions);
  if (cached === undefined || cached.search !== search) {
    cached = { search, index: new IntentIndex(buildSearchIndex(actions, search), search) };
    INDEXES.set(actions, cached);
  }
  const byKey = new Map(actions.map((action) => [action.key, action]));
  return cached.index.rank(intent, options).map(({ key, score }) => ({ action: byKey.get(key) as ActionDefinition, score }));
}
